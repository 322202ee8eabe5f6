import type Stripe from 'stripe';
import { callStripe } from './stripe-client.js';
import type { PaymentFacts, PaymentLookup } from './types.js';

// One order has a handful of refunds and disputes at most; the cap only bounds a pathological
// payment so enrichment cannot page forever.
const LIST_CAP = 100;

/** PaymentLookup over the Stripe API: the payment intent with its latest charge (Radar's
 * verdict lives on the charge's `outcome`), then refunds, disputes and early fraud warnings
 * listed by payment intent, in parallel. `undefined` client means Stripe is not configured. */
export function createPaymentLookup(stripe: Stripe | undefined): PaymentLookup {
  return {
    async paymentFacts(paymentIntentId) {
      if (!stripe) return undefined;
      return readPaymentFacts(stripe, paymentIntentId);
    },
  };
}

export async function readPaymentFacts(
  stripe: Stripe,
  paymentIntentId: string,
): Promise<PaymentFacts> {
  const intent = await callStripe('retrieve payment intent', () =>
    stripe.paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge'] }),
  );
  const byIntent = { payment_intent: paymentIntentId, limit: LIST_CAP };
  const [charge, refunds, disputes, warnings] = await Promise.all([
    latestCharge(stripe, intent),
    callStripe('list refunds', () => stripe.refunds.list(byIntent).autoPagingToArray(CAP)),
    callStripe('list disputes', () => stripe.disputes.list(byIntent).autoPagingToArray(CAP)),
    callStripe('list early fraud warnings', () =>
      stripe.radar.earlyFraudWarnings.list(byIntent).autoPagingToArray(CAP),
    ),
  ]);
  return {
    paymentIntentId: intent.id,
    status: intent.status,
    amountMinor: intent.amount,
    currency: intent.currency.toUpperCase(),
    chargeId: charge?.id ?? null,
    amountRefundedMinor: charge?.amount_refunded ?? sumSucceeded(refunds),
    refunds: refunds.map((r) => ({
      id: r.id,
      amountMinor: r.amount,
      status: r.status ?? 'unknown',
      createdAt: new Date(r.created * 1000),
    })),
    disputes: disputes.map((d) => ({
      id: d.id,
      amountMinor: d.amount,
      status: d.status,
      reason: d.reason,
    })),
    riskLevel: charge?.outcome?.risk_level ?? null,
    riskScore: charge?.outcome?.risk_score ?? null,
    earlyFraudWarning: warnings.length > 0,
  };
}

const CAP = { limit: LIST_CAP };

/** `expand` normally inlines the charge; an id (an older API version, a proxy that drops
 * expansion) costs one more read. */
async function latestCharge(
  stripe: Stripe,
  intent: Stripe.PaymentIntent,
): Promise<Stripe.Charge | null> {
  const latest = intent.latest_charge;
  if (!latest) return null;
  if (typeof latest !== 'string') return latest;
  return callStripe('retrieve charge', () => stripe.charges.retrieve(latest));
}

function sumSucceeded(refunds: Stripe.Refund[]): number {
  return refunds.filter((r) => r.status === 'succeeded').reduce((sum, r) => sum + r.amount, 0);
}
