import type { Candidate } from './types.js';

/** An identifier after "row"/"block"/"section": digits (optionally one letter), a single
 * letter, or two capitals — never a lowercase word, so "in a row of" or "block my card" do not
 * count. Case-sensitive on purpose for the letters. */
const ID = String.raw`(\d{1,4}[A-Za-z]?|[A-Za-z](?![\p{L}\p{N}])|[A-Z]{2}(?![\p{L}\p{N}]))`;
/** Labels match in any case; the regex itself is case-sensitive for the ids (see ID). */
const ci = (words: string[]): string =>
  `(?:${words
    .sort((a, b) => b.length - a.length)
    .map((w) =>
      [...w]
        .map((c) =>
          c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`,
        )
        .join(''),
    )
    .join('|')})`;
const SECTION = ci([
  'section',
  'sec',
  'block',
  'blk',
  'sector',
  'tribune',
  'sektion',
  'bloc',
  'bloque',
  'settore',
  'vak',
]);
const ROW = ci(['row', 'reihe', 'rang', 'rangée', 'fila', 'rij', 'fileira']);
const SEAT = ci([
  'seat',
  'seats',
  'platz',
  'sitz',
  'sitzplatz',
  'siège',
  'asiento',
  'posto',
  'stoel',
  'lugar',
]);
const SEP = String.raw`(?:\s*[,/;-]?\s*)`;
const NO = String.raw`(?:\.?\s*(?:${ci(['no', 'nr', 'number'])}\.?|#)\s*|\.?\s+)`;

const part = (label: string, id: string) => String.raw`(?<![\p{L}\p{N}])${label}${NO}${id}`;
/** Every part is optional, so the bare pattern matches the empty string at every position and
 * a scan would stop (and allocate a match) once per character. A non-empty match always holds
 * a label at a word start, reached from the match start over separators only (SEP is
 * whitespace and at most one of `,/;-`), so this lookahead is true wherever a non-empty match
 * can start: prefixing it leaves every non-empty match as it was and lets the engine skip the
 * rest of the text without returning to JavaScript. */
const CAN_START = String.raw`(?=[\s,/;-]*(?<![\p{L}\p{N}])(?:${SECTION}|${ROW}|${SEAT}))`;
/** Section, row and seat in that order, each optional but at least one present. */
const SEAT_RE = new RegExp(
  `${CAN_START}(?:${part(SECTION, ID)})?(?:${SEP}${part(ROW, ID)})?(?:${SEP}${part(SEAT, String.raw`(\d{1,4})`)})?`,
  'gu',
);
/** A quick no: without one of the labels' first letters in sequence (any case; `è` is the only
 * non-ASCII letter at a place that matters) the text has no label, so SEAT_RE cannot match. */
const ANY_LABEL =
  /sec|blo|blk|tribune|sektion|settore|vak|row|reihe|rang|fil|rij|seat|platz|sitz|si[èÈ]ge|asiento|posto|stoel|lugar/i;

/** Seat locations: `row F seat 12`, `section 104`, `block C`, `Block C, Reihe 5, Platz 12`.
 * Value: the parts found, canonical and space-separated: `section=104 row=F seat=12`. */
export function findSeats(text: string): Candidate[] {
  if (!ANY_LABEL.test(text)) return [];
  const out: Candidate[] = [];
  for (const m of text.matchAll(SEAT_RE)) {
    if (m[0].length === 0) continue; // every part is optional, so the empty match is possible
    const parts: string[] = [];
    if (m[1]) parts.push(`section=${m[1].toUpperCase()}`);
    if (m[2]) parts.push(`row=${m[2].toUpperCase()}`);
    if (m[3]) parts.push(`seat=${m[3]}`);
    if (parts.length === 0) continue;
    // A match that begins at "row" may carry the separator meant to follow a section.
    const start = m.index + Math.max(0, m[0].search(/\p{L}/u));
    out.push({ type: 'seat', value: parts.join(' '), start, end: m.index + m[0].length });
  }
  return out;
}
