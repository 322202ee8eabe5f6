import type { Db } from '../../db/client.js';
import {
  type AuditRow,
  appendAuditRows,
  auditRowsInOrder,
  readAuditHead,
} from '../../db/queries/audit.js';
import { AuditIntegrityError } from '../errors.js';
import { auditHash, GENESIS } from './chain.js';
import { checkAuditHead, type HeadProblem, signAuditHead } from './head.js';

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

/** Appends several entries in one step, in order, and moves the signed head past them.
 * Appending takes a lock every audited transaction shares until it commits, so a busy
 * transaction gathers its entries and appends them as its last write. Throws
 * AuditIntegrityError when the head row is gone. */
export async function auditAll(db: Db, entries: AuditEntry[]): Promise<AuditRow[]> {
  if (entries.length === 0) return [];
  // A JS Date has millisecond precision, which timestamptz stores exactly: the time read
  // back is the time hashed.
  const at = new Date();
  return appendAuditRows(
    db,
    (head) => {
      if (!head) throw new AuditIntegrityError('audit: the audit_head row is missing');
      // The chain continues from the head, not from whatever row is last: rows cut from the
      // end leave the next append pointing at a hash that is no longer there.
      let prevHash = head.lastHash;
      return entries.map((entry) => {
        const content = { ...entry, at, details: entry.details ?? {} };
        const row = { ...content, prevHash, hash: auditHash(content, prevHash) };
        prevHash = row.hash;
        return row;
      });
    },
    signAuditHead,
  );
}

export type AuditVerdict =
  | { ok: true; rows: number; lastSeq: number | null; lastHash: string }
  | { ok: false; rows: number; seq: number; problem: 'edited' | 'broken_link' }
  | ({ ok: false; rows: number } & HeadProblem);

/** Walks the chain from the start, then compares where it ends with the signed head.
 * `edited`: a row's content no longer matches its hash; `broken_link`: a row was removed or
 * inserted before it; `missing_tail`: rows were cut from the end; the head problems say the
 * head itself cannot be trusted (see checkAuditHead). */
export async function verifyAudit(db: Db): Promise<AuditVerdict> {
  // One snapshot for the walk and the head: an append committing meanwhile would otherwise
  // put the head past the rows walked and read as rows missing.
  return db.transaction((tx) => verifyInSnapshot(tx as unknown as Db), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
}

async function verifyInSnapshot(db: Db): Promise<AuditVerdict> {
  let expectedPrev = GENESIS;
  let rows = 0;
  let last: { seq: number; hash: string } | undefined;
  for await (const row of auditRowsInOrder(db)) {
    rows++;
    if (row.prevHash !== expectedPrev) {
      return { ok: false, rows, seq: row.seq, problem: 'broken_link' };
    }
    if (auditHash(row, row.prevHash) !== row.hash) {
      return { ok: false, rows, seq: row.seq, problem: 'edited' };
    }
    expectedPrev = row.hash;
    last = { seq: row.seq, hash: row.hash };
  }
  const problem = checkAuditHead({ rows, last }, await readAuditHead(db));
  if (problem) return { ok: false, rows, ...problem };
  return { ok: true, rows, lastSeq: last?.seq ?? null, lastHash: last?.hash ?? GENESIS };
}
