import type { Db } from '../db/client.js';
import { events, ticketTypes } from '../db/schema/index.js';

export const GA_PRICE_MINOR = 4500;

/** An event whose doors open at `doorsAt` (show an hour later, ending four hours after
 * that) with one GA ticket type at GA_PRICE_MINOR EUR, written straight to the tables. */
export async function givenGaEvent(
  db: Db,
  options: { slug: string; name: string; doorsAt: Date; capacity: number; gaCapacity: number },
) {
  const { doorsAt } = options;
  const [event] = await db
    .insert(events)
    .values({
      slug: options.slug,
      name: options.name,
      venue: 'Test Hall',
      timezone: 'Europe/Berlin',
      doorsAt,
      startsAt: new Date(doorsAt.getTime() + 3600_000),
      endsAt: new Date(doorsAt.getTime() + 5 * 3600_000),
      capacity: options.capacity,
    })
    .returning();
  const [ga] = await db
    .insert(ticketTypes)
    .values({
      eventId: event!.id,
      name: 'GA',
      priceMinor: GA_PRICE_MINOR,
      currency: 'EUR',
      capacity: options.gaCapacity,
    })
    .returning();
  return { event: event!, ga: ga! };
}
