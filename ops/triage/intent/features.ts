/** Text normalisation and hashed sparse features for the intent classifier.
 *
 * Features are word unigrams, word bigrams and character 3-5-grams inside each word (these
 * carry typos such as "tickte" or "refnd" close to the right word). Every feature is hashed
 * straight from character codes into `2^HASH_BITS` buckets, so no feature strings are
 * allocated and there is no vocabulary to ship: the model stores weights only for the
 * buckets its training text touched. */

/** Only the first MAX_CHARS UTF-16 units are classified. A buyer states what they want in
 * the first sentences; anything longer is a pasted e-mail thread, log or attack, and reading
 * it would make the time per message unbounded (a 1 MB message must cost the same as a
 * 4 KB one). 4,000 characters is several paragraphs of real text. */
export const MAX_CHARS = 4000;
/** Caps the token count after normalisation for the same reason (4,000 one-letter words). */
export const MAX_TOKENS = 400;
/** Words longer than this are not language (base64, hex dumps); they still count as a word
 * but produce no character n-grams. */
const MAX_WORD_CHARS = 40;

export const HASH_BITS = 18;
export const HASH_SIZE = 1 << HASH_BITS;
const HASH_MASK = HASH_SIZE - 1;

/** Per-kind seeds so that the word "abc" and the 3-gram "abc" land in different buckets. */
const SEED_WORD = 0x811c9dc5;
const SEED_BIGRAM = 0x01000193;
const SEED_CHAR = [0, 0, 0, 0x9e3779b1, 0x85ebca77, 0xc2b2ae3d] as const;

/** Relative feature weights before L2 normalisation: whole words are the strongest
 * evidence, n-grams mostly rescue misspellings. */
const W_WORD = 1;
const W_BIGRAM = 0.8;
const W_CHAR = 0.35;
/** Weight of the closing bigram (see featurize). */
const W_CLOSING = 0.5;

/** The accumulator stores a weight's code, not the weight: codes rank as the weights do, so
 * "keep the largest" is unchanged, and a byte per bucket keeps the table at 256 KB instead of
 * 1 MB of Float32, which matters for cache misses on every message. WEIGHT_OF gives back the
 * Float32 value the accumulator used to hold. */
const WEIGHT_OF = Float32Array.of(0, W_CHAR, W_CLOSING, W_BIGRAM, W_WORD);
const C_CHAR = 1;
const C_CLOSING = 2;
const C_BIGRAM = 3;
const C_WORD = 4;

const COMBINING_MARKS = /\p{M}+/gu;
const NON_ASCII = /[^\p{ASCII}]/u;
const ORDER_CODE = /\b(?:ord|order|tkt|tix)[-_#]?[a-z0-9]*\d[a-z0-9]*\b/g;
const TICKET_CODE = /\b[a-z]{2,4}-[a-z0-9]{4,}\b/g;
// No @ inside either side: `\S+@\S+` backtracks badly on runs like `a@a@a@…` (16 s on 4 KB).
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/g;
const URL = /\bhttps?:\/\/\S+|\bwww\.\S+/g;
const APOSTROPHE = /['’`´]/g;
const NON_WORD = /[^\p{L}\p{N}]+/u;
const DIGITS = /\d+/g;

/** Lowercase, strip accents, map codes/e-mails/URLs/numbers to placeholder words and split
 * into words. Never throws: any string (binary, lone surrogates, RTL) gives some array. */
export function tokenize(text: string): string[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  let s = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  s = s.toLowerCase();
  // Most messages are plain ASCII; decomposing those to strip accents would be wasted work.
  if (NON_ASCII.test(s)) s = s.normalize('NFKD').replace(COMBINING_MARKS, '');
  // Each placeholder pattern needs a character most messages lack (`http`/`www.`, `@`, a
  // digit, `-`); a replace that cannot match returns the text unchanged, so it is skipped.
  if (s.includes('http') || s.includes('www.')) s = s.replace(URL, ' zzurl ');
  if (s.includes('@')) s = s.replace(EMAIL, ' zzemail ');
  const hasDigit = /\d/.test(s);
  if (hasDigit) s = s.replace(ORDER_CODE, ' zzorder ');
  if (s.includes('-')) s = s.replace(TICKET_CODE, ' zzorder ');
  s = s.replace(APOSTROPHE, '');
  if (hasDigit) s = s.replace(DIGITS, '0'); // the code placeholders hold no digit
  const out: string[] = [];
  for (const w of s.split(NON_WORD)) {
    if (w.length === 0) continue;
    out.push(w);
    if (out.length >= MAX_TOKENS) break;
  }
  return out;
}

function hashString(seed: number, s: string, from: number, to: number): number {
  let h = seed;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** Bucket of a whole word: also used to ask the model "have you seen this word". */
export function wordBucket(word: string): number {
  return (hashString(SEED_WORD, word, 0, word.length) >>> 0) & HASH_MASK;
}

/** A sparse L2-normalised feature vector: parallel arrays of bucket index and value. */
export type FeatureVector = { index: Int32Array; value: Float32Array; words: string[] };

/** Scratch space shared by every call (the classifier is synchronous, so no interleaving):
 * a dense accumulator plus the list of buckets touched, cleared after each use. */
const acc = new Uint8Array(HASH_SIZE);
const touched = new Int32Array(HASH_SIZE);

export function featurize(text: string): FeatureVector {
  const words = tokenize(text);
  let n = 0;
  // Presence, not counts: a word pasted 500 times is no more of a request than once, and
  // counts would let a long repetitive message drown the sentence that states the intent.
  const add = (bucket: number, code: number): void => {
    const old = acc[bucket]!;
    if (old === 0) touched[n++] = bucket;
    if (code > old) acc[bucket] = code;
  };
  let prevHash = 0;
  for (let t = 0; t < words.length; t++) {
    const word = words[t]!;
    const wh = hashString(SEED_WORD, word, 0, word.length);
    add((wh >>> 0) & HASH_MASK, C_WORD);
    const bh = Math.imul((t === 0 ? SEED_BIGRAM : prevHash) ^ 0x5bd1e995, 31) ^ wh;
    add((Math.imul(bh, 0x01000193) >>> 0) & HASH_MASK, C_BIGRAM);
    prevHash = wh;
    if (word.length > MAX_WORD_CHARS) continue;
    const padded = `^${word}$`;
    for (let g = 3; g <= 5; g++) {
      const seed = SEED_CHAR[g as 3 | 4 | 5];
      for (let i = 0; i + g <= padded.length; i++) {
        add((hashString(seed, padded, i, i + g) >>> 0) & HASH_MASK, C_CHAR);
      }
    }
  }
  // Closing bigram (last word, end) lets "... help me" differ from "help me ...".
  if (words.length > 0)
    add((Math.imul(prevHash ^ 0x27d4eb2d, 0x01000193) >>> 0) & HASH_MASK, C_CLOSING);
  const index = new Int32Array(n);
  const value = new Float32Array(n);
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const b = touched[i]!;
    const v = WEIGHT_OF[acc[b]!]!;
    index[i] = b;
    value[i] = v;
    norm += v * v;
    acc[b] = 0;
  }
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < n; i++) value[i] = value[i]! * inv;
  }
  return { index, value, words };
}
