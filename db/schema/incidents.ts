import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, sqlList, tstz, updatedAt } from './columns.js';
import { events } from './events.js';
import { tickets } from './orders.js';

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const INCIDENT_RESOLUTIONS = ['admitted', 'denied', 'reissued'] as const;
export type IncidentResolution = (typeof INCIDENT_RESOLUTIONS)[number];

/** A check-in exception at the door, reported by staff or raised by a rejected scan. */
export const incidents = pgTable(
  'incidents',
  {
    id: idColumn('inc'),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    ticketId: text('ticket_id').references(() => tickets.id),
    gate: text('gate'),
    reporter: text('reporter').notNull(),
    kind: text('kind').notNull(),
    query: text('query'),
    diagnosis: jsonb('diagnosis').$type<Record<string, unknown>>(),
    status: text('status').$type<IncidentStatus>().notNull().default('open'),
    resolution: text('resolution').$type<IncidentResolution>(),
    resolvedBy: text('resolved_by'),
    dueAt: tstz('due_at'),
    resolvedAt: tstz('resolved_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('incidents_event_status_ix').on(t.eventId, t.status),
    check('incidents_status_ck', sql.raw(`status in (${sqlList(INCIDENT_STATUSES)})`)),
    check(
      'incidents_resolution_ck',
      sql.raw(`resolution is null or resolution in (${sqlList(INCIDENT_RESOLUTIONS)})`),
    ),
    // Resolved exactly when a resolution, a resolver and a time are recorded.
    check(
      'incidents_resolved_ck',
      sql`(${t.status} = 'resolved') = (${t.resolution} is not null and ${t.resolvedAt} is not null)`,
    ),
  ],
);
