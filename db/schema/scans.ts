import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { idColumn, sqlList, tstz } from './columns.js';
import { events } from './events.js';
import { tickets } from './orders.js';

export const SCAN_RESULTS = [
  'ok',
  'invalid',
  'unpaid',
  'canceled',
  'already_redeemed',
  'wrong_event',
  'blocked_by_review',
  'ambiguous',
] as const;
export type ScanResult = (typeof SCAN_RESULTS)[number];

/** Every scan attempt at a door, good or bad. `raw_code` keeps what the scanner read even
 * when it matches no ticket. A scanner retrying the same `nonce` gets the first answer. */
export const scans = pgTable(
  'scans',
  {
    id: idColumn('scn'),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    ticketId: text('ticket_id').references(() => tickets.id),
    rawCode: text('raw_code').notNull(),
    gate: text('gate').notNull(),
    device: text('device'),
    staff: text('staff'),
    result: text('result').$type<ScanResult>().notNull(),
    nonce: text('nonce'),
    scannedAt: tstz('scanned_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('scans_nonce_uq').on(t.nonce),
    index('scans_event_time_ix').on(t.eventId, t.scannedAt),
    index('scans_ticket_ix').on(t.ticketId),
    check('scans_result_ck', sql.raw(`result in (${sqlList(SCAN_RESULTS)})`)),
  ],
);
