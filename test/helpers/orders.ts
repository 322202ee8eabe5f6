import type { Db } from '../../db/client.js';
import { newOrderCode, newTicketCode } from '../../db/ids.js';
import { customers, events, orders, tickets, ticketTypes } from '../../db/schema/index.js';

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
  const doorsAt = new Date(Date.now() + (options.doorsInDays ?? 30) * DAY);
  const slug = options.slug ?? `test-event-${Math.random().toString(36).slice(2, 8)}`;
  const [event] = await db
    .insert(events)
    .values({
      slug,
      name: 'Test Night',
      venue: 'Test Hall',
      timezone: 'Europe/Berlin',
      doorsAt,
      startsAt: new Date(doorsAt.getTime() + 3600_000),
      endsAt: new Date(doorsAt.getTime() + 5 * 3600_000),
      capacity: 500,
    })
    .returning();
  const [ga] = await db
    .insert(ticketTypes)
    .values({ eventId: event!.id, name: 'GA', priceMinor: 4500, currency: 'EUR', capacity: 400 })
    .returning();
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
      eventId: event!.id,
      customerId: customer!.id,
      status: 'paid',
      subtotalMinor: 4500 * quantity,
      feeMinor: 300,
      totalMinor: 4500 * quantity + 300,
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
        eventId: event!.id,
        ticketTypeId: ga!.id,
        code: newTicketCode(),
        holderName: 'Mia Buyer',
      })),
    )
    .returning();
  return { event: event!, customer: customer!, order: order!, tickets: orderTickets };
}
