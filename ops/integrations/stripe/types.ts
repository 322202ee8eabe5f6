/** What the pipeline needs to know about an order's payment, read from Stripe. Money in
 * minor units. `null` fields mean Stripe had nothing (e.g. no charge yet). */
export type PaymentFacts = {
  paymentIntentId: string;
  status: string;
  amountMinor: number;
  currency: string;
  chargeId: string | null;
  amountRefundedMinor: number;
  refunds: { id: string; amountMinor: number; status: string; createdAt: Date }[];
  disputes: { id: string; amountMinor: number; status: string; reason: string }[];
  /** Stripe Radar's verdict on the charge: normal, elevated, highest, not_assessed, unknown */
  riskLevel: string | null;
  riskScore: number | null;
  earlyFraudWarning: boolean;
};

/** Reads payment facts; `undefined` when Stripe is not configured, so the pipeline carries
 * on with what the database knows. */
export interface PaymentLookup {
  paymentFacts(paymentIntentId: string): Promise<PaymentFacts | undefined>;
}
