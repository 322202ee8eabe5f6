import { type DigitGroup, type DigitRun, findDigitRuns } from './digit-runs.js';
import { isLuhnValid } from './luhn.js';
import { mayHoldNonAsciiDigit } from './may-hold-digit.js';

export type Span = { start: number; end: number };

/** Card numbers as people write them, grouped: 4-4-4-4 (most brands), 4-6-5 (Amex) and
 * 4-4-4-4-3 (19-digit cards). These are hidden even when the checksum fails: a card with one
 * digit mistyped is still fifteen digits of somebody's card. */
const CARD_SHAPES = ['4,4,4,4', '4,6,5', '4,4,4,4,3'];
const ASCII_FOUR = /[0-9]{4}/;
const ANY_FOUR = /\p{Nd}{4}/u;

/** Where card numbers are in a text, in any script and any separator style: one span per
 * window that hit, so spans may overlap. A digit run (groups joined by up to three spaces,
 * dots, dashes, slashes…) is searched for windows of 13–19 digits; one that passes Luhn, or
 * a card-shaped run of groups, is a card. Windows, not whole runs, because people put things
 * next to the number — `4242424242424242 12/26`, `4242 4242 4242 4242 123` — and a
 * whole-run check misses the card then.
 *
 * Which windows are tried is the trade-off between leaking a card and eating a buyer's
 * other numbers. A window:
 * - starts at the start of a group of at least four digits whose first digit is not 0 (no
 *   card number starts with 0; national phone numbers, `00` prefixes and dates like 05.12.
 *   do);
 * - runs over whole groups of three or more digits and ends at the end of a group, or
 *   anywhere inside a group of five or more (a card glued to its expiry or code); the group
 *   it ends in may be short (13-digit Visa: 4-4-4-1);
 * - lies not wholly within the first 15 digits after a `+`: that is an E.164 phone number;
 * - is not one group inside a word (`ab1234…cd`: an id or a hash, not a number).
 * So dates (`12.05.2025 - 14.05.2025`, `2025-05-12`), times, amounts (`1.234.567,89`), lists
 * of seats (`101 102 103 104 105`), phone numbers and order or ticket codes (letters and
 * commas end a run) never form a window, while a card in any grouping does. A window that hits ends in a
 * span covering its whole groups, so digits glued to the card go with it.
 *
 * What is given up: any other number of 13+ digits in card-like groups has a one-in-ten
 * chance per window of passing Luhn and being hidden (a 16-digit tracking number, an IBAN's
 * digits, a list of four 4-digit numbers in card shape always). Staff then ask the buyer
 * again; a card number kept would be a breach. A card typed in groups of one or two digits
 * is not found. */
export function findCardSpans(text: string): Span[] {
  // Every window starts with four digits in a row; most texts have none.
  if (!ASCII_FOUR.test(text) && !(mayHoldNonAsciiDigit(text) && ANY_FOUR.test(text))) return [];
  const spans: Span[] = [];
  for (const run of findDigitRuns(text, 13)) {
    for (let first = 0; first < run.groups.length; first++) {
      for (const last of cardWindowEnds(run, first)) {
        spans.push({ start: run.groups[first]!.start, end: run.groups[last]!.end });
      }
    }
  }
  return spans;
}

/** The groups in which card windows starting at group `first` end (each once). Every one is
 * reported, not only the widest: a window may also pass by chance one group further, into
 * the expiry, and the expiry finder starts where the card ends. */
function cardWindowEnds(run: DigitRun, first: number): number[] {
  const groups = run.groups;
  const head = groups[first]!;
  if (head.digits.length < 4 || head.digits.charAt(0) === '0' || run.inWord) return [];
  const offset = digitsBefore(groups, first);
  const ends: number[] = [];
  let digits = '';
  let shape = '';
  for (let last = first; last < groups.length; last++) {
    const g = groups[last]!;
    const before = digits.length;
    digits += g.digits;
    shape += (shape ? ',' : '') + g.digits.length;
    let hit = CARD_SHAPES.includes(shape) && !insidePhone(run, offset, digits.length);
    for (let length = 13; length <= 19 && !hit; length++) {
      const endsInside = length > before && length < digits.length && g.digits.length >= 5;
      if (length !== digits.length && !endsInside) continue;
      if (!insidePhone(run, offset, length) && isLuhnValid(digits.slice(0, length))) hit = true;
    }
    if (hit) ends.push(last);
    // Only the group a window ends in may be shorter than three digits.
    if (digits.length >= 19 || g.digits.length < 3) break;
  }
  return ends;
}

const digitsBefore = (groups: DigitGroup[], index: number): number => {
  let n = 0;
  for (let i = 0; i < index; i++) n += groups[i]!.digits.length;
  return n;
};

/** A window of `length` digits from `offset` of a run that follows a `+` and ends within the
 * first 15 digits: E.164's longest phone number. */
const insidePhone = (run: DigitRun, offset: number, length: number): boolean =>
  run.afterPlus && offset + length <= 15;
