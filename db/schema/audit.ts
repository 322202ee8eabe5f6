import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';

/** Append-only trail of who did what. Each row's `hash` covers its content and the previous
 * row's hash, so editing or deleting a row breaks the chain, and `audit_head` records where
 * the chain ends (`ticketops audit verify` checks both).
 * A trigger in the migrations also refuses UPDATE and DELETE. `details` never holds PII. */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: tstz('at').notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subject: text('subject').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('audit_log_hash_uq').on(t.hash),
    // One successor per row: two writers racing on the same tip cannot both append.
    uniqueIndex('audit_log_prev_hash_uq').on(t.prevHash),
    index('audit_log_subject_ix').on(t.subject),
  ],
);

/** The signed end of the audit chain, one row, moved in the same transaction as every
 * append (under the audit lock): how many rows the log has and which row is last. The chain
 * alone cannot tell that rows were cut from its end (what is left is still a valid chain);
 * comparing it with this row can. `mac` is an HMAC-SHA256 of count, seq and hash under the
 * install's audit key, so a head rewritten by hand to match a shortened log is caught too,
 * by anyone who cannot read install_secrets. Null only as the migration left it, before the
 * first append signs it. A trigger refuses DELETE and TRUNCATE. */
export const auditHead = pgTable(
  'audit_head',
  {
    id: smallint('id').primaryKey().default(1),
    /** 0 while the log is empty */
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
    /** 'genesis' while the log is empty */
    lastHash: text('last_hash').notNull(),
    rowCount: bigint('row_count', { mode: 'number' }).notNull(),
    mac: text('mac'),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [check('audit_head_single_row_ck', sql`${t.id} = 1`)],
);

/** Inbound dedupe keys: Stripe webhook event ids and any other "seen once" deliveries. */
export const processedEvents = pgTable(
  'processed_events',
  {
    source: text('source').notNull(),
    eventId: text('event_id').notNull(),
    processedAt: tstz('processed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.source, t.eventId] })],
);
