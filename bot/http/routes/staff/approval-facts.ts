import type { ApprovalRow } from '../../../../db/queries/staff-console.js';
import { money } from './layout.js';

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value ? value : undefined;

/** The facts a human needs to decide an approval, read from its payload. Picks named fields
 * only (never dumps the payload), so nothing a future payload adds leaks onto the page. */
export function approvalFacts(a: ApprovalRow) {
  const p = a.payload;
  const verdict = (p.verdict ?? {}) as Record<string, unknown>;
  const orderCode = text(p.orderCode) ?? '—';
  const amount = money(a.amountMinor, a.currency);
  let decision: string;
  if (a.kind === 'refund_commit') {
    const rule = text(verdict.rule);
    decision =
      [text(verdict.reason), rule ? `(${rule} refund)` : undefined].filter(Boolean).join(' ') ||
      '—';
  } else {
    const change = text(p.change) ?? 'order edit';
    const request = text(p.request);
    decision = request ? `${change}: “${request.slice(0, 200)}”` : change;
  }
  const risk = [
    `Radar risk: ${text(p.riskLevel) ?? 'unknown'}`,
    p.heldForReview === true ? 'held for risk review' : undefined,
    text(p.paymentIntentId) ? `payment ${text(p.paymentIntentId)}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const tickets = Array.isArray(p.ticketIds) ? p.ticketIds.length : undefined;
  return { orderCode, amount, verdict: decision, risk, tickets };
}
