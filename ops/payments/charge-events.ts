import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Db } from '../../db/client.js';
import { type OrderStatus, orders } from '../../db/schema/index.js';
import { audit } from '../audit/index.js';
import {
  type Effect,
  idOf,
  lockOrderForPayment,
  type OrderRow,
  raiseRiskReview,
  voidValidTickets,
} from './order-effects.js';

const NO_ORDER: Effect = { status: 'ignored', reason: 'no order for this payment' };

/** `charge.refunded`: Stripe's `amount_refunded` is the running total, so applying it is
 * idempotent and order-independent (the larger of ours and Stripe's wins). A fully refunded
 * order's tickets are voided. A disputed or canceled order keeps its status. */
export async function applyChargeRefunded(
  db: Db,
  eventId: string,
  charge: Stripe.Charge,
): Promise<Effect> {
  const order = await lockOrderForPayment(db, {
    chargeId: charge.id,
    paymentIntentId: idOf(charge.payment_intent),
  });
  if (!order) return NO_ORDER;
  const refunded = charge.refunded
    ? order.totalMinor
    : Math.max(order.refundedMinor, Math.min(charge.amount_refunded, order.totalMinor));
  const full = refunded >= order.totalMinor;
  const status = keepsStatus(order)
    ? order.status
    : refunded === 0
      ? order.status
      : full
        ? 'refunded'
        : 'partially_refunded';
  await db
    .update(orders)
    .set({ refundedMinor: refunded, status, stripeChargeId: order.stripeChargeId ?? charge.id })
    .where(eq(orders.id, order.id));
  const voided = full ? await voidValidTickets(db, order.id) : 0;
  await audit(db, {
    actor: 'stripe',
    action: 'order.refund_recorded',
    subject: order.id,
    details: {
      stripeEventId: eventId,
      chargeId: charge.id,
      refundedMinor: refunded,
      status,
      voided,
    },
  });
  return {
    status: 'applied',
    effect: `refunded ${refunded} of ${order.totalMinor}`,
    orderId: order.id,
  };
}

/** `charge.dispute.created`: the buyer's bank is taking the money back. The order shows as
 * disputed and a supervisor gets a risk review; a fraud claim holds everything (the person
 * at the door is likely not the cardholder), any other reason holds refunds (refunding a
 * disputed charge loses the money twice). */
export const applyDisputeCreated = aboutPaidOrder<Stripe.Dispute>(
  async (db, eventId, dispute, order) => {
    await db.update(orders).set({ status: 'disputed' }).where(eq(orders.id, order.id));
    const reviewId = await raiseRiskReview(
      db,
      order.id,
      { rule: 'stripe_dispute', reason: `chargeback opened: ${dispute.reason}`, weight: 100 },
      dispute.reason === 'fraudulent' ? 'all' : 'refunds',
    );
    await audit(db, {
      actor: 'stripe',
      action: 'order.dispute_opened',
      subject: order.id,
      details: {
        stripeEventId: eventId,
        disputeId: dispute.id,
        reason: dispute.reason,
        amountMinor: dispute.amount,
        riskReviewId: reviewId,
      },
    });
    return { status: 'applied', effect: 'order disputed, risk review opened', orderId: order.id };
  },
);

/** `charge.dispute.closed`. Won (or an inquiry closed without a chargeback): the money stays,
 * the order is paid again (or partially refunded if it was). Lost: the money is gone, so the
 * order counts as fully refunded and its unused tickets are void; the chargeback itself stays
 * visible in the risk review and the audit log. The review is left for the supervisor. */
export const applyDisputeClosed = aboutPaidOrder<Stripe.Dispute>(
  async (db, eventId, dispute, order) => {
    const outcome = dispute.status;
    let status: OrderStatus;
    let refundedMinor = order.refundedMinor;
    let voided = 0;
    if (outcome === 'won' || outcome === 'warning_closed') {
      status = order.refundedMinor > 0 ? 'partially_refunded' : 'paid';
    } else if (outcome === 'lost') {
      status = 'refunded';
      refundedMinor = order.totalMinor;
      voided = await voidValidTickets(db, order.id);
    } else {
      return { status: 'ignored', reason: `dispute closed with status ${outcome}` };
    }
    if (order.status !== 'disputed' && outcome !== 'lost') status = order.status;
    await db.update(orders).set({ status, refundedMinor }).where(eq(orders.id, order.id));
    await audit(db, {
      actor: 'stripe',
      action: 'order.dispute_closed',
      subject: order.id,
      details: { stripeEventId: eventId, disputeId: dispute.id, outcome, status, voided },
    });
    return { status: 'applied', effect: `dispute ${outcome}, order ${status}`, orderId: order.id };
  },
);

/** `radar.early_fraud_warning.created`: the card issuer reports the payment as fraud, usually
 * days before a dispute. A risk review opens holding refunds, edits and check-in until a
 * supervisor looks (refunding now can head off the dispute; that is their call). */
export const applyEarlyFraudWarning = aboutPaidOrder<Stripe.Radar.EarlyFraudWarning>(
  async (db, eventId, warning, order) => {
    const reviewId = await raiseRiskReview(
      db,
      order.id,
      {
        rule: 'stripe_early_fraud_warning',
        reason: `card issuer reported fraud: ${warning.fraud_type}`,
        weight: 80,
      },
      'all',
    );
    await audit(db, {
      actor: 'stripe',
      action: 'order.early_fraud_warning',
      subject: order.id,
      details: {
        stripeEventId: eventId,
        warningId: warning.id,
        fraudType: warning.fraud_type,
        riskReviewId: reviewId,
      },
    });
    return { status: 'applied', effect: 'risk review opened with hold', orderId: order.id };
  },
);

type AboutPayment = {
  charge: string | { id: string } | null;
  payment_intent?: string | { id: string } | null;
};

/** Wraps the handler of a Stripe object about a payment (a dispute, a fraud warning): it
 * finds and locks the order that payment paid, and ignores the event when there is none. */
function aboutPaidOrder<T extends AboutPayment>(
  apply: (db: Db, eventId: string, object: T, order: OrderRow) => Promise<Effect>,
) {
  return async (db: Db, eventId: string, object: T): Promise<Effect> => {
    const order = await lockOrderForPayment(db, {
      chargeId: idOf(object.charge),
      paymentIntentId: idOf(object.payment_intent),
    });
    return order ? apply(db, eventId, object, order) : NO_ORDER;
  };
}

/** Statuses a refund event does not overwrite: a dispute is the louder fact, and a canceled
 * order was settled by staff. */
function keepsStatus(order: OrderRow): boolean {
  return order.status === 'disputed' || order.status === 'canceled';
}
