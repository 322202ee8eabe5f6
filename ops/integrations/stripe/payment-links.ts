import type Stripe from 'stripe';
import { callStripe } from './stripe-client.js';

export type UpgradeLink = {
  priceId: string;
  paymentLinkId: string;
  url: string;
};

/** Metadata keys that tie a Stripe object back to the upgrade (on the link for staff in the
 * dashboard, on the payment intent so the charge itself says what it paid for). */
export const upgradeMetadata = (p: { approvalId: string; ticketId: string }) => ({
  ticketops_approval_id: p.approvalId,
  ticketops_ticket_id: p.ticketId,
});

/** Creates the one-off price and the single-use Payment Link that collect an upgrade's
 * difference. Both requests carry idempotency keys derived from the approval id, so a commit
 * that runs twice, or is retried after Stripe's answer was lost (the SDK's own retries, the
 * job's, the sweeper's), gets the same price and the same link back instead of new ones;
 * the parameters are the same on every run, as Stripe requires of a reused key. Transient
 * failures throw a retryable ExternalServiceError; 4xx a permanent one. */
export async function createUpgradeLink(
  stripe: Stripe,
  p: {
    approvalId: string;
    ticketId: string;
    amountMinor: number;
    currency: string;
    /** what the buyer sees on Stripe's payment page */
    productName: string;
  },
): Promise<UpgradeLink> {
  const metadata = upgradeMetadata(p);
  const price = await callStripe('prices.create', () =>
    stripe.prices.create(
      {
        currency: p.currency.toLowerCase(),
        unit_amount: p.amountMinor,
        product_data: { name: p.productName, metadata },
        metadata,
      },
      { idempotencyKey: `approval:${p.approvalId}:upgrade-price` },
    ),
  );
  const link = await callStripe('paymentLinks.create', () =>
    stripe.paymentLinks.create(
      {
        line_items: [{ price: price.id, quantity: 1 }],
        metadata,
        payment_intent_data: { metadata },
        // One payment per upgrade: Stripe deactivates the link after the first completed
        // session, so a buyer cannot pay the difference twice.
        restrictions: { completed_sessions: { limit: 1 } },
      },
      { idempotencyKey: `approval:${p.approvalId}:upgrade-link` },
    ),
  );
  return { priceId: price.id, paymentLinkId: link.id, url: link.url };
}

/** Switches a used link off; once a session completed Stripe does that itself (limit 1),
 * this covers a link whose upgrade was settled some other way. */
export async function deactivateUpgradeLink(stripe: Stripe, paymentLinkId: string): Promise<void> {
  await callStripe('paymentLinks.update', () =>
    stripe.paymentLinks.update(paymentLinkId, { active: false }),
  );
}
