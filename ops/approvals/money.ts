import type { Approval } from '../../db/queries/approvals.js';
import type { OrderRow } from '../../db/queries/orders.js';
import { ExternalServiceError } from '../errors.js';
import { findOrCreateStripeRefund, readableStripeFailure } from '../integrations/stripe/index.js';
import type { ApprovalDeps } from './approval-deps.js';

/** How the money of a refund moved, as recorded in the approval result and the audit log. */
export type RefundMoney =
  | {
      method: 'stripe';
      refundId: string;
      amountMinor: number;
      stripeStatus: string;
      chargeRefundedMinor: number;
      reconciled: boolean;
    }
  /** No Stripe key, or an order not paid through Stripe (imported, bank transfer): nothing
   * was paid out. The refund is recorded as owed, for a person to pay out by hand. */
  | { method: 'manual_payout'; refundId: null; amountMinor: number; payout: 'to_be_paid_by_hand' };

export type MoneyOutcome = { ok: true; money: RefundMoney } | { ok: false; reason: string };

/** Moves (or, without Stripe, records as owed) `amountMinor` back to the buyer of `order` for
 * this approval. Retryable Stripe failures are thrown for the job engine to retry; a Stripe
 * refusal comes back as a reason. Call it only after `reserveRefund` passed for the approval. */
export async function refundMoney(
  deps: ApprovalDeps,
  approval: Approval,
  order: OrderRow,
  amountMinor: number,
): Promise<MoneyOutcome> {
  if (!deps.stripe || !order.stripePaymentIntentId) {
    return {
      ok: true,
      money: { method: 'manual_payout', refundId: null, amountMinor, payout: 'to_be_paid_by_hand' },
    };
  }
  try {
    const refund = await findOrCreateStripeRefund(deps.stripe, {
      approvalId: approval.id,
      idempotencyKey: approval.idempotencyKey,
      paymentIntentId: order.stripePaymentIntentId,
      amountMinor,
      // A run before this one got as far as asking Stripe: the refund may exist.
      mayExist: approval.moneyRequestedAt !== null,
      log: deps.log,
    });
    return {
      ok: true,
      money: {
        method: 'stripe',
        refundId: refund.refundId,
        amountMinor: refund.amountMinor,
        stripeStatus: refund.status,
        chargeRefundedMinor: refund.chargeRefundedMinor,
        reconciled: refund.found,
      },
    };
  } catch (error) {
    if (error instanceof ExternalServiceError && !error.retryable) {
      return { ok: false, reason: readableStripeFailure(error) };
    }
    throw error;
  }
}
