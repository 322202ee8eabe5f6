import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, sqlList, tstz, updatedAt } from './columns.js';

export const EVENT_STATUSES = [
  'draft',
  'on_sale',
  'sold_out',
  'live',
  'ended',
  'canceled',
] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** An event people buy admission to. Times are instants; `timezone` is the venue's IANA zone,
 * used only to show local times to buyers and in reports. */
export const events = pgTable(
  'events',
  {
    id: idColumn('evt'),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    venue: text('venue').notNull(),
    timezone: text('timezone').notNull().default('UTC'),
    startsAt: tstz('starts_at').notNull(),
    doorsAt: tstz('doors_at').notNull(),
    endsAt: tstz('ends_at').notNull(),
    capacity: integer('capacity').notNull(),
    status: text('status').$type<EventStatus>().notNull().default('on_sale'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('events_slug_uq').on(t.slug),
    check('events_status_ck', sql.raw(`status in (${sqlList(EVENT_STATUSES)})`)),
    check('events_capacity_ck', sql`${t.capacity} >= 0`),
    // Doors open before the show starts, and the show ends after it starts.
    check('events_times_ck', sql`${t.doorsAt} <= ${t.startsAt} and ${t.startsAt} < ${t.endsAt}`),
  ],
);

/** A kind of admission (GA, VIP...) with its price in minor units. */
export const ticketTypes = pgTable(
  'ticket_types',
  {
    id: idColumn('tty'),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    priceMinor: integer('price_minor').notNull(),
    currency: text('currency').notNull(),
    capacity: integer('capacity').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ticket_types_event_name_uq').on(t.eventId, t.name),
    check('ticket_types_price_ck', sql`${t.priceMinor} >= 0`),
    check('ticket_types_capacity_ck', sql`${t.capacity} >= 0`),
    check('ticket_types_currency_ck', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);
