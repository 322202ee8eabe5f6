import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { newOrderCode, newTicketCode } from '../../db/ids.js';
import { approvals, customers, orders, tickets } from '../../db/schema/index.js';
import type { FakeStripe } from '../../testkit/fake-stripe.js';
import { GA_PRICE_MINOR, givenGaEvent } from '../../testkit/ga-event.js';

const DAY = 24 * 3600_000;

/** An event with one paid order of `quantity` GA tickets, written straight to the tables as
 * the shop integration would have left them. */
export async function givenPaidOrder(
  db: Db,
  options: {
    email?: string;
    doorsInDays?: number;
    quantity?: number;
    slug?: string;
    tier?: 'standard' | 'member' | 'vip';
    /** the Stripe payment intent, when a fake Stripe knows the payment */
    paymentIntentId?: string;
  } = {},
) {
  const { event, ga } = await givenGaEvent(db, {
    slug: options.slug ?? `test-event-${Math.random().toString(36).slice(2, 8)}`,
    name: 'Test Night',
    doorsAt: new Date(Date.now() + (options.doorsInDays ?? 30) * DAY),
    capacity: 500,
    gaCapacity: 400,
  });
  const email = options.email ?? `buyer-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const [customer] = await db
    .insert(customers)
    .values({ email, name: 'Mia Buyer', tier: options.tier ?? 'standard', country: 'DE' })
    .returning();
  const quantity = options.quantity ?? 2;
  const [order] = await db
    .insert(orders)
    .values({
      code: newOrderCode(),
      eventId: event.id,
      customerId: customer!.id,
      status: 'paid',
      subtotalMinor: GA_PRICE_MINOR * quantity,
      feeMinor: 300,
      totalMinor: GA_PRICE_MINOR * quantity + 300,
      currency: 'EUR',
      stripePaymentIntentId:
        options.paymentIntentId ?? `pi_test_${Math.random().toString(36).slice(2, 12)}`,
      billingCountry: 'DE',
      ipCountry: 'DE',
    })
    .returning();
  const orderTickets = await db
    .insert(tickets)
    .values(
      Array.from({ length: quantity }, () => ({
        orderId: order!.id,
        eventId: event.id,
        ticketTypeId: ga.id,
        code: newTicketCode(),
        holderName: 'Mia Buyer',
      })),
    )
    .returning();
  return { event, customer: customer!, order: order!, tickets: orderTickets };
}

/** `givenPaidOrder`, paid through the fake Stripe: the order carries the payment intent of a
 * payment of its total that the fake knows, so refunds reach it. */
export async function givenStripePaidOrder(
  db: Db,
  fake: FakeStripe,
  options: Parameters<typeof givenPaidOrder>[1] = {},
) {
  const given = await givenPaidOrder(db, options);
  const { paymentIntentId } = fake.addPayment({ amount: given.order.totalMinor });
  const [order] = await db
    .update(orders)
    .set({ stripePaymentIntentId: paymentIntentId })
    .where(eq(orders.id, given.order.id))
    .returning();
  return { ...given, order: order!, paymentIntentId };
}

/** A Stripe-paid order of two tickets and the pending order-edit approval the pipeline
 * drafts for `change` (what the buyer asked, in the intent's words): staff supply the
 * exact edit when they approve. */
export async function givenEditApproval(db: Db, fake: FakeStripe, change: string) {
  const given = await givenStripePaidOrder(db, fake, { quantity: 2 });
  const [approval] = await db
    .insert(approvals)
    .values({
      kind: 'order_edit_commit',
      orderId: given.order.id,
      payload: {
        orderCode: given.order.code,
        change,
        ticketIds: given.tickets.map((t) => t.id),
      },
      requestedBy: 'bot',
      expiresAt: new Date(Date.now() + 3600_000),
      idempotencyKey: `order_edit_commit:${given.order.id}`,
    })
    .returning();
  return { ...given, approval: approval! };
}
