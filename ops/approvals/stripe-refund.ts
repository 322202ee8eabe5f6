import type Stripe from 'stripe';
import { ExternalServiceError } from '../errors.js';
import { callStripe } from '../integrations/stripe/client.js';

export type StripeRefund = {
  refundId: string;
  status: string;
  amountMinor: number;
  /** Stripe's running total refunded on the charge after this refund, when known */
  chargeRefundedMinor: number | null;
  /** true when the refund already existed (a retry after a crash), false when created now */
  found: boolean;
};

/** Refunds one approval's amount on a payment intent, at most once however often it runs.
 * First it looks for a refund carrying this approval's id in its metadata (covers retries
 * after Stripe's 24 h idempotency window); only if there is none does it create one, with the
 * approval's idempotency key (covers a retry whose first request's answer was lost).
 * Transient Stripe failures throw a retryable ExternalServiceError; 4xx a permanent one. */
export async function findOrCreateStripeRefund(
  stripe: Stripe,
  p: { approvalId: string; idempotencyKey: string; paymentIntentId: string; amountMinor: number },
): Promise<StripeRefund> {
  const existing = await callStripe('refunds.list', () =>
    stripe.refunds.list({ payment_intent: p.paymentIntentId, limit: 100 }),
  );
  let refund = existing.data.find((r) => r.metadata?.approval_id === p.approvalId);
  const found = refund !== undefined;
  refund ??= await callStripe('refunds.create', () =>
    stripe.refunds.create(
      {
        payment_intent: p.paymentIntentId,
        amount: p.amountMinor,
        metadata: { approval_id: p.approvalId },
      },
      { idempotencyKey: p.idempotencyKey },
    ),
  );
  if (refund.status === 'failed' || refund.status === 'canceled') {
    throw new ExternalServiceError(
      'stripe',
      `refund ${refund.id} ${refund.status}${refund.failure_reason ? `: ${refund.failure_reason}` : ''}`,
      false,
      { refundId: refund.id },
    );
  }
  const chargeId = typeof refund.charge === 'string' ? refund.charge : refund.charge?.id;
  // The charge's running total is what the charge.refunded webhook applies too, so whichever
  // of the two lands first, the order ends up with the same refunded amount.
  const charge = chargeId
    ? await callStripe('charges.retrieve', () => stripe.charges.retrieve(chargeId))
    : undefined;
  return {
    refundId: refund.id,
    status: refund.status ?? 'pending',
    amountMinor: refund.amount,
    chargeRefundedMinor: charge ? charge.amount_refunded : null,
    found,
  };
}

/** A sentence staff can act on, from a permanent Stripe failure; `what` names the thing
 * Stripe refused ("the refund", "the upgrade payment link"). */
export function readableStripeFailure(error: ExternalServiceError, what = 'the refund'): string {
  const status = error.context.statusCode;
  const code = error.context.code;
  const cause = error.cause instanceof Error ? error.cause.message : error.message;
  const label = [status ? `HTTP ${status}` : undefined, code].filter(Boolean).join(' ');
  return `Stripe refused ${what}${label ? ` (${label})` : ''}: ${cause}`;
}
