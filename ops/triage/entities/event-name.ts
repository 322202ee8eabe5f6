import { type Folded, fold, foldPhrase } from './fold.js';
import { type Candidate, isWordChar, type KnownEvent } from './types.js';

/** Names shorter than this are skipped: a 2-letter event name would match everywhere. */
const MIN_NAME_LENGTH = 3;

/** Known events by name or slug, case- and accent-insensitive, whole words only. Value: the
 * event id. The original span is recovered through the fold map. */
export function findEventNames(text: string, events: readonly KnownEvent[] = []): Candidate[] {
  if (events.length === 0) return [];
  const folded = fold(text);
  const out: Candidate[] = [];
  for (const event of events) {
    const needles = new Set([foldPhrase(event.name), foldPhrase(event.slug)]);
    for (const needle of needles) {
      if (needle.length >= MIN_NAME_LENGTH) out.push(...occurrences(folded, needle, event.id));
    }
  }
  return out;
}

function occurrences(folded: Folded, needle: string, id: string): Candidate[] {
  const out: Candidate[] = [];
  let at = folded.text.indexOf(needle);
  while (at !== -1) {
    const endAt = at + needle.length;
    if (!isWordChar(folded.text[at - 1]) && !isWordChar(folded.text[endAt])) {
      const start = folded.origin[at] ?? 0;
      // End = origin of the last folded char's source, plus that source char's length.
      const last = folded.origin[endAt - 1] ?? start;
      let k = endAt;
      while (k < folded.origin.length && (folded.origin[k] ?? 0) <= last) k++;
      const next = folded.origin[k] ?? last + 1;
      out.push({ type: 'event_name', value: id, start, end: next });
    }
    at = folded.text.indexOf(needle, at + 1);
  }
  return out;
}
