import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Db } from '../../db/client.js';
import { newOrderCode, newTicketCode } from '../../db/ids.js';
import {
  customers,
  events,
  type OrderStatus,
  orders,
  tickets,
  ticketTypes,
} from '../../db/schema/index.js';
import { audit } from '../audit/index.js';
import { type CheckoutMetadata, readCheckoutMetadata } from './checkout-metadata.js';
import { type Effect, idOf } from './order-effects.js';

// Five random symbols give 33 million codes; a clash is rare but possible on a big shop.
const CODE_ATTEMPTS = 5;

/** `checkout.session.completed` (and `async_payment_succeeded`): the buyer paid, so the order
 * and its tickets exist from now on. Metadata contract: see checkout-metadata.ts. A session
 * already recorded (same payment intent) only moves a pending order to paid. */
export async function recordCheckout(
  db: Db,
  eventId: string,
  session: Stripe.Checkout.Session,
): Promise<Effect> {
  if (session.mode !== 'payment') return { status: 'ignored', reason: `mode ${session.mode}` };
  const metadata = readCheckoutMetadata(session.metadata);
  if (!metadata.ok) return { status: 'ignored', reason: metadata.reason };
  const paymentIntentId = idOf(session.payment_intent);
  const status: OrderStatus = session.payment_status === 'unpaid' ? 'pending' : 'paid';

  if (paymentIntentId) {
    const [existing] = await db
      .select({ id: orders.id, status: orders.status })
      .from(orders)
      .where(eq(orders.stripePaymentIntentId, paymentIntentId))
      .for('update');
    if (existing) return settleExisting(db, eventId, existing, status);
  }

  const email = (session.customer_details?.email ?? session.customer_email)?.trim().toLowerCase();
  if (!email) return { status: 'ignored', reason: 'session has no buyer email' };
  if (!session.currency) return { status: 'ignored', reason: 'session has no currency' };
  const [event] = await db
    .select({ id: events.id })
    .from(events)
    .where(eq(events.slug, metadata.value.eventSlug));
  if (!event) return { status: 'ignored', reason: `no event "${metadata.value.eventSlug}"` };
  const lines = await resolveTicketTypes(db, event.id, metadata.value.lines);
  if (typeof lines === 'string') return { status: 'ignored', reason: lines };

  const billingCountry = session.customer_details?.address?.country ?? null;
  const customerId = await upsertCustomer(db, {
    email,
    name: session.customer_details?.name?.trim() || email.split('@')[0]!,
    country: billingCountry,
  });
  // Discounts lower the ticket subtotal; tax and shipping above it are the fee, so that
  // subtotal + fee = total, as the orders table requires.
  const total = session.amount_total ?? 0;
  const fee = Math.max(0, total - (session.amount_subtotal ?? total));
  const order = await insertOrder(db, metadata.value, {
    eventId: event.id,
    customerId,
    status,
    subtotalMinor: total - fee,
    feeMinor: fee,
    totalMinor: total,
    currency: session.currency.toUpperCase(),
    stripePaymentIntentId: paymentIntentId,
    billingCountry,
    ipCountry: metadata.value.ipCountry,
    createdAt: new Date(session.created * 1000),
  });
  if (typeof order === 'string') return { status: 'ignored', reason: order };

  const holderName = session.customer_details?.name?.trim() || null;
  const rows = lines.flatMap((line) =>
    Array.from({ length: line.quantity }, () => ({
      orderId: order.id,
      eventId: event.id,
      ticketTypeId: line.ticketTypeId,
      code: newTicketCode(),
      holderName,
    })),
  );
  await db.insert(tickets).values(rows);
  await audit(db, {
    actor: 'stripe',
    action: 'order.created_from_checkout',
    subject: order.id,
    details: {
      stripeEventId: eventId,
      checkoutSessionId: session.id,
      paymentIntentId,
      status,
      totalMinor: total,
      currency: order.currency,
      tickets: rows.length,
    },
  });
  return { status: 'applied', effect: `order ${order.code} ${status}`, orderId: order.id };
}

async function settleExisting(
  db: Db,
  eventId: string,
  existing: { id: string; status: OrderStatus },
  status: OrderStatus,
): Promise<Effect> {
  if (existing.status !== 'pending' || status !== 'paid') {
    return { status: 'ignored', reason: 'order already recorded for this payment' };
  }
  await db.update(orders).set({ status: 'paid' }).where(eq(orders.id, existing.id));
  await audit(db, {
    actor: 'stripe',
    action: 'order.paid',
    subject: existing.id,
    details: { stripeEventId: eventId },
  });
  return { status: 'applied', effect: 'pending order paid', orderId: existing.id };
}

async function resolveTicketTypes(
  db: Db,
  eventId: string,
  lines: CheckoutMetadata['lines'],
): Promise<{ ticketTypeId: string; quantity: number }[] | string> {
  const types = await db
    .select({ id: ticketTypes.id, name: ticketTypes.name })
    .from(ticketTypes)
    .where(eq(ticketTypes.eventId, eventId));
  const byName = new Map(types.map((t) => [t.name.trim().toLowerCase(), t.id]));
  const resolved = [];
  for (const line of lines) {
    const id = byName.get(line.ticketType.toLowerCase());
    if (!id) return `no ticket type "${line.ticketType}" for this event`;
    resolved.push({ ticketTypeId: id, quantity: line.quantity });
  }
  return resolved;
}

/** The buyer's customer row; a returning buyer (same email) keeps their account age. */
export async function upsertCustomer(
  db: Db,
  buyer: { email: string; name: string; country: string | null },
): Promise<string> {
  await db.insert(customers).values(buyer).onConflictDoNothing({ target: customers.email });
  const [row] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(eq(customers.email, buyer.email));
  return row!.id;
}

type NewOrder = Omit<typeof orders.$inferInsert, 'code'>;

async function insertOrder(db: Db, metadata: CheckoutMetadata, values: NewOrder) {
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
    const code = metadata.orderCode ?? newOrderCode();
    const [row] = await db
      .insert(orders)
      .values({ ...values, code })
      .onConflictDoNothing()
      .returning({ id: orders.id, code: orders.code, currency: orders.currency });
    if (row) return row;
    // Lost a race with a redelivery of the same payment: that one recorded the order.
    if (values.stripePaymentIntentId) {
      const [same] = await db
        .select({ id: orders.id })
        .from(orders)
        .where(eq(orders.stripePaymentIntentId, values.stripePaymentIntentId));
      if (same) return 'order already recorded for this payment';
    }
    if (metadata.orderCode) return `order code ${metadata.orderCode} is already used`;
  }
  return 'could not find a free order code';
}
