import { digitValue } from './digit-value.js';

/** Consecutive digits; `digits` holds their values as ASCII whatever script they were written
 * in, `start`/`end` are UTF-16 offsets into the original text. */
export type DigitGroup = { start: number; end: number; digits: string };

/** Digit groups joined by short separators: how a number is written with grouping. */
export type DigitRun = {
  groups: DigitGroup[];
  digits: number;
  /** a `+` right before the first digit: an international phone number starts here */
  afterPlus: boolean;
  /** one group with letters on both sides (`ab1234…cd`): part of a word or an id */
  inWord: boolean;
};

/** Characters people put between digit groups: spaces of every width (no-break, thin,
 * ideographic, zero-width), dots, dashes, slashes and underscores, with their full-width and
 * typographic forms. Letters, `:`, `+`, brackets and currency signs end a run, and so does a
 * comma: `030 1234567, 0044 20 7946 0958` is a list of numbers, not one. */
const SEPARATOR =
  '\\s\\u00ad\\u200b-\\u200d\\u2060' + // spaces (\s has the no-break, thin, ideographic ones)
  '.\\u00b7\\u2024\\u2027\\u30fb\\uff0e\\uff65' + // dots
  '\\-\\u2010-\\u2015\\u2212\\ufe58\\ufe63\\uff0d' + // dashes, minus signs
  '/\\u2044\\u2215\\uff0f_'; // slashes, underscore

/** Digits joined by up to three separator characters; more, and they are two numbers. */
const RUN_RE = new RegExp(`\\p{Nd}(?:[${SEPARATOR}]{0,3}\\p{Nd})*`, 'gu');
const GROUP_RE = /\p{Nd}+/gu;
const ASCII_DIGITS = /^[0-9]+$/;
const LETTER = /\p{L}/u;

/** Every run of digit groups holding at least `minDigits` digits, in text order. The regular
 * expressions do the scanning (far quicker than a loop over characters in JavaScript) and
 * stay linear: each repetition must end in a digit. */
export function findDigitRuns(text: string, minDigits: number): DigitRun[] {
  const runs: DigitRun[] = [];
  for (const m of text.matchAll(RUN_RE)) {
    // A digit is at least one code unit: a shorter match cannot hold enough.
    if (m[0].length < minDigits) continue;
    const groups: DigitGroup[] = [];
    let digits = 0;
    for (const g of m[0].matchAll(GROUP_RE)) {
      const start = m.index + g.index;
      const ascii = ASCII_DIGITS.test(g[0]) ? g[0] : asAscii(g[0]);
      groups.push({ start, end: start + g[0].length, digits: ascii });
      digits += ascii.length;
    }
    if (digits < minDigits) continue;
    const end = m.index + m[0].length;
    runs.push({
      groups,
      digits,
      afterPlus: /[+＋]/.test(text.charAt(m.index - 1)),
      inWord: groups.length === 1 && isLetterAt(text, m.index - 1) && isLetterAt(text, end),
    });
  }
  return runs;
}

function asAscii(digits: string): string {
  let out = '';
  for (const ch of digits) out += String.fromCharCode(48 + digitValue(ch.codePointAt(0)!));
  return out;
}

function isLetterAt(text: string, at: number): boolean {
  if (at < 0 || at >= text.length) return false;
  // The code point ending at `at` when looking back across a surrogate pair.
  const low = text.charCodeAt(at);
  const from = low >= 0xdc00 && low <= 0xdfff && at > 0 ? at - 1 : at;
  return LETTER.test(String.fromCodePoint(text.codePointAt(from)!));
}
