import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { auditLog } from '../schema/index.js';

export type AuditRow = typeof auditLog.$inferSelect;

// Serialises appenders across processes; the unique prev_hash index is the backstop.
const AUDIT_LOCK_KEY = 727_1002;

/** Appends rows inside a transaction that holds the audit lock, so the tip read and the
 * insert cannot interleave with another writer. `build` gets the previous hash and returns
 * the rows to add, chained in order. The lock is held until the caller's transaction commits:
 * callers append last, just before commit, so other writers wait as little as possible. */
export async function appendAuditRows(
  db: Db,
  build: (prevHash: string | undefined) => Omit<AuditRow, 'seq'>[],
): Promise<AuditRow[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
    const [tip] = await tx
      .select({ hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.seq))
      .limit(1);
    const rows = build(tip?.hash);
    if (rows.length === 0) return [];
    // One insert: a serial assigns seq in the order of the values list, which is chain order.
    return tx
      .insert(auditLog)
      .values(rows)
      .returning()
      .then((r) => r.sort((a, b) => a.seq - b.seq));
  });
}

/** Reads the log in seq order, one page at a time, so verifying a long log stays small. */
export async function* auditRowsInOrder(db: Db, pageSize = 1000): AsyncGenerator<AuditRow> {
  let after = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, after))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    for (const row of page) yield row;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.seq;
  }
}
