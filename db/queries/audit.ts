import { asc, eq, getTableColumns, gt, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from '../client.js';
import { auditHead, auditLog, installSecrets } from '../schema/index.js';
import { INSTALL_SECRET, installSecret } from './install-secrets.js';

export type AuditRow = typeof auditLog.$inferSelect;

/** Where the chain ends, as the head row records it. */
export type AuditEnd = { lastSeq: number; lastHash: string; rowCount: number };

/** The head row with the install secret its signature is made with (null before first use). */
export type AuditHeadState = AuditEnd & { mac: string | null; secret: string | null };

const ONLY_ROW = 1;

/** The head and the install secret in one read. With `lock`, the head row is locked until
 * the transaction ends: appenders take it before reading, so they go one at a time, and in
 * READ COMMITTED one that waited reads the head as the appender before it committed it. */
export async function readAuditHead(
  db: Db,
  options: { lock?: boolean } = {},
): Promise<AuditHeadState | undefined> {
  const query = db
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
  const [row] = await (options.lock ? query.for('update', { of: auditHead }) : query);
  return row;
}

/** Appends rows inside a transaction that holds the head row's lock, so the head read, the
 * insert and the head update cannot interleave with another writer (the unique prev_hash
 * index is the backstop). `build` gets the head as it stands (undefined if its row is gone)
 * and returns the rows to add, chained in order from its hash; `sign` signs the new head with
 * the install secret. The lock is held until the caller's transaction commits: callers
 * append last, just before commit, and the append itself is two round trips (lock and read;
 * insert and move the head), so every audited transaction in the process, and in every other
 * one, waits as little as possible. In a caller's transaction a savepoint keeps a failed
 * append from taking the caller's work with it, and is left for the commit to release
 * rather than released while the lock is held. */
export async function appendAuditRows(
  db: Db,
  build: (head: AuditEnd | undefined) => Omit<AuditRow, 'seq'>[],
  sign: (end: AuditEnd, secret: string) => string,
): Promise<AuditRow[]> {
  if (!inTransaction(db)) {
    return db.transaction((tx) => appendLocked(tx as unknown as Db, build, sign));
  }
  await db.execute(sql`savepoint audit_append`);
  try {
    return await appendLocked(db, build, sign);
  } catch (error) {
    // A connection that is gone cannot roll back; the caller hears of the append's error.
    await db.execute(sql`rollback to savepoint audit_append`).catch(() => {});
    throw error;
  }
}

async function appendLocked(
  db: Db,
  build: (head: AuditEnd | undefined) => Omit<AuditRow, 'seq'>[],
  sign: (end: AuditEnd, secret: string) => string,
): Promise<AuditRow[]> {
  const head = await readAuditHead(db, { lock: true });
  const rows = build(head);
  if (rows.length === 0 || !head) return [];
  const secret = head.secret ?? (await installSecret(db, INSTALL_SECRET));
  // The head is signed before the insert, for the seq the serial is expected to give the last
  // row: the one after the head's, unless an append that took numbers rolled back. The insert
  // and the head update are one statement; the update only happens if the guess was right,
  // and otherwise the head is moved again with the seq the row got.
  const guess: AuditEnd = {
    lastSeq: head.lastSeq + rows.length,
    lastHash: rows[rows.length - 1]!.hash,
    rowCount: head.rowCount + rows.length,
  };
  // One insert: a serial assigns seq in the order of the values list, which is chain order.
  const result = await db.execute(sql`
    with inserted as ${db.insert(auditLog).values(rows).returning()},
    moved as (
      update ${auditHead}
      set last_seq = ${guess.lastSeq}, last_hash = ${guess.lastHash},
          row_count = ${guess.rowCount}, mac = ${sign(guess, secret)}, updated_at = now()
      where id = ${ONLY_ROW} and (select max(seq) from inserted) = ${guess.lastSeq}
      returning id
    )
    select inserted.*, exists (select 1 from moved) as moved from inserted`);
  const raw = (result as unknown as { rows: Record<string, unknown>[] }).rows;
  const inserted = raw.map(auditRowFromDriver).sort((a, b) => a.seq - b.seq);
  if (raw[0]?.moved !== true) {
    const last = inserted[inserted.length - 1]!;
    const end = { lastSeq: last.seq, lastHash: last.hash, rowCount: guess.rowCount };
    await db
      .update(auditHead)
      .set({ ...end, mac: sign(end, secret), updatedAt: sql`now()` })
      .where(eq(auditHead.id, ONLY_ROW));
  }
  return inserted;
}

/** Whether `db` is a transaction (drizzle's, on PostgreSQL or PGlite) rather than the pool. */
const inTransaction = (db: Db): boolean => db instanceof PgTransaction;

const auditColumns = Object.entries(getTableColumns(auditLog));

/** A row as the driver returned it from raw SQL, typed as drizzle would type it. */
function auditRowFromDriver(raw: Record<string, unknown>): AuditRow {
  const row: Record<string, unknown> = {};
  for (const [key, column] of auditColumns) {
    const value = raw[column.name];
    row[key] = value == null ? value : column.mapFromDriverValue(value);
  }
  return row as AuditRow;
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
