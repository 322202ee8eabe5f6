import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, sqlList, tstz, updatedAt } from './columns.js';
import { conversations } from './conversations.js';
import { customers } from './customers.js';
import { events } from './events.js';
import { orders } from './orders.js';

export const CASE_CATEGORIES = [
  'billing',
  'orders',
  'delivery',
  'account',
  'event_info',
  'checkin',
  'general',
] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

export const SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CASE_STATUSES = [
  'open',
  'pending_customer',
  'pending_staff',
  'resolved',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** A support case ("ticket" in helpdesk speak; here a ticket is an admission). `number` is
 * what staff say out loud ("case 1042"). */
export const cases = pgTable(
  'cases',
  {
    id: idColumn('cas'),
    number: serial('number').notNull(),
    conversationId: text('conversation_id').references(() => conversations.id),
    customerId: text('customer_id').references(() => customers.id),
    orderId: text('order_id').references(() => orders.id),
    eventId: text('event_id').references(() => events.id),
    intent: text('intent').notNull(),
    category: text('category').$type<CaseCategory>().notNull(),
    severity: text('severity').$type<Severity>().notNull(),
    tier: text('tier').notNull().default('standard'),
    queue: text('queue').notNull(),
    status: text('status').$type<CaseStatus>().notNull().default('open'),
    assignee: text('assignee'),
    firstResponseDueAt: tstz('first_response_due_at'),
    resolutionDueAt: tstz('resolution_due_at'),
    firstResponseAt: tstz('first_response_at'),
    resolvedAt: tstz('resolved_at'),
    reopenCount: integer('reopen_count').notNull().default(0),
    /** the inbound message that opened the case: a retried triage job finds it, not a twin */
    sourceMessageId: text('source_message_id'),
    fields: jsonb('fields').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('cases_number_uq').on(t.number),
    uniqueIndex('cases_source_message_uq').on(t.sourceMessageId),
    index('cases_queue_status_ix').on(t.queue, t.status),
    index('cases_order_ix').on(t.orderId),
    index('cases_conversation_ix').on(t.conversationId),
    check('cases_category_ck', sql.raw(`category in (${sqlList(CASE_CATEGORIES)})`)),
    check('cases_severity_ck', sql.raw(`severity in (${sqlList(SEVERITIES)})`)),
    check('cases_status_ck', sql.raw(`status in (${sqlList(CASE_STATUSES)})`)),
    check('cases_reopen_ck', sql`${t.reopenCount} >= 0`),
    // A resolved or closed case says when; an open one does not.
    check(
      'cases_resolved_ck',
      sql`(${t.status} in ('resolved', 'closed')) = (${t.resolvedAt} is not null)`,
    ),
    // A billing case that names an order code must be linked to that order.
    check(
      'cases_billing_order_ck',
      sql`${t.category} <> 'billing' or ${t.orderId} is not null or not (${t.fields} ? 'order_code')`,
    ),
  ],
);
