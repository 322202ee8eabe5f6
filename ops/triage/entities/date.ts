import {
  addDays,
  isValidDate,
  nearestYear,
  type PlainDate,
  todayIn,
  toIso,
  weekday,
} from './calendar.js';
import { alternation, MONTHS, RELATIVE_DAYS, VAGUE_PHRASES, WEEKDAYS } from './date-words.js';
import type { Candidate, ExtractOptions } from './types.js';

const B = String.raw`(?<![\p{L}\p{N}])`; // start of a word
const E = String.raw`(?![\p{L}\p{N}])`; // end of a word
const MONTH = alternation(MONTHS.keys());
const ORD = String.raw`(?:st|nd|rd|th|\.)?`;

const ISO_RE = /(?<![\p{N}])(\d{4})-(\d{2})-(\d{2})(?![\p{N}])/gu;
/** `12/05`, `12/05/2025`, `12.05.2025`, `12.05.` — a dot form needs a year or a trailing dot,
 * otherwise `12.50` (a price) would read as a date. */
const NUMERIC_RE =
  /(?<![\p{L}\p{N}./-])(\d{1,2})(?:\/(\d{1,2})(?:\/(\d{4}|\d{2}))?|\.(\d{1,2})\.(\d{4}|\d{2})?)(?![\p{N}]|[./]\d)/gu;
const DAY_MONTH_RE = new RegExp(
  `${B}(\\d{1,2})${ORD}(?:\\s+(?:of|de|di))?\\s+(${MONTH})\\.?(?:,?\\s+(\\d{4}))?${E}`,
  'giu',
);
const MONTH_DAY_RE = new RegExp(
  `${B}(${MONTH})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?(?![\\p{L}\\p{N}:])`,
  'giu',
);
const RELATIVE_RE = new RegExp(`${B}(${alternation(RELATIVE_DAYS.keys())})${E}`, 'giu');
const WEEKDAY_RE = new RegExp(
  `${B}(?:(this|next|last|coming)\\s+)?(${alternation(WEEKDAYS.keys())})${E}`,
  'giu',
);
const VAGUE_RE = new RegExp(`${B}(${alternation(VAGUE_PHRASES)})${E}`, 'giu');

/** Every pass below needs a digit (ISO, numeric, day-month, month-day) or a day word
 * (relative, weekday, vague). Most messages have neither, so one cheap test per group decides
 * whether its passes can match at all; a failed test means the skipped passes would have found
 * nothing. `\d` is ASCII-only under the `u` flag, as in the passes themselves. */
const DIGIT_RE = /\d/;
/** A month name as DAY_MONTH_RE and MONTH_DAY_RE use it: both put it at a word start (after `B`
 * or `\s+`) and end it before a non-word character (`.`, `,`, whitespace or the end), so the
 * same word bounds and the same `iu` folding (ſ and K match s and k) keep this a superset. */
const MONTH_WORD_RE = new RegExp(`${B}(?:${MONTH})${E}`, 'iu');
/** Relative days, weekdays and vague phrases, each between word bounds exactly as in their
 * own passes (a weekday after "next " still starts a word); alternation order does not change
 * whether some alternative matches. */
const DAY_WORD_RE = new RegExp(
  `${B}(?:${alternation([...RELATIVE_DAYS.keys(), ...WEEKDAYS.keys(), ...VAGUE_PHRASES])})${E}`,
  'iu',
);

/** Dates. Value: ISO `YYYY-MM-DD` when the text names a day (absolute, or relative to
 * `options.now` in `options.timeZone`); otherwise the normalised phrase ("this weekend").
 * A date without a year takes the year that puts it nearest to today. */
export function findDates(text: string, options: ExtractOptions = {}): Candidate[] {
  const hasDigit = DIGIT_RE.test(text);
  const hasDayWord = DAY_WORD_RE.test(text);
  if (!hasDigit && !hasDayWord) return [];
  const now = options.now ?? new Date();
  // "Today" costs an Intl formatting call, so it is worked out only once a match needs it.
  let todayMemo: PlainDate | undefined;
  const today = (): PlainDate => {
    todayMemo ??= todayIn(now, options.timeZone);
    return todayMemo;
  };
  const out: Candidate[] = [];
  const push = (m: RegExpMatchArray, date: PlainDate | undefined) => {
    if (date && isValidDate(date)) out.push(span(m, toIso(date)));
  };
  if (hasDigit) findDigitDates(text, options.dateOrder, today, push);
  if (hasDayWord) findDayWords(text, today, push, out);
  return out;
}

