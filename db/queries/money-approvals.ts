import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { approvals, orders } from '../schema/index.js';

/** An approval that pays money back: a refund, or an order edit whose stored change refunds.
 * The same predicate as the `approvals_open_money_uq` partial index. */
const movesMoney = sql`(${approvals.kind} = 'refund_commit' or coalesce((${approvals.edit} ->> 'refundMinor')::integer, 0) > 0)`;

const OPEN = ['pending', 'approved', 'executing'] as const;

/** The open money approval on an order, if any (at most one, by the partial unique index). */
export async function findOpenMoneyApproval(db: Db, orderId: string, exceptId?: string) {
  const [row] = await db
    .select()
    .from(approvals)
    .where(
      and(
        eq(approvals.orderId, orderId),
        inArray(approvals.status, [...OPEN]),
        movesMoney,
        exceptId ? ne(approvals.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  return row;
}

/** What other approved or executing money approvals on the order are about to pay back. */
export async function reservedRefundMinor(
  db: Db,
  orderId: string,
  exceptId: string,
): Promise<number> {
  const [row] = await db
    .select({ total: sql<string | null>`sum(${approvals.amountMinor})` })
    .from(approvals)
    .where(
      and(
        eq(approvals.orderId, orderId),
        inArray(approvals.status, ['approved', 'executing']),
        movesMoney,
        ne(approvals.id, exceptId),
      ),
    );
  return Number(row?.total ?? 0);
}

/** Takes the order row lock for the rest of the caller's transaction: refund commits and
 * Stripe's refund webhooks about one order then run one after the other. */
export async function lockOrder(db: Db, orderId: string): Promise<boolean> {
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .where(eq(orders.id, orderId))
    .for('update');
  return rows.length > 0;
}

/** Marks that the commit passed its refund check and is about to move money. */
export async function markMoneyRequested(db: Db, approvalId: string): Promise<void> {
  await db
    .update(approvals)
    .set({ moneyRequestedAt: sql`now()` })
    .where(and(eq(approvals.id, approvalId), eq(approvals.status, 'executing')));
}

/** True when the error is the one-open-money-approval index refusing a second one. */
export function isOpenMoneyConflict(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const pg = e as { code?: string; constraint?: string };
    if (pg.code === '23505' && pg.constraint === 'approvals_open_money_uq') return true;
  }
  return false;
}
