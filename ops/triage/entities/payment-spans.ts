import { findCardDetailSpans } from './card-details.js';
import { findCardSpans } from './card-spans.js';
import { mayHoldDigit } from './may-hold-digit.js';

export type PaymentSpan = { start: number; end: number; kind: 'card' | 'expiry' | 'security_code' };

/** Everything in a text that is card data: card numbers, and the expiry dates and security
 * codes next to them or announced by a keyword. In text order and never overlapping:
 * overlapping finds merge, and a merge holding a card number is a card. A text without a digit
 * (most messages) costs one or two quick scans, as `/\d/.test` did. */
export function findPaymentSpans(text: string): PaymentSpan[] {
  if (!mayHoldDigit(text)) return [];
  const cards = findCardSpans(text);
  const all: PaymentSpan[] = [
    ...cards.map((c) => ({ ...c, kind: 'card' as const })),
    ...findCardDetailSpans(text, cards),
  ];
  if (all.length < 2) return all;
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: PaymentSpan[] = [];
  for (const span of all) {
    const prev = out[out.length - 1];
    if (prev && span.start < prev.end) {
      prev.end = Math.max(prev.end, span.end);
      if (span.kind === 'card') prev.kind = 'card';
      continue;
    }
    out.push({ ...span });
  }
  return out;
}
