import { CROCKFORD_CLASS, decodeCrockford, isCrockford } from './crockford.js';
import type { Candidate } from './types.js';

/** `ORD-7F3K2`, `ord 7f3k2`, `ORD#7F3K2`, `ord7f3k2`: the ORD prefix is what makes a short
 * code recognisable. The code part may contain O/I/L typed for 0/1 (Crockford decoding). */
const ORDER_RE = /(?<![\p{L}\p{N}])ord[ \t#:_-]?([0-9a-z]{5,10})(?![\p{L}\p{N}])/giu;

export function findOrderCodes(text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of text.matchAll(ORDER_RE)) {
    const raw = m[1] ?? '';
    const code = decodeCrockford(raw);
    if (!isCrockford(code)) continue; // contains U or a non-Latin letter
    // Without a dash the prefix could be the start of a word ("ord inary" is not a thing, but
    // "ord apple" might be); a code of letters only is then too likely to be a word.
    const separator = m[0].charAt(3);
    if (separator !== '-' && !/\d/.test(raw)) continue;
    const start = m.index;
    out.push({ type: 'order_code', value: `ORD-${code}`, start, end: start + m[0].length });
  }
  return out;
}

const C = `[${CROCKFORD_CLASS}]`;
/** 16-character ticket secrets: contiguous, 4x4 or 8x8 groups with a consistent space or dash.
 * Strict alphabet here (no O/I/L decoding): a 16-letter run is otherwise too often a word. */
const TICKET_RE = new RegExp(
  `(?<![\\p{L}\\p{N}-])(?:${C}{4}([ -])${C}{4}\\1${C}{4}\\1${C}{4}|${C}{8}[ -]${C}{8}|${C}{16})(?![\\p{L}\\p{N}]|-[\\p{L}\\p{N}])`,
  'gu',
);

export function findTicketCodes(text: string): Candidate[] {
  // A secret is only reported when it holds a digit (mixesDigitsAndLetters), so a text
  // without one has none; most messages skip the 16-character scan this way.
  if (!/\d/.test(text)) return [];
  const out: Candidate[] = [];
  for (const m of text.matchAll(TICKET_RE)) {
    const value = m[0].replace(/[ -]/g, '').toUpperCase();
    // A random secret nearly always mixes digits and letters; requiring both keeps plain
    // long numbers (card numbers) and long words out.
    if (!mixesDigitsAndLetters(m[0])) continue;
    out.push({ type: 'ticket_code', value, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** At least two groups of four that hold a letter, and a digit somewhere: "card 4111 1111 1111"
 * has one lettered group and is a card number plus a word, not a secret. */
function mixesDigitsAndLetters(raw: string): boolean {
  const compact = raw.replace(/[ -]/g, '');
  const lettered = (compact.match(/.{4}/g) ?? []).filter((g) => /[A-Za-z]/.test(g)).length;
  return /\d/.test(compact) && lettered >= 2;
}
