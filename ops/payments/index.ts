/** The public face of ops/payments: what other folders may import from it. */
export { handleStripeWebhook } from './handle-stripe-webhook.js';
