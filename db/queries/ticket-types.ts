import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { tickets, ticketTypes } from '../schema/index.js';

/** Statuses that hold a place in a ticket type's capacity. */
const HOLDING = ['valid', 'checked_in'] as const;

/** Places held per ticket type of an event (valid and checked-in tickets). */
export async function placesHeldByType(db: Db, eventId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ typeId: tickets.ticketTypeId, held: sql<number>`count(*)::int` })
    .from(tickets)
    .where(and(eq(tickets.eventId, eventId), inArray(tickets.status, [...HOLDING])))
    .groupBy(tickets.ticketTypeId);
  return new Map(rows.map((r) => [r.typeId, Number(r.held)]));
}

/** Whether one more ticket fits in a type, asked inside a transaction: the type row is
 * locked, so two upgrades into its last place cannot both see room. */
export async function roomInTypeLocked(
  db: Db,
  ticketTypeId: string,
): Promise<{ capacity: number; held: number } | undefined> {
  const [type] = await db
    .select({ capacity: ticketTypes.capacity })
    .from(ticketTypes)
    .where(eq(ticketTypes.id, ticketTypeId))
    .for('update');
  if (!type) return undefined;
  const [row] = await db
    .select({ held: sql<number>`count(*)::int` })
    .from(tickets)
    .where(and(eq(tickets.ticketTypeId, ticketTypeId), inArray(tickets.status, [...HOLDING])));
  return { capacity: type.capacity, held: Number(row?.held ?? 0) };
}

/** Why a ticket cannot move into a type with this room, or undefined when it can. */
export const fullTypeProblem = (room: { capacity: number; held: number }): string | undefined =>
  room.held >= room.capacity
    ? `the new ticket type is sold out (${room.held} of ${room.capacity} places held)`
    : undefined;
