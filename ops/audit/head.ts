import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AuditEnd, AuditHeadState } from '../../db/queries/audit.js';
import { deriveInstallKey } from '../config/index.js';
import { GENESIS } from './chain.js';

/** The head's signature: count, last seq and last hash under the install's audit key. */
export function signAuditHead(end: AuditEnd, secret: string): string {
  return createHmac('sha256', deriveInstallKey(secret, 'audit head'))
    .update(`${end.rowCount}\n${end.lastSeq}\n${end.lastHash}`)
    .digest('hex');
}

/** How the walked chain ended: its row count and last row (none for an empty log). */
export type WalkedEnd = { rows: number; last: { seq: number; hash: string } | undefined };

export type HeadProblem =
  | { problem: 'no_head' }
  | { problem: 'unsigned_head' | 'head_signature' }
  | { problem: 'missing_tail'; missing: number; lastSeq: number | null; headSeq: number }
  | {
      problem: 'head_mismatch';
      lastSeq: number | null;
      headSeq: number;
      headRows: number;
    };

/** Compares the end of an unbroken chain with the signed head. Rows cut from the end leave a
 * valid chain that stops short of the head; a head rewritten to match is caught by its
 * signature. An empty log with the migration's unsigned genesis head is fine. */
export function checkAuditHead(
  walked: WalkedEnd,
  head: AuditHeadState | undefined,
): HeadProblem | undefined {
  if (!head) return { problem: 'no_head' };
  const empty = walked.rows === 0 && head.rowCount === 0 && head.lastHash === GENESIS;
  if (head.mac === null) return empty ? undefined : { problem: 'unsigned_head' };
  if (!head.secret || !sameHex(head.mac, signAuditHead(head, head.secret))) {
    return { problem: 'head_signature' };
  }
  const lastSeq = walked.last?.seq ?? null;
  if (walked.last?.hash === head.lastHash && walked.rows === head.rowCount) return undefined;
  if (walked.rows < head.rowCount && (lastSeq ?? 0) < head.lastSeq) {
    return {
      problem: 'missing_tail',
      missing: head.rowCount - walked.rows,
      lastSeq,
      headSeq: head.lastSeq,
    };
  }
  return { problem: 'head_mismatch', lastSeq, headSeq: head.lastSeq, headRows: head.rowCount };
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
