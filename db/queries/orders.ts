import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { customers, events, orders, riskReviews, tickets } from '../schema/index.js';

export type OrderRow = typeof orders.$inferSelect;

export async function findOrderByCode(db: Db, code: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.code, code)).limit(1);
  return row;
}

export async function findOrderById(db: Db, id: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.id, id)).limit(1);
  return row;
}

/** The order code's owner email, to check "is this your order?". Undefined when no such order. */
export async function orderOwner(db: Db, code: string) {
  const [row] = await db
    .select({ orderId: orders.id, customerId: customers.id, email: customers.email })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(eq(orders.code, code))
    .limit(1);
  return row;
}

export async function ordersOfCustomer(db: Db, customerId: string, limit = 5) {
  return db
    .select({ id: orders.id, code: orders.code, createdAt: orders.createdAt })
    .from(orders)
    .where(eq(orders.customerId, customerId))
    .orderBy(desc(orders.createdAt))
    .limit(limit);
}

/** Everything the pipeline and staff need about one order, in four small queries. */
export async function loadOrderFacts(db: Db, orderId: string) {
  const [row] = await db
    .select({ order: orders, event: events, customer: customers })
    .from(orders)
    .innerJoin(events, eq(events.id, orders.eventId))
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(eq(orders.id, orderId))
    .limit(1);
  if (!row) return undefined;
  const [orderTickets, [review]] = await Promise.all([
    db.select().from(tickets).where(eq(tickets.orderId, orderId)),
    db
      .select()
      .from(riskReviews)
      .where(and(eq(riskReviews.orderId, orderId), eq(riskReviews.status, 'open')))
      .limit(1),
  ]);
  return { ...row, tickets: orderTickets, openReview: review };
}

export type OrderFacts = NonNullable<Awaited<ReturnType<typeof loadOrderFacts>>>;

/** The hold column of the order's open risk review; undefined without one. */
export async function openReviewHold(db: Db, orderId: string): Promise<string | undefined> {
  const [review] = await db
    .select({ hold: riskReviews.hold })
    .from(riskReviews)
    .where(and(eq(riskReviews.orderId, orderId), eq(riskReviews.status, 'open')))
    .limit(1);
  return review?.hold;
}
