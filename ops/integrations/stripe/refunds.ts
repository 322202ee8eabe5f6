import type Stripe from 'stripe';
import { ExternalServiceError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { callStripe } from './stripe-client.js';

export type StripeRefund = {
  refundId: string;
  status: string;
  amountMinor: number;
  /** Stripe's running total refunded on the payment after this refund: the charge's
   * `amount_refunded` when it could be read, else the sum of the payment's live refunds */
  chargeRefundedMinor: number;
  /** true when the refund already existed (a retry after a crash), false when created now */
  found: boolean;
};

/** Refund statuses that moved (or are moving) money; failed and canceled ones gave it back. */
const LIVE_REFUND = new Set(['pending', 'succeeded', 'requires_action']);

/** Refunds one approval's amount on a payment intent, at most once however often it runs.
 * First it looks for a refund carrying this approval's id in its metadata, through every page
 * (covers retries after Stripe's 24 h idempotency window); only if there is none does it
 * create one, with the approval's idempotency key (covers a retry whose first request's answer
 * was lost). Transient Stripe failures throw a retryable ExternalServiceError; 4xx a permanent
 * one, except where an earlier run may already have created the refund (`mayExist`): then a
 * refused look-up is retried rather than read as "no refund", since only Stripe knows.
 * Once the refund exists, nothing after it can turn it into a refusal: the follow-up charge
 * read is best effort (a restricted key may not read charges). */
export async function findOrCreateStripeRefund(
  stripe: Stripe,
  p: {
    approvalId: string;
    idempotencyKey: string;
    paymentIntentId: string;
    amountMinor: number;
    mayExist?: boolean;
    log?: Logger;
  },
): Promise<StripeRefund> {
  let existing: Stripe.Refund[];
  try {
    existing = await callStripe('refunds.list', () =>
      stripe.refunds
        .list({ payment_intent: p.paymentIntentId, limit: 100 })
        .autoPagingToArray({ limit: 10_000 }),
    );
  } catch (error) {
    if (p.mayExist && error instanceof ExternalServiceError && !error.retryable) {
      throw new ExternalServiceError(
        'stripe',
        `refunds.list refused after a refund may have been created; retrying: ${error.message}`,
        true,
        error.context,
        { cause: error },
      );
    }
    throw error;
  }
  let refund = existing.find((r) => r.metadata?.approval_id === p.approvalId);
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
  const ours = refund;
  const others = existing
    .filter((r) => r.id !== ours.id && LIVE_REFUND.has(r.status ?? ''))
    .reduce((sum, r) => sum + r.amount, 0);
  return {
    refundId: refund.id,
    status: refund.status ?? 'pending',
    amountMinor: refund.amount,
    chargeRefundedMinor:
      (await chargeRefundedMinor(stripe, refund, p.log)) ?? others + refund.amount,
    found,
  };
}

/** The charge's running total is what the charge.refunded webhook applies too, so whichever
 * of the two lands first, the order ends up with the same refunded amount. Undefined when it
 * cannot be read: the refund stands all the same. */
async function chargeRefundedMinor(
  stripe: Stripe,
  refund: Stripe.Refund,
  log: Logger | undefined,
): Promise<number | undefined> {
  const chargeId = typeof refund.charge === 'string' ? refund.charge : refund.charge?.id;
  if (!chargeId) return undefined;
  try {
    const charge = await callStripe('charges.retrieve', () => stripe.charges.retrieve(chargeId));
    return charge.amount_refunded;
  } catch (error) {
    log?.warn(
      { err: error, refundId: refund.id, chargeId },
      'approvals: charge read after refund failed; using the refund list total',
    );
    return undefined;
  }
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
