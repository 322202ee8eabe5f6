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

/** Dates. Value: ISO `YYYY-MM-DD` when the text names a day (absolute, or relative to
 * `options.now` in `options.timeZone`); otherwise the normalised phrase ("this weekend").
 * A date without a year takes the year that puts it nearest to today. */
export function findDates(text: string, options: ExtractOptions = {}): Candidate[] {
  const today = todayIn(options.now ?? new Date(), options.timeZone);
  const out: Candidate[] = [];
  const push = (m: RegExpMatchArray, date: PlainDate | undefined) => {
    if (date && isValidDate(date)) out.push(span(m, toIso(date)));
  };
  for (const m of text.matchAll(ISO_RE)) push(m, { y: +m[1]!, m: +m[2]!, d: +m[3]! });
  for (const m of text.matchAll(NUMERIC_RE)) push(m, numeric(m, today, options.dateOrder));
  for (const m of text.matchAll(DAY_MONTH_RE)) push(m, named(+m[1]!, m[2]!, m[3], today));
  for (const m of text.matchAll(MONTH_DAY_RE)) push(m, named(+m[2]!, m[1]!, m[3], today));
  for (const m of text.matchAll(RELATIVE_RE)) {
    const word = m[1]!.toLowerCase().replace(/\s+/g, ' ').replace('’', "'");
    // "Guten Morgen" / "goede morgen" greet; they do not mean tomorrow.
    if (
      word === 'morgen' &&
      /(?:guten|goede|good)\s+$/i.test(text.slice(Math.max(0, m.index! - 8), m.index))
    )
      continue;
    push(m, addDays(today, RELATIVE_DAYS.get(word) ?? 0));
  }
  for (const m of text.matchAll(WEEKDAY_RE)) {
    const target = WEEKDAYS.get(m[2]!.toLowerCase());
    if (target !== undefined) push(m, weekdayDate(today, target, m[1]?.toLowerCase()));
  }
  for (const m of text.matchAll(VAGUE_RE))
    out.push(span(m, m[1]!.toLowerCase().replace(/\s+/g, ' ')));
  return out;
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
  today: PlainDate,
  order: 'dmy' | 'mdy' = 'dmy',
): PlainDate | undefined {
  const a = Number(m[1]);
  const b = Number(m[2] ?? m[4]);
  const y = year(m[3] ?? m[5]);
  // Day first unless that cannot be a date and month first can (or the caller says mdy).
  const monthFirst = m[4] === undefined && (order === 'mdy' ? a <= 12 : b > 12 && a <= 12);
  const [d, mo] = monthFirst ? [b, a] : [a, b];
  return y === undefined ? nearestYear(mo, d, today) : { y, m: mo, d };
}

function named(
  d: number,
  monthWord: string,
  y: string | undefined,
  today: PlainDate,
): PlainDate | undefined {
  const mo = MONTHS.get(monthWord.toLowerCase());
  if (mo === undefined) return undefined;
  const yy = year(y);
  return yy === undefined ? nearestYear(mo, d, today) : { y: yy, m: mo, d };
}

/** "Friday" = the next Friday, today included; "next Friday" = strictly after today;
 * "last Friday" = strictly before today. */
function weekdayDate(today: PlainDate, target: number, qualifier: string | undefined): PlainDate {
  const ahead = (target - weekday(today) + 7) % 7;
  if (qualifier === 'last') return addDays(today, ahead === 0 ? -7 : ahead - 7);
  if (qualifier === 'next') return addDays(today, ahead === 0 ? 7 : ahead);
  return addDays(today, ahead);
}