type Push = (m: RegExpMatchArray, date: PlainDate | undefined) => void;

/** The passes that need a digit; order kept so candidates come out as before. */
function findDigitDates(
  text: string,
  order: ExtractOptions['dateOrder'],
  today: () => PlainDate,
  push: Push,
): void {
  for (const m of text.matchAll(ISO_RE)) push(m, { y: +m[1]!, m: +m[2]!, d: +m[3]! });
  for (const m of text.matchAll(NUMERIC_RE)) push(m, numeric(m, today, order));
  if (!MONTH_WORD_RE.test(text)) return;
  for (const m of text.matchAll(DAY_MONTH_RE)) push(m, named(+m[1]!, m[2]!, m[3], today));
  for (const m of text.matchAll(MONTH_DAY_RE)) push(m, named(+m[2]!, m[1]!, m[3], today));
}

/** The passes that need a day word; order kept so candidates come out as before. */
function findDayWords(text: string, today: () => PlainDate, push: Push, out: Candidate[]): void {
  for (const m of text.matchAll(RELATIVE_RE)) {
    const word = m[1]!.toLowerCase().replace(/\s+/g, ' ').replace('’', "'");
    // "Guten Morgen" / "goede morgen" greet; they do not mean tomorrow.
    if (
      word === 'morgen' &&
      /(?:guten|goede|good)\s+$/i.test(text.slice(Math.max(0, m.index! - 8), m.index))
    )
      continue;
    push(m, addDays(today(), RELATIVE_DAYS.get(word) ?? 0));
  }
  for (const m of text.matchAll(WEEKDAY_RE)) {
    const target = WEEKDAYS.get(m[2]!.toLowerCase());
    if (target !== undefined) push(m, weekdayDate(today(), target, m[1]?.toLowerCase()));
  }
  for (const m of text.matchAll(VAGUE_RE))
    out.push(span(m, m[1]!.toLowerCase().replace(/\s+/g, ' ')));
}

function span(m: RegExpMatchArray, value: string): Candidate {
  const start = m.index ?? 0;
  return { type: 'date', value, start, end: start + m[0].length };
}

function year(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  return raw.length === 2 ? 2000 + Number(raw) : Number(raw);
}

function numeric(
  m: RegExpMatchArray,
  today: () => PlainDate,
  order: 'dmy' | 'mdy' = 'dmy',
): PlainDate | undefined {
  const a = Number(m[1]);
  const b = Number(m[2] ?? m[4]);
  const y = year(m[3] ?? m[5]);
  // Day first unless that cannot be a date and month first can (or the caller says mdy).
  const monthFirst = m[4] === undefined && (order === 'mdy' ? a <= 12 : b > 12 && a <= 12);
  const [d, mo] = monthFirst ? [b, a] : [a, b];
  return y === undefined ? nearestYear(mo, d, today()) : { y, m: mo, d };
}

function named(
  d: number,
  monthWord: string,
  y: string | undefined,
  today: () => PlainDate,
): PlainDate | undefined {
  const mo = MONTHS.get(monthWord.toLowerCase());
  if (mo === undefined) return undefined;
  const yy = year(y);
  return yy === undefined ? nearestYear(mo, d, today()) : { y: yy, m: mo, d };
}

/** "Friday" = the next Friday, today included; "next Friday" = strictly after today;
 * "last Friday" = strictly before today. */
function weekdayDate(today: PlainDate, target: number, qualifier: string | undefined): PlainDate {
  const ahead = (target - weekday(today) + 7) % 7;
  if (qualifier === 'last') return addDays(today, ahead === 0 ? -7 : ahead - 7);
  if (qualifier === 'next') return addDays(today, ahead === 0 ? 7 : ahead);
  return addDays(today, ahead);
}
