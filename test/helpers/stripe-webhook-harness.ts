import { count, eq } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import Stripe from 'stripe';
import { registerStripeWebhook } from '../../bot/http/routes/stripe-webhook.js';
import { type Database, openDatabase } from '../../db/client.js';
import {
  auditLog,
  customers,
  events,
  orders,
  processedEvents,
  tickets,
  ticketTypes,
} from '../../db/schema/index.js';
import { stripeFixture, stripeId } from '../../testkit/fake-stripe-objects.js';
import { createTestDatabase } from '../../testkit/test-database.js';
import { testLogger } from './log.js';

export const WEBHOOK_SECRET = 'whsec_test_ticketops';
export const EVENT_SLUG = 'harbour-lights-2031';

/** A fresh PostgreSQL database with one event (General Admission, VIP), and a Fastify app
 * with the real Stripe webhook route, plus the helpers the webhook tests share. */
export async function startWebhookHarness() {
  const testDb = await createTestDatabase();
  const database: Database = await openDatabase({ url: testDb.url, dataDir: '' });
  await database.migrate();
  const db = database.db;
  const [event] = await db
    .insert(events)
    .values({
      slug: EVENT_SLUG,
      name: 'Harbour Lights',
      venue: 'Pier 4',
      startsAt: new Date('2031-06-01T19:00:00Z'),
      doorsAt: new Date('2031-06-01T18:00:00Z'),
      endsAt: new Date('2031-06-01T23:00:00Z'),
      capacity: 500,
    })
    .returning();
  await db.insert(ticketTypes).values([
    {
      eventId: event!.id,
      name: 'General Admission',
      priceMinor: 4_000,
      currency: 'EUR',
      capacity: 400,
    },
    { eventId: event!.id, name: 'VIP', priceMinor: 9_000, currency: 'EUR', capacity: 100 },
  ]);
  const app: FastifyInstance = Fastify();
  registerStripeWebhook(app, { db, webhookSecret: WEBHOOK_SECRET, log: testLogger() });
  // Another route in the same app: the raw-body parser must not leak to it.
  app.post('/echo', async (request) => ({ body: request.body }));
  await app.ready();

  const orderOf = async (paymentIntentId: string) => {
    const [order] = await db
      .select()
      .from(orders)
      .where(eq(orders.stripePaymentIntentId, paymentIntentId));
    return order!;
  };

  const harness = {
    app,
    database,
    db,
    orderOf,
    async close() {
      await app.close();
      await database.close();
      await testDb.drop();
    },

    /** Signs with the endpoint secret unless told otherwise; `null` sends no signature. */
    deliver(payload: string, signature?: string | null) {
      const header =
        signature === null
          ? {}
          : {
              'stripe-signature':
                signature ??
                Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
            };
      return app.inject({
        method: 'POST',
        url: '/webhooks/stripe',
        headers: { 'content-type': 'application/json; charset=utf-8', ...header },
        payload,
      });
    },

    async counts() {
      const [o] = await db.select({ n: count() }).from(orders);
      const [t] = await db.select({ n: count() }).from(tickets);
      const [c] = await db.select({ n: count() }).from(customers);
      const [p] = await db.select({ n: count() }).from(processedEvents);
      const [a] = await db.select({ n: count() }).from(auditLog);
      return { orders: o!.n, tickets: t!.n, customers: c!.n, processed: p!.n, audit: a!.n };
    },

    async ticketStatuses(orderId: string) {
      const rows = await db.select().from(tickets).where(eq(tickets.orderId, orderId));
      return rows.map((t) => t.status).sort();
    },

    /** A paid order (2 GA tickets, 84.00 EUR) through the real webhook. */
    async paidOrder(metadata: Record<string, string> = {}) {
      const paymentIntentId = stripeId('pi');
      const chargeId = stripeId('ch');
      const session = checkoutSession(paymentIntentId, {
        event_slug: EVENT_SLUG,
        ticket_type: 'general admission',
        quantity: '2',
        ...metadata,
      });
      const response = await harness.deliver(stripeEvent('checkout.session.completed', session));
      if (response.statusCode !== 200) throw new Error(`checkout webhook: ${response.body}`);
      return { paymentIntentId, chargeId, order: await orderOf(paymentIntentId) };
    },
  };
  return harness;
}

export type WebhookHarness = Awaited<ReturnType<typeof startWebhookHarness>>;

/** POSTs `payload` to the webhook route of `app`, signed with `secret` as Stripe would sign it. */
export function deliverSigned(app: FastifyInstance, payload: string, secret = WEBHOOK_SECRET) {
  return app.inject({
    method: 'POST',
    url: '/webhooks/stripe',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }),
    },
    payload,
  });
}

/** A Stripe event envelope (fixture shape) around `object`, as Stripe would POST it. */
export function stripeEvent(type: string, object: Record<string, unknown>): string {
  return JSON.stringify({
    ...stripeFixture('event'),
    id: stripeId('evt'),
    type,
    created: Math.floor(Date.now() / 1000),
    data: { object },
  });
}

/** A completed, paid Checkout Session (fixture shape): 80.00 EUR tickets + 4.00 fee. */
export function checkoutSession(paymentIntentId: string, metadata: Record<string, string>) {
  const fixture = stripeFixture('checkout.session');
  return {
    ...fixture,
    id: stripeId('cs_test'),
    status: 'complete',
    payment_status: 'paid',
    amount_subtotal: 8_000,
    amount_total: 8_400,
    currency: 'eur',
    payment_intent: paymentIntentId,
    customer_details: {
      ...(fixture.customer_details as object),
      email: '  Mira.Buyer@Example.COM ',
      name: 'Mira Buyer',
      address: {
        city: null,
        country: 'DE',
        line1: null,
        line2: null,
        postal_code: null,
        state: null,
      },
    },
    metadata,
  };
}
