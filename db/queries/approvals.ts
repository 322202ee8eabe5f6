import { and, asc, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { type ApprovalStatus, approvals, orders } from '../schema/index.js';

export type Approval = typeof approvals.$inferSelect;

export async function findApproval(db: Db, id: string): Promise<Approval | undefined> {
  const [row] = await db.select().from(approvals).where(eq(approvals.id, id)).limit(1);
  return row;
}

/** Still open for a decision: pending, and not past its expiry by the database's clock (one
 * clock for every worker, so two machines with skewed clocks still agree). */
const open = (id: string) =>
  and(eq(approvals.id, id), eq(approvals.status, 'pending'), gt(approvals.expiresAt, sql`now()`));

/** The one conditional update behind a final decision: at most one caller gets the row back. */
export async function decideIfOpen(
  db: Db,
  p: {
    id: string;
    status: 'approved' | 'rejected';
    staffId: string;
    reason: string | null;
    edit?: Record<string, unknown> | null;
    amountMinor?: number | null;
    holdOverriddenBy?: string | undefined;
    /** the second approver must not be the first (`null`: there was no first approver) */
    firstApprovedBy?: string | null;
  },
): Promise<Approval | undefined> {
  const first =
    p.firstApprovedBy === undefined
      ? undefined
      : p.firstApprovedBy === null
        ? isNull(approvals.firstApprovedBy)
        : eq(approvals.firstApprovedBy, p.firstApprovedBy);
  const [row] = await db
    .update(approvals)
    .set({
      status: p.status,
      decidedBy: p.staffId,
      decidedAt: sql`now()`,
      decisionReason: p.reason,
      ...(p.edit !== undefined ? { edit: p.edit } : {}),
      ...(p.amountMinor !== undefined ? { amountMinor: p.amountMinor } : {}),
      ...(p.holdOverriddenBy ? { holdOverriddenBy: p.holdOverriddenBy } : {}),
    })
    .where(and(open(p.id), first))
    .returning();
  return row;
}

/** First of two approvals: recorded on the still-pending row, once. */
export async function recordFirstApproval(
  db: Db,
  p: {
    id: string;
    staffId: string;
    edit?: Record<string, unknown> | null;
    amountMinor?: number | null;
    holdOverriddenBy?: string | undefined;
  },
): Promise<Approval | undefined> {
  const [row] = await db
    .update(approvals)
    .set({
      firstApprovedBy: p.staffId,
      firstApprovedAt: sql`now()`,
      ...(p.edit !== undefined ? { edit: p.edit } : {}),
      ...(p.amountMinor !== undefined ? { amountMinor: p.amountMinor } : {}),
      ...(p.holdOverriddenBy ? { holdOverriddenBy: p.holdOverriddenBy } : {}),
    })
    .where(and(open(p.id), isNull(approvals.firstApprovedBy)))
    .returning();
  return row;
}

/** pending -> expired once the database clock has passed `expires_at`. */
export async function expireIfDue(db: Db, id: string): Promise<Approval | undefined> {
  const [row] = await db
    .update(approvals)
    .set({ status: 'expired' })
    .where(
      and(
        eq(approvals.id, id),
        eq(approvals.status, 'pending'),
        lte(approvals.expiresAt, sql`now()`),
      ),
    )
    .returning();
  return row;
}

/** Moves an approval from one status to the next only if it is still in `from`: the claim
 * (approved -> executing) and the final write (executing -> executed / failed) both use it, so
 * a replayed job writes nothing. */
export async function transition(
  db: Db,
  p: {
    id: string;
    from: ApprovalStatus;
    to: ApprovalStatus;
    result?: Record<string, unknown>;
    reason?: string;
  },
): Promise<Approval | undefined> {
  const [row] = await db
    .update(approvals)
    .set({
      status: p.to,
      ...(p.result !== undefined ? { result: p.result } : {}),
      ...(p.reason !== undefined ? { decisionReason: p.reason } : {}),
    })
    .where(and(eq(approvals.id, p.id), eq(approvals.status, p.from)))
    .returning();
  return row;
}

/** Work a crash or a lost delayed job left behind: pending past expiry, approved but never
 * claimed, executing for longer than a commit should take. Oldest first, bounded. */
export async function strandedApprovals(
  db: Db,
  p: { approvedBefore: Date; executingBefore: Date; limit?: number },
) {
  const limit = p.limit ?? 500;
  const overdue = await db
    .select({ id: approvals.id })
    .from(approvals)
    .where(and(eq(approvals.status, 'pending'), lte(approvals.expiresAt, sql`now()`)))
    .orderBy(asc(approvals.expiresAt))
    .limit(limit);
  const unfinished = await db
    .select({ id: approvals.id, status: approvals.status })
    .from(approvals)
    .where(
      sql`(${approvals.status} = 'approved' and ${approvals.updatedAt} < ${p.approvedBefore})
        or (${approvals.status} = 'executing' and ${approvals.updatedAt} < ${p.executingBefore})`,
    )
    .orderBy(asc(approvals.updatedAt))
    .limit(limit);
  return { overdue: overdue.map((r) => r.id), unfinished: unfinished.map((r) => r.id) };
}

/** Adds keys to an executed approval's result (what became of its refund at Stripe). */
export async function mergeApprovalResult(
  db: Db,
  id: string,
  patch: Record<string, unknown>,
): Promise<void> {
  await db
    .update(approvals)
    .set({
      result: sql`coalesce(${approvals.result}, '{}'::jsonb) || ${JSON.stringify(patch)}::jsonb`,
    })
    .where(eq(approvals.id, id));
}

/** Approvals safe automation approved for one buyer since `since`: the per-buyer limit. */
export async function automatedApprovalsSince(
  db: Db,
  p: { customerId: string; since: Date },
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(approvals)
    .innerJoin(orders, eq(orders.id, approvals.orderId))
    .where(
      and(
        eq(orders.customerId, p.customerId),
        eq(approvals.decidedBy, 'policy'),
        gt(approvals.createdAt, p.since),
      ),
    );
  return row?.n ?? 0;
}
