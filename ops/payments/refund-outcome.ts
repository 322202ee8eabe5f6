import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Db } from '../../db/client.js';
import { type Approval, findApproval, mergeApprovalResult } from '../../db/queries/approvals.js';
import { markProcessed } from '../../db/queries/processed-events.js';
import { type OrderStatus, orders } from '../../db/schema/index.js';
import { orderCodeOf } from '../approvals/index.js';
import { audit } from '../audit/index.js';
import { handCaseToStaff } from '../cases/index.js';
import { TicketopsError } from '../errors.js';
import { formatMoney, storeBuyerReply, t } from '../replies/index.js';
import { type Effect, idOf, lockOrderForPayment, type OrderRow } from './order-effects.js';

/** The refund's approval is still being committed: the outcome arrives before the commit
 * recorded the refund. Thrown so the webhook answers 500 and Stripe delivers it again later,
 * when the approval is `executed`. */
export class RefundNotRecordedYet extends TicketopsError {}

const FAILED = new Set(['failed', 'canceled']);

/** `refund.updated`, `refund.failed`, `charge.refund.updated`: what became of a refund after
 * it was created. Banks can refuse a refund days later (closed card, lost account).
 *
 * - A refund of an approval that failed: the approval's result says so, the order gets the
 *   money back on its books (refunded amount and status corrected), the case goes back to
 *   staff and the buyer is told a person follows up. Tickets the refund voided stay void
 *   until a person decides: restoring them silently could admit someone twice.
 * - A refund of an approval that succeeded after the buyer was told it is with the bank:
 *   the buyer is told it went through.
 * - A failed refund made outside Ticketops (the dashboard): the order is corrected once per
 *   refund id and audited.
 * Each outcome is written once, whichever of the three event types arrives first. */
export async function applyRefundOutcome(
  db: Db,
  eventId: string,
  refund: Stripe.Refund,
): Promise<Effect> {
  const status = refund.status ?? 'pending';
  if (status !== 'succeeded' && !FAILED.has(status)) {
    return { status: 'ignored', reason: `refund ${refund.id} is still ${status}` };
  }
  const order = await lockOrderForPayment(db, {
    chargeId: idOf(refund.charge),
    paymentIntentId: idOf(refund.payment_intent),
  });
  if (!order) return { status: 'ignored', reason: 'no order for this payment' };
  const approvalId = refund.metadata?.approval_id;
  const approval = approvalId ? await findApproval(db, approvalId) : undefined;
  if (!approval) {
    if (!FAILED.has(status)) {
      return {
        status: 'ignored',
        reason: 'a refund made outside Ticketops; charge.refunded records it',
      };
    }
    if (!(await markProcessed(db, 'stripe-refund-failed', refund.id))) {
      return { status: 'ignored', reason: `refund ${refund.id} failure already recorded` };
    }
    await giveBack(
      db,
      { order, refund, eventId },
      {
        action: 'order.refund_failed',
        subject: order.id,
        details: { amountMinor: refund.amount },
      },
    );
    return { status: 'applied', effect: `refund ${refund.id} ${status}`, orderId: order.id };
  }
  if (approval.status !== 'executed') {
    throw new RefundNotRecordedYet(
      `refund ${refund.id}: approval ${approval.id} is ${approval.status}, not executed yet`,
    );
  }
  const before = String(approval.result?.stripeStatus ?? 'pending');
  if (before === status || (FAILED.has(before) && FAILED.has(status))) {
    return { status: 'ignored', reason: `refund ${refund.id} already recorded as ${before}` };
  }
  const money = formatMoney(refund.amount, refund.currency.toUpperCase(), 'en');
  const orderCode = orderCodeOf(approval.payload);
  if (FAILED.has(status)) {
    return refundFailed(db, { eventId, refund, approval, order, orderCode });
  }
  await mergeApprovalResult(db, approval.id, { stripeStatus: status });
  await audit(db, {
    actor: 'stripe',
    action: 'approval.refund_succeeded',
    subject: approval.id,
    details: { stripeEventId: eventId, refundId: refund.id, order: order.id },
  });
  // Told "with the bank" at commit: now it went through. Told "on its way": nothing new.
  const replyId =
    before === 'succeeded'
      ? undefined
      : await storeBuyerReply(db, approval.caseId, (locale) =>
          t(locale, 'refund_completed', {
            amount: formatMoney(refund.amount, refund.currency.toUpperCase(), locale),
            orderCode,
          }),
        );
  return {
    status: 'applied',
    effect: `refund ${refund.id} of ${money} succeeded`,
    orderId: order.id,
    followUp: { replyIds: [replyId] },
  };
}

async function refundFailed(
  db: Db,
  p: {
    eventId: string;
    refund: Stripe.Refund;
    approval: Approval;
    order: OrderRow;
    orderCode: string;
  },
): Promise<Effect> {
  const { refund, approval, order } = p;
  await mergeApprovalResult(db, approval.id, {
    stripeStatus: refund.status,
    failureReason: refund.failure_reason ?? null,
  });
  await giveBack(
    db,
    { order, refund, eventId: p.eventId },
    {
      action: 'approval.refund_failed',
      subject: approval.id,
      details: { order: order.id, failureReason: refund.failure_reason ?? null },
    },
  );
  await handCaseToStaff(db, {
    caseId: approval.caseId,
    why: 'refund_failed',
    subject: approval.id,
  });
  const replyId = await storeBuyerReply(db, approval.caseId, (locale) =>
    t(locale, 'refund_failed', {
      amount: formatMoney(refund.amount, refund.currency.toUpperCase(), locale),
      orderCode: p.orderCode,
    }),
  );
  return {
    status: 'applied',
    effect: `refund ${refund.id} ${refund.status}: order corrected, case handed to staff`,
    orderId: order.id,
    followUp: { replyIds: [replyId] },
  };
}

/** The money of a failed refund is back with the organizer: the order's books say so, and
 * the audit row names the refund, the Stripe event and where the books stand now. */
async function giveBack(
  db: Db,
  p: { order: OrderRow; refund: Stripe.Refund; eventId: string },
  audited: { action: string; subject: string; details: Record<string, unknown> },
) {
  const { order, refund } = p;
  const refundedMinor = Math.max(0, order.refundedMinor - refund.amount);
  const keeps = order.status === 'disputed' || order.status === 'canceled';
  const status: OrderStatus = keeps
    ? order.status
    : refundedMinor === 0
      ? 'paid'
      : 'partially_refunded';
  await db.update(orders).set({ refundedMinor, status }).where(eq(orders.id, order.id));
  await audit(db, {
    actor: 'stripe',
    action: audited.action,
    subject: audited.subject,
    details: {
      stripeEventId: p.eventId,
      refundId: refund.id,
      ...audited.details,
      orderRefundedMinor: refundedMinor,
      orderStatus: status,
    },
  });
}
