import type { Db } from '../../db/client.js';
import { type Approval, transition } from '../../db/queries/approvals.js';
import { findOrderById } from '../../db/queries/orders.js';
import { audit } from '../audit/index.js';
import { formatMoney, sendStoredReplies, storeBuyerReply, t } from '../replies/index.js';
import { type ApprovalDeps, orderCodeOf, ticketIdsOf } from './approval-deps.js';
import { type CommitOutcome, CommitRefused, failCommit, skipped } from './fail-commit.js';
import { type RefundMoney, refundMoney } from './money.js';
import { applyRefundToOrder } from './order-refund.js';
import { reserveRefund } from './refund-room.js';

/** Carries out an approved `refund_commit` that this job holds in `executing`: the policy and
 * hold re-checked under the order lock (`reserveRefund`, once per approval), then the money (Stripe, found-or-created at most once; or recorded for a manual payout), then one
 * transaction that writes the approval, the order, the tickets and the audit row, guarded by
 * `status = 'executing'` so a replay after a crash writes nothing twice. */
export async function commitRefund(deps: ApprovalDeps, approval: Approval): Promise<CommitOutcome> {
  const order = approval.orderId ? await findOrderById(deps.db, approval.orderId) : undefined;
  if (!order) return failCommit(deps, approval, 'the order of this refund no longer exists');
  const amountMinor = approval.amountMinor ?? 0;
  if (amountMinor <= 0) return failCommit(deps, approval, 'the approval names no amount');
  if (!approval.moneyRequestedAt) {
    const room = await reserveRefund(deps, approval, amountMinor);
    if (!room.ok) return failCommit(deps, approval, room.reason);
  }
  const moved = await refundMoney(deps, approval, order, amountMinor);
  if (!moved.ok) return failCommit(deps, approval, moved.reason);
  try {
    return await recordRefund(deps, approval, moved.money, ticketIdsOf(approval.payload));
  } catch (error) {
    if (error instanceof CommitRefused) return failCommit(deps, approval, error.message);
    throw error;
  }
}

/** The one transaction after the money moved; shared with cancel_tickets edits. */
export async function recordRefund(
  deps: ApprovalDeps,
  approval: Approval,
  money: RefundMoney,
  ticketIds: string[],
  extra: { replyKey?: 'order_edit_done' } = {},
): Promise<CommitOutcome> {
  const result = resultOf(money);
  const done = await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const row = await transition(db, {
      id: approval.id,
      from: 'executing',
      to: 'executed',
      result,
    });
    if (!row) return undefined;
    const applied = await applyRefundToOrder(db, { orderId: approval.orderId!, money, ticketIds });
    if (!applied.ok) {
      // Stripe cannot have said yes here (it refuses over-refunds); a manual payout can.
      throw new CommitRefused(applied.reason);
    }
    await audit(db, {
      actor: 'system',
      action: 'approval.executed',
      subject: approval.id,
      details: {
        kind: approval.kind,
        order: approval.orderId,
        ...result,
        orderRefundedMinor: applied.refundedMinor,
        orderStatus: applied.status,
        voidedTickets: applied.voided.length,
      },
    });
    const orderCode = orderCodeOf(approval.payload);
    const reply = await storeBuyerReply(db, approval.caseId, (locale) => {
      const amount = formatMoney(money.amountMinor, approval.currency ?? 'EUR', locale);
      if (extra.replyKey) return t(locale, extra.replyKey, { orderCode });
      if (money.method === 'manual_payout') {
        return t(locale, 'refund_approved_manual', { amount, orderCode });
      }
      // "Refunded" only once Stripe says it succeeded; a pending refund is with the bank, and
      // its outcome webhook tells the buyer how it ended (webhook-refund-outcome.ts).
      return money.stripeStatus === 'succeeded'
        ? t(locale, 'refund_approved', { amount, orderCode })
        : t(locale, 'refund_processing', { amount, orderCode });
    });
    return { reply };
  });
  if (!done) return skipped(deps, approval.id);
  await sendStoredReplies(deps, [done.reply]);
  deps.log.info({ approvalId: approval.id, ...result }, 'approvals: refund committed');
  return { outcome: 'executed', result };
}

function resultOf(money: RefundMoney): Record<string, unknown> {
  return money.method === 'stripe'
    ? {
        method: 'stripe',
        refundId: money.refundId,
        amountMinor: money.amountMinor,
        stripeStatus: money.stripeStatus,
        reconciled: money.reconciled,
      }
    : {
        method: 'manual_payout',
        refundId: null,
        amountMinor: money.amountMinor,
        payout: money.payout,
      };
}
