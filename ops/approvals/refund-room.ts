import type { Db } from '../../db/client.js';
import type { Approval } from '../../db/queries/approvals.js';
import {
  lockOrder,
  markMoneyRequested,
  reservedRefundMinor,
} from '../../db/queries/money-approvals.js';
import { loadOrderFacts } from '../../db/queries/orders.js';
import { formatMoney } from '../replies/index.js';
import type { ApprovalDeps } from './approval-deps.js';
import { holdOf, holdReason, holdStops } from './hold.js';
import { refundVerdict } from './refund-verdict.js';

export type RefundRoom = { ok: true } | { ok: false; reason: string };

/** The last check before a commit pays money back, under the order row lock: the risk hold,
 * then the refund policy over what the order was already paid back (refunds made since the
 * approval, by the dashboard or another approval, count), judged for the window the buyer
 * asked in (`approval.createdAt`). Passing marks the approval `money_requested_at` in the
 * same transaction, so its amount is spoken for from then on. */
export async function reserveRefund(
  deps: ApprovalDeps,
  approval: Approval,
  amountMinor: number,
): Promise<RefundRoom> {
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    if (!approval.orderId || !(await lockOrder(db, approval.orderId))) {
      return { ok: false, reason: 'the order no longer exists' };
    }
    const facts = await loadOrderFacts(db, approval.orderId);
    if (!facts) return { ok: false, reason: 'the order no longer exists' };
    const hold = holdOf(facts.openReview?.hold);
    if (holdStops(hold, approval, approval.edit) && !approval.holdOverriddenBy) {
      return { ok: false, reason: `${holdReason(hold)}; a supervisor may approve over it` };
    }
    const reserved = await reservedRefundMinor(db, approval.orderId, approval.id);
    const verdict = refundVerdict(deps.policy, {
      order: facts.order,
      tickets: facts.tickets,
      doorsAt: facts.event.doorsAt,
      now: approval.createdAt,
      heldForReview: false,
      reservedMinor: reserved,
    });
    const money = (minor: number) => formatMoney(minor, facts.order.currency, 'en');
    if (!verdict.eligible) {
      return { ok: false, reason: `the refund policy allows no refund now: ${verdict.reason}` };
    }
    if (amountMinor > verdict.amountMinor) {
      return {
        ok: false,
        reason: `the refund policy allows ${money(verdict.amountMinor)} more on this order (${money(facts.order.refundedMinor + reserved)} already refunded or on its way); this approval asks ${money(amountMinor)}`,
      };
    }
    await markMoneyRequested(db, approval.id);
    return { ok: true };
  });
}
