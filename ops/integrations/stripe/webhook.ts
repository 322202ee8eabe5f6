import Stripe from 'stripe';
import type { Db } from '../../../db/client.js';
import { markProcessed } from '../../../db/queries/processed-events.js';
import type { Logger } from '../../logger.js';
import type { Effect } from './order-effects.js';
import { recordCheckout } from './webhook-checkout.js';
import {
  applyChargeRefunded,
  applyDisputeClosed,
  applyDisputeCreated,
  applyEarlyFraudWarning,
} from './webhook-payments.js';

export type StripeWebhookDeps = {
  db: Db;
  /** `whsec_...` of the endpoint; without it no delivery can be trusted. */
  webhookSecret: string;
  log: Logger;
};

/** Every expected outcome of one delivery. Transient failures (database down) throw, so the
 * HTTP layer answers 500 and Stripe redelivers. */
export type StripeWebhookResult =
  | {
      kind: 'rejected';
      reason: 'missing_signature' | 'bad_signature' | 'malformed_payload';
      message: string;
    }
  | { kind: 'duplicate'; eventId: string; type: string }
  | { kind: 'ignored'; eventId: string; type: string; reason: string }
  | { kind: 'applied'; eventId: string; type: string; effect: string; orderId: string };

type Handler = (db: Db, eventId: string, event: Stripe.Event) => Promise<Effect>;

/** The event types Ticketops acts on; anything else is acknowledged and left alone. */
const HANDLERS: Partial<Record<Stripe.Event['type'], Handler>> = {
  'checkout.session.completed': (db, id, e) =>
    recordCheckout(db, id, e.data.object as Stripe.Checkout.Session),
  'checkout.session.async_payment_succeeded': (db, id, e) =>
    recordCheckout(db, id, e.data.object as Stripe.Checkout.Session),
  'charge.refunded': (db, id, e) => applyChargeRefunded(db, id, e.data.object as Stripe.Charge),
  'charge.dispute.created': (db, id, e) =>
    applyDisputeCreated(db, id, e.data.object as Stripe.Dispute),
  'charge.dispute.closed': (db, id, e) =>
    applyDisputeClosed(db, id, e.data.object as Stripe.Dispute),
  'radar.early_fraud_warning.created': (db, id, e) =>
    applyEarlyFraudWarning(db, id, e.data.object as Stripe.Radar.EarlyFraudWarning),
};

/** Carries an "ignored" verdict out of the transaction while rolling it back, so the event is
 * not marked processed: a resend from the Stripe dashboard after the shop fixed its data
 * (an event slug, a ticket type) is then handled instead of dropped as a duplicate. */
class RollBack extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Verifies, dedupes and applies one Stripe delivery. The dedupe key and the effect commit in
 * one transaction: a crash midway leaves neither, and Stripe's redelivery does the work. */
export async function handleStripeWebhook(
  deps: StripeWebhookDeps,
  rawBody: Buffer,
  signature: string | undefined,
): Promise<StripeWebhookResult> {
  const verified = verify(rawBody, signature, deps.webhookSecret);
  if ('kind' in verified) return verified;
  const event = verified.event;
  const log = deps.log.child({ stripeEventId: event.id, stripeEventType: event.type });
  const handler = HANDLERS[event.type];
  if (!handler) {
    log.info('stripe webhook: event type not handled, acknowledged');
    return {
      kind: 'ignored',
      eventId: event.id,
      type: event.type,
      reason: 'event type not handled',
    };
  }
  try {
    const result = await deps.db.transaction(async (tx): Promise<StripeWebhookResult> => {
      const db: Db = tx;
      if (!(await markProcessed(db, 'stripe', event.id))) {
        return { kind: 'duplicate', eventId: event.id, type: event.type };
      }
      const effect = await handler(db, event.id, event);
      if (effect.status === 'ignored') throw new RollBack(effect.reason);
      return { kind: 'applied', eventId: event.id, type: event.type, ...effect };
    });
    if (result.kind === 'applied')
      log.info({ orderId: result.orderId }, `stripe webhook: ${result.effect}`);
    else log.info('stripe webhook: duplicate delivery ignored');
    return result;
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    log.warn({ reason: error.reason }, 'stripe webhook: nothing applied');
    return { kind: 'ignored', eventId: event.id, type: event.type, reason: error.reason };
  }
}

function verify(
  rawBody: Buffer,
  signature: string | undefined,
  secret: string,
): { event: Stripe.Event } | Extract<StripeWebhookResult, { kind: 'rejected' }> {
  if (!signature) {
    return {
      kind: 'rejected',
      reason: 'missing_signature',
      message: 'missing Stripe-Signature header',
    };
  }
  try {
    // Default tolerance (5 minutes): an old signed delivery cannot be replayed later.
    return { event: Stripe.webhooks.constructEvent(rawBody, signature, secret) };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      return { kind: 'rejected', reason: 'bad_signature', message: error.message };
    }
    // The signature matched but the body is not JSON: Stripe never sends that.
    return { kind: 'rejected', reason: 'malformed_payload', message: 'body is not a JSON event' };
  }
}
