import Stripe from 'stripe';
import type { Db } from '../../db/client.js';
import { markProcessed } from '../../db/queries/processed-events.js';
import { deactivateUpgradeLink } from '../integrations/stripe/index.js';
import type { JobEngine } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import { sendStoredReplies } from '../replies/index.js';
import {
  applyChargeRefunded,
  applyDisputeClosed,
  applyDisputeCreated,
  applyEarlyFraudWarning,
} from './charge-events.js';
import { recordCheckout } from './checkout-order.js';
import type { Effect, FollowUp } from './order-effects.js';
import { applyRefundOutcome } from './refund-outcome.js';
import { settleUpgradePayment } from './upgrade-payment.js';

export type StripeWebhookDeps = {
  db: Db;
  /** `whsec_...` of the endpoint; without it no delivery can be trusted. */
  webhookSecret: string;
  log: Logger;
  /** hands buyer replies to the outbound queue at once; without it the sweeper sends them */
  jobs?: JobEngine | undefined;
  /** switches off a paid upgrade link; without it Stripe's one-session limit does */
  stripe?: Stripe | undefined;
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

/** A paid checkout: a ticket upgrade's payment link first (matched by `payment_link`), so an
 * upgrade payment never becomes an order; everything else is the shop's order checkout. */
const checkout: Handler = async (db, id, e) => {
  const session = e.data.object as Stripe.Checkout.Session;
  return (await settleUpgradePayment(db, id, session)) ?? recordCheckout(db, id, session);
};

/** The event types Ticketops acts on; anything else is acknowledged and left alone. */
const HANDLERS: Partial<Record<Stripe.Event['type'], Handler>> = {
  'checkout.session.completed': checkout,
  'checkout.session.async_payment_succeeded': checkout,
  'charge.refunded': (db, id, e) => applyChargeRefunded(db, id, e.data.object as Stripe.Charge),
  'refund.updated': (db, id, e) => applyRefundOutcome(db, id, e.data.object as Stripe.Refund),
  'refund.failed': (db, id, e) => applyRefundOutcome(db, id, e.data.object as Stripe.Refund),
  'charge.refund.updated': (db, id, e) =>
    applyRefundOutcome(db, id, e.data.object as Stripe.Refund),
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
    let followUp: FollowUp | undefined;
    const result = await deps.db.transaction(async (tx): Promise<StripeWebhookResult> => {
      const db: Db = tx;
      if (!(await markProcessed(db, 'stripe', event.id))) {
        return { kind: 'duplicate', eventId: event.id, type: event.type };
      }
      const effect = await handler(db, event.id, event);
      if (effect.status === 'ignored') throw new RollBack(effect.reason);
      followUp = effect.followUp;
      return {
        kind: 'applied',
        eventId: event.id,
        type: event.type,
        effect: effect.effect,
        orderId: effect.orderId,
      };
    });
    if (result.kind === 'applied')
      log.info({ orderId: result.orderId }, `stripe webhook: ${result.effect}`);
    else log.info('stripe webhook: duplicate delivery ignored');
    if (followUp) await runFollowUp(deps, followUp, log);
    return result;
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    log.warn({ reason: error.reason }, 'stripe webhook: nothing applied');
    return { kind: 'ignored', eventId: event.id, type: event.type, reason: error.reason };
  }
}

/** After commit, best effort: the effect stands whatever happens here. Replies go to the
 * outbound queue (a lost enqueue is picked up by the sweeper). The link is switched off in
 * the background so Stripe's delivery is not held up by a second Stripe call. */
async function runFollowUp(deps: StripeWebhookDeps, followUp: FollowUp, log: Logger) {
  if (deps.jobs) await sendStoredReplies({ jobs: deps.jobs, log }, followUp.replyIds);
  const linkId = followUp.deactivatePaymentLinkId;
  if (deps.stripe && linkId) {
    deactivateUpgradeLink(deps.stripe, linkId).catch((error: unknown) =>
      log.warn({ err: error, paymentLinkId: linkId }, 'stripe webhook: link deactivation failed'),
    );
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
