import type { Db } from '../../db/client.js';
import { type AuditRow, appendAuditRows, auditRowsInOrder } from '../../db/queries/audit.js';
import { auditHash, GENESIS } from './chain.js';

export type AuditEntry = {
  actor: string;
  action: string;
  subject: string;
  /** Facts about the action, never PII: ids and amounts, not emails or names. */
  details?: Record<string, unknown>;
};

/** Appends to the hash-chained audit log. */
export async function audit(db: Db, entry: AuditEntry): Promise<AuditRow> {
  const [row] = await auditAll(db, [entry]);
  return row!;
}

/** Appends several entries in one step, in order. Appending takes a lock every audited
 * transaction shares until it commits, so a busy transaction gathers its entries and appends
 * them as its last write. */
export async function auditAll(db: Db, entries: AuditEntry[]): Promise<AuditRow[]> {
  if (entries.length === 0) return [];
  // A JS Date has millisecond precision, which timestamptz stores exactly: the time read
  // back is the time hashed.
  const at = new Date();
  return appendAuditRows(db, (tip) => {
    let prevHash = tip ?? GENESIS;
    return entries.map((entry) => {
      const content = { ...entry, at, details: entry.details ?? {} };
      const row = { ...content, prevHash, hash: auditHash(content, prevHash) };
      prevHash = row.hash;
      return row;
    });
  });
}

export type AuditVerdict =
  | { ok: true; rows: number }
  | { ok: false; rows: number; seq: number; problem: 'edited' | 'broken_link' };

/** Walks the chain from the start: `edited` means a row's content no longer matches its hash;
 * `broken_link` means a row was removed or inserted before it. */
export async function verifyAudit(db: Db): Promise<AuditVerdict> {
  let expectedPrev = GENESIS;
  let rows = 0;
  for await (const row of auditRowsInOrder(db)) {
    rows++;
    if (row.prevHash !== expectedPrev) {
      return { ok: false, rows, seq: row.seq, problem: 'broken_link' };
    }
    if (auditHash(row, row.prevHash) !== row.hash) {
      return { ok: false, rows, seq: row.seq, problem: 'edited' };
    }
    expectedPrev = row.hash;
  }
  return { ok: true, rows };
}
