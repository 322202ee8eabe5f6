import type { Db } from '../../db/client.js';
import { type AuditRow, appendAuditRow, auditRowsInOrder } from '../../db/queries/audit.js';
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
  // A JS Date has millisecond precision, which timestamptz stores exactly: the time read
  // back is the time hashed.
  const at = new Date();
  return appendAuditRow(db, (tip) => {
    const prevHash = tip ?? GENESIS;
    const content = { ...entry, at, details: entry.details ?? {} };
    return { ...content, prevHash, hash: auditHash(content, prevHash) };
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
