import { eq, sql } from 'drizzle-orm';
import Fastify from 'fastify';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { registerStripeWebhook } from '../../bot/http/routes/stripe-webhook.js';
import { openDatabase } from '../../db/client.js';
import { auditLog, customers, tickets } from '../../db/schema/index.js';
import { stripeFixture, stripeId } from '../../testkit/fake-stripe-objects.js';
import { forThisFile } from '../helpers/for-this-file.js';
import { testLogger } from '../helpers/log.js';
import {
  checkoutSession,
  deliverSigned,
  startWebhookHarness,
  stripeEvent,
  WEBHOOK_SECRET,
} from '../helpers/stripe-webhook-harness.js';

describe('POST /webhooks/stripe: verification, dedupe, checkout (PostgreSQL)', () => {
  const h = forThisFile('webhook harness', startWebhookHarness);

  it('creates the customer, the order and its tickets from checkout.session.completed', async () => {
    const paymentIntentId = stripeId('pi');
    const session = checkoutSession(paymentIntentId, {
      event_slug: 'harbour-lights-2031',
      tickets: JSON.stringify([
        { type: 'General Admission', quantity: 1 },
        { type: 'VIP', quantity: 1 },
      ]),
      ip_country: 'fr',
    });
    const response = await h.deliver(stripeEvent('checkout.session.completed', session));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ received: true });

    const order = await h.orderOf(paymentIntentId);
    expect(order).toMatchObject({
      status: 'paid',
      subtotalMinor: 8_000,
      feeMinor: 400,
      totalMinor: 8_400,
      refundedMinor: 0,
      currency: 'EUR',
      billingCountry: 'DE',
      ipCountry: 'FR',
    });
    expect(order.code).toMatch(/^ORD-[0-9A-Z]{5}$/);
    const [customer] = await h.db
      .select()
      .from(customers)
      .where(eq(customers.id, order.customerId));
    expect(customer).toMatchObject({
      email: 'mira.buyer@example.com',
      name: 'Mira Buyer',
      country: 'DE',
    });
    const rows = await h.db.select().from(tickets).where(eq(tickets.orderId, order.id));
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((t) => t.code)).size).toBe(2);
    expect(rows.every((t) => t.status === 'valid' && t.holderName === 'Mira Buyer')).toBe(true);
    const [entry] = await h.db.select().from(auditLog).where(eq(auditLog.subject, order.id));
    expect(entry).toMatchObject({ actor: 'stripe', action: 'order.created_from_checkout' });
    // The audit trail carries ids and amounts, never the buyer's email or name.
    expect(JSON.stringify(entry?.details)).not.toMatch(/mira/i);
  });

  it('ignores a replayed delivery and stores nothing new', async () => {
    const session = checkoutSession(stripeId('pi'), {
      event_slug: 'harbour-lights-2031',
      ticket_type: 'VIP',
    });
    const payload = stripeEvent('checkout.session.completed', session);
    expect((await h.deliver(payload)).statusCode).toBe(200);
    const before = await h.counts();
    const replay = await h.deliver(payload);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual({ received: true, duplicate: true });
    expect(await h.counts()).toEqual(before);
  });

  it('refuses a forged, unsigned or stale delivery with 400 and stores nothing', async () => {
    const before = await h.counts();
    const payload = stripeEvent(
      'checkout.session.completed',
      checkoutSession(stripeId('pi'), { event_slug: 'harbour-lights-2031', ticket_type: 'VIP' }),
    );
    const forged = Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_attacker' });
    const stale = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: WEBHOOK_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 3_600,
    });
    for (const [signature, reason] of [
      [forged, 'bad_signature'],
      [null, 'missing_signature'],
      [stale, 'bad_signature'],
    ] as const) {
      const response = await h.deliver(payload, signature);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ reason });
      expect(response.json().error).toEqual(expect.any(String));
    }
    expect((await h.deliver(payload, null)).json().error).toMatch(/Stripe-Signature/);
    expect((await h.deliver(payload, stale)).json().error).toMatch(/tolerance/i);
    expect(await h.counts()).toEqual(before);
  });

  it('refuses a signed body that is not JSON with 400', async () => {
    const before = await h.counts();
    const response = await h.deliver('{"id": "evt_1", "type": ');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ reason: 'malformed_payload' });
    expect(await h.counts()).toEqual(before);
  });

  it('acknowledges an event type it does not handle', async () => {
    const before = await h.counts();
    const response = await h.deliver(stripeEvent('plan.created', stripeFixture('price')));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ received: true, ignored: 'event type not handled' });
    expect(await h.counts()).toEqual(before);
  });

  it('acknowledges a checkout with bad metadata without storing it, so a resend can work', async () => {
    const before = await h.counts();
    const session = checkoutSession(stripeId('pi'), {
      event_slug: 'no-such-event',
      ticket_type: 'VIP',
    });
    const response = await h.deliver(stripeEvent('checkout.session.completed', session));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ received: true, ignored: 'no event "no-such-event"' });
    const missing = await h.deliver(
      stripeEvent('checkout.session.completed', checkoutSession(stripeId('pi'), {})),
    );
    expect(missing.json().ignored).toMatch(/bad checkout metadata: event_slug/);
    expect(await h.counts()).toEqual(before);
  });

  it('keeps normal JSON parsing on the other routes', async () => {
    const response = await h.app.inject({ method: 'POST', url: '/echo', payload: { a: 1 } });
    expect(response.json()).toEqual({ body: { a: 1 } });
  });

  it('keeps no dedupe key when the effect fails midway, so the redelivery does the work', async () => {
    // A failure after the order row went in (tickets refused): the whole delivery rolls back.
    await h.db.execute(sql`
      create function refuse_tickets() returns trigger as $$
      begin raise exception 'disk full (simulated)'; end; $$ language plpgsql`);
    await h.db.execute(
      sql`create trigger refuse_tickets before insert on tickets execute function refuse_tickets()`,
    );
    const paymentIntentId = stripeId('pi');
    const payload = stripeEvent(
      'checkout.session.completed',
      checkoutSession(paymentIntentId, { event_slug: 'harbour-lights-2031', ticket_type: 'VIP' }),
    );
    const before = await h.counts();
    try {
      expect((await h.deliver(payload)).statusCode).toBe(500);
      expect(await h.counts()).toEqual(before);
    } finally {
      await h.db.execute(sql`drop trigger refuse_tickets on tickets`);
      await h.db.execute(sql`drop function refuse_tickets`);
    }
    const redelivery = await h.deliver(payload);
    expect(redelivery.json()).toEqual({ received: true });
    expect(await h.ticketStatuses((await h.orderOf(paymentIntentId)).id)).toEqual(['valid']);
  });

  it('answers 503 when no webhook secret is configured', async () => {
    const bare = Fastify();
    registerStripeWebhook(bare, { db: h.db, webhookSecret: undefined, log: testLogger() });
    const response = await bare.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=x' },
      payload: '{}',
    });
    expect(response.statusCode).toBe(503);
    expect(response.json().error).toMatch(/STRIPE_WEBHOOK_SECRET/);
    await bare.close();
  });

  it('answers 500 when the database fails, so Stripe redelivers', async () => {
    const broken = await openDatabase({
      url: 'postgres://postgres@127.0.0.1:1/nowhere',
      dataDir: '',
    });
    const flaky = Fastify();
    registerStripeWebhook(flaky, {
      db: broken.db,
      webhookSecret: WEBHOOK_SECRET,
      log: testLogger(),
    });
    const payload = stripeEvent(
      'checkout.session.completed',
      checkoutSession(stripeId('pi'), { event_slug: 'harbour-lights-2031', ticket_type: 'VIP' }),
    );
    const response = await deliverSigned(flaky, payload);
    expect(response.statusCode).toBe(500);
    await flaky.close();
    await broken.close();
  });
});
