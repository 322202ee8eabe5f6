import { looksLikeCardNumber } from './luhn.js';
import { type Candidate, isWordChar } from './types.js';

/** A run of digits with the separators phone numbers use. The class is flat (no nested
 * quantifiers) so matching stays linear on long digit strings. `/` is deliberately absent:
 * it is how dates are written. */
const RUN_RE = /(?:\+|(?<![\p{L}\p{N}]))\(?\d[\d ().-]*\d\)?/gu;

const CURRENCY_BEFORE = /(?:[€$£¥]|\b(?:EUR|USD|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK|PLN|CZK))\s?$/i;
const CURRENCY_AFTER =
  /^\s?(?:[€$£¥]|(?:EUR|USD|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK|PLN|CZK|euros?|dollars?|pounds?)\b)/i;
/** Dots appear in phone numbers only in these national styles (US 555.123.4567, French
 * 06.12.34.56.78); otherwise dotted digits are dates, times or amounts. */
const DOTTED_NATIONAL = /^(?:\d{3}\.\d{3}\.\d{4}|0\d(?:\.\d\d){4})$/;
/** 2025-05-12, 12.05.2025, 12-05-25: a run holding a date is not a phone number. */
const DATE_INSIDE = /(?<!\d)\d{1,4}([.-])(?:0?[1-9]|1[0-2])\1\d{2,4}(?!\d)/;

/** Phone numbers in international (`+49 30 1234567`, `0044 20 7946 0958`) and national
 * (`030 1234567`, `(555) 123-4567`) formats. Value: `+` and digits when an international
 * prefix was written (`00` becomes `+`), otherwise the national digits as written.
 * Rejected: dates, amounts (a currency next to the number), Luhn-valid card-like runs,
 * bare digit runs that do not start with 0 (order numbers, ids), and anything outside
 * E.164's 7–15 digits. */
export function findPhones(text: string): Candidate[] {
  if (!/\d/.test(text)) return []; // RUN_RE needs a digit: most messages have none
  const out: Candidate[] = [];
  for (const m of text.matchAll(RUN_RE)) {
    for (const piece of splitOnWideGaps(m[0], m.index)) {
      const candidate = judge(text, piece.raw, piece.start);
      if (candidate) out.push(candidate);
    }
  }
  return out;
}

/** Two numbers separated by a double space or ") (" are two numbers, not one. */
function splitOnWideGaps(raw: string, offset: number): { raw: string; start: number }[] {
  const pieces: { raw: string; start: number }[] = [];
  const re = /[^ ]+(?: [^ ]+)*/g;
  for (const m of raw.matchAll(re)) pieces.push({ raw: m[0], start: offset + m.index });
  return pieces;
}

function judge(text: string, rawIn: string, startIn: number): Candidate | undefined {
  // Trim separators the run may have picked up at its ends (a closing bracket of a sentence).
  let raw = rawIn;
  let start = startIn;
  while (raw.length > 0 && /[ .)-]$/.test(raw) && !/\(\d+\)$/.test(raw)) raw = raw.slice(0, -1);
  while (raw.length > 0 && /^[ .-]/.test(raw)) {
    raw = raw.slice(1);
    start++;
  }
  const end = start + raw.length;
  if (text.charAt(end) === '/' || text.charAt(start - 1) === '/') return undefined; // date/fraction
  if (isWordChar(text.charAt(end))) return undefined; // part of a code like 1234567AB
  if (/^\d+[.,]\d{1,2}$/.test(raw)) return undefined; // a decimal like 1234.50
  const digits = raw.replace(/\D/g, '');
  const international = raw.startsWith('+') || /^\(?00[1-9]/.test(raw);
  if (digits.length < 7 || digits.length > 15) {
    return undefined;
  }
  if (looksLikeCardNumber(digits) || (DATE_INSIDE.test(raw) && !DOTTED_NATIONAL.test(raw)))
    return undefined;
  if (/^:\d/.test(text.slice(end, end + 2))) return undefined; // a time: 2024-05-12 12:00
  if (CURRENCY_BEFORE.test(text.slice(Math.max(0, start - 4), start))) return undefined;
  if (CURRENCY_AFTER.test(text.slice(end, end + 9))) return undefined;
  if (/[().-]{2}|\.\./.test(raw.replace(/\) ?\(/g, ''))) return undefined;
  if (!international) {
    const grouped = /[ ().-]/.test(raw);
    // A bare national number must look like one: start with a trunk 0, or be grouped in
    // the phone way (`(555) 123-4567`, `555 123 4567`) with at least 9 digits.
    if (!digits.startsWith('0') && !(grouped && digits.length >= 9)) return undefined;
    if (grouped && /\./.test(raw) && !DOTTED_NATIONAL.test(raw)) return undefined;
  }
  const value = international ? `+${digits.replace(/^00/, '')}` : digits;
  return { type: 'phone', value, start, end };
}
