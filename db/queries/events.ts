import { asc, count, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { events, orders, tickets } from '../schema/index.js';

/** Events with how many orders and tickets each has, soonest first. */
export async function listEventsWithCounts(db: Db) {
  const rows = await db
    .select({
      id: events.id,
      slug: events.slug,
      name: events.name,
      venue: events.venue,
      startsAt: events.startsAt,
      status: events.status,
      tickets: count(tickets.id),
    })
    .from(events)
    .leftJoin(tickets, eq(tickets.eventId, events.id))
    .groupBy(events.id)
    .orderBy(asc(events.startsAt));
  const orderCounts = await db
    .select({ eventId: orders.eventId, orders: count() })
    .from(orders)
    .groupBy(orders.eventId);
  const byEvent = new Map(orderCounts.map((r) => [r.eventId, r.orders]));
  return rows.map((r) => ({ ...r, orders: byEvent.get(r.id) ?? 0 }));
}
