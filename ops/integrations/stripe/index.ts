/** The public face of ops/integrations/stripe: what other folders may import from it. */

export { createPaymentLookup } from './payment-facts.js';
export { createUpgradeLink, deactivateUpgradeLink } from './payment-links.js';
export { findOrCreateStripeRefund, readableStripeFailure } from './refunds.js';
export { createStripeClient } from './stripe-client.js';
export type { PaymentFacts, PaymentLookup } from './types.js';
