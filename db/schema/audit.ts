import {
  bigserial,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';

/** Append-only trail of who did what. Each row's `hash` covers its content and the previous
 * row's hash, so editing or deleting a row breaks the chain (`ticketops audit verify`).
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
