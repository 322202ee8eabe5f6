import { and, asc, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  approvals,
  auditLog,
  type CaseStatus,
  cases,
  customers,
  events,
  messages,
  orders,
} from '../schema/index.js';

/** Read models for the staff console: what each page shows, in one or two queries. Writes go
 * through ops/cases/staff-actions.ts, never from here. */

/** Statuses that still need someone: the queue view's default. */
export const LIVE_STATUSES: readonly CaseStatus[] = ['open', 'pending_staff', 'pending_customer'];

export async function caseCountsByQueue(db: Db) {
  return db
    .select({ queue: cases.queue, status: cases.status, n: sql<number>`count(*)::int` })
    .from(cases)
    .groupBy(cases.queue, cases.status);
}

/** Cases for the queue view, most urgent first (severity, then first-response due). */
export async function listCases(
  db: Db,
  filter: { queue?: string | undefined; statuses: readonly CaseStatus[]; limit?: number },
) {
  const where: SQL[] = [inArray(cases.status, [...filter.statuses])];
  if (filter.queue) where.push(eq(cases.queue, filter.queue));
  return db
    .select({
      id: cases.id,
      number: cases.number,
      severity: cases.severity,
      intent: cases.intent,
      queue: cases.queue,
      status: cases.status,
      tier: cases.tier,
      customerTier: customers.tier,
      firstResponseDueAt: cases.firstResponseDueAt,
      firstResponseAt: cases.firstResponseAt,
      fields: cases.fields,
      createdAt: cases.createdAt,
    })
    .from(cases)
    .leftJoin(customers, eq(customers.id, cases.customerId))
    .where(and(...where))
    .orderBy(
      asc(cases.severity),
      sql`${cases.firstResponseDueAt} asc nulls last`,
      asc(cases.number),
    )
    .limit(filter.limit ?? 200);
}

export type CaseListRow = Awaited<ReturnType<typeof listCases>>[number];

/** One case with its customer, order and event, for the case page. */
export async function findCaseDetail(db: Db, number: number) {
  const [row] = await db
    .select({ case: cases, customer: customers, order: orders, event: events })
    .from(cases)
    .leftJoin(customers, eq(customers.id, cases.customerId))
    .leftJoin(orders, eq(orders.id, cases.orderId))
    .leftJoin(events, eq(events.id, cases.eventId))
    .where(eq(cases.number, number))
    .limit(1);
  return row;
}

export type CaseDetail = NonNullable<Awaited<ReturnType<typeof findCaseDetail>>>;

export async function conversationMessages(db: Db, conversationId: string, limit = 500) {
  const rows = await db
    .select()
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(limit);
  return rows.reverse();
}

export async function approvalsForCase(db: Db, caseId: string) {
  return db
    .select()
    .from(approvals)
    .where(eq(approvals.caseId, caseId))
    .orderBy(desc(approvals.createdAt));
}

/** Approvals still waiting for a decision, soonest to expire first, with their case and order. */
export async function pendingApprovals(db: Db, limit = 200) {
  return db
    .select({ approval: approvals, caseNumber: cases.number, orderCode: orders.code })
    .from(approvals)
    .leftJoin(cases, eq(cases.id, approvals.caseId))
    .leftJoin(orders, eq(orders.id, approvals.orderId))
    .where(eq(approvals.status, 'pending'))
    .orderBy(asc(approvals.expiresAt))
    .limit(limit);
}

export type ApprovalRow = typeof approvals.$inferSelect;

export async function auditForSubjects(db: Db, subjects: string[]) {
  if (subjects.length === 0) return [];
  return db
    .select()
    .from(auditLog)
    .where(inArray(auditLog.subject, subjects))
    .orderBy(asc(auditLog.seq))
    .limit(500);
}

/** A page of the audit log, newest first; `before` is the last seq of the previous page. */
export async function auditPage(db: Db, options: { before?: number | undefined; size: number }) {
  return db
    .select()
    .from(auditLog)
    .where(options.before ? lt(auditLog.seq, options.before) : undefined)
    .orderBy(desc(auditLog.seq))
    .limit(options.size);
}
