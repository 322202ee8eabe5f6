import { asc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { auditHead, auditLog, installSecrets } from '../schema/index.js';
import { INSTALL_SECRET, installSecret } from './install-secrets.js';

export type AuditRow = typeof auditLog.$inferSelect;

/** Where the chain ends, as the head row records it. */
export type AuditEnd = { lastSeq: number; lastHash: string; rowCount: number };

/** The head row with the install secret its signature is made with (null before first use). */
export type AuditHeadState = AuditEnd & { mac: string | null; secret: string | null };

// Serialises appenders across processes; the unique prev_hash index is the backstop.
const AUDIT_LOCK_KEY = 727_1002;

const ONLY_ROW = 1;

/** The head and the install secret in one read. */
export async function readAuditHead(db: Db): Promise<AuditHeadState | undefined> {
  const [row] = await db
    .select({
      lastSeq: auditHead.lastSeq,
      lastHash: auditHead.lastHash,
      rowCount: auditHead.rowCount,
      mac: auditHead.mac,
      secret: installSecrets.secret,
    })
    .from(auditHead)
    .leftJoin(installSecrets, eq(installSecrets.name, INSTALL_SECRET))
    .where(eq(auditHead.id, ONLY_ROW));
  return row;
}

/** Appends rows inside a transaction that holds the audit lock, so the head read, the insert
 * and the head update cannot interleave with another writer. `build` gets the head as it
 * stands (undefined if its row is gone) and returns the rows to add, chained in order from
 * its hash; `sign` signs the new head with the install secret. The lock is held until the
 * caller's transaction commits: callers append last, just before commit, so other writers
 * wait as little as possible. */
export async function appendAuditRows(
  db: Db,
  build: (head: AuditEnd | undefined) => Omit<AuditRow, 'seq'>[],
  sign: (end: AuditEnd, secret: string) => string,
): Promise<AuditRow[]> {
  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Db;
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
    const head = await readAuditHead(txDb);
    const rows = build(head);
    if (rows.length === 0 || !head) return [];
    // One insert: a serial assigns seq in the order of the values list, which is chain order.
    const inserted = (await tx.insert(auditLog).values(rows).returning()).sort(
      (a, b) => a.seq - b.seq,
    );
    const last = inserted[inserted.length - 1]!;
    const end = { lastSeq: last.seq, lastHash: last.hash, rowCount: head.rowCount + rows.length };
    const secret = head.secret ?? (await installSecret(txDb, INSTALL_SECRET));
    await tx
      .update(auditHead)
      .set({ ...end, mac: sign(end, secret), updatedAt: sql`now()` })
      .where(eq(auditHead.id, ONLY_ROW));
    return inserted;
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
