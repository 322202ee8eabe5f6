import {
  INTENSIFIERS,
  LEXICON,
  NEGATIONS,
  NEGATIVE_EMOJI,
  POSITIVE_EMOJI,
} from './sentiment-lexicon.js';
import type { Sentiment } from './types.js';

const TOKEN_RE = /[\p{L}']+|\p{Extended_Pictographic}\uFE0F?|!/gu;
/** TOKEN_RE for lowercased ASCII text, the usual case: there `\p{L}` is `[a-z]` and no
 * character is Extended_Pictographic (the first, ©, is U+00A9), so the tokens are the same. */
const ASCII_TOKEN_RE = /[a-z']+|!/g;
const NON_ASCII = /[^\p{ASCII}]/u;
const NEGATION_WINDOW = 3;
/** VADER-style squashing: sum / sqrt(sum² + ALPHA) maps any total into (-1, 1), so one strong
 * word reads clearly and many words saturate instead of growing without bound. */
const ALPHA = 4;
const THRESHOLD = 0.2;

/** Lexicon sentiment: word and emoji polarities, a negation flips (and damps) the next few
 * words ("not happy" is negative, "not bad" mildly positive), intensifiers scale the next
 * polar word, exclamation marks amplify whatever polarity there is. */
export function analyzeSentiment(text: string): Sentiment {
  let sum = 0;
  let negateLeft = 0;
  let intensity = 1;
  let exclamations = 0;
  const lower = text.toLowerCase().replace(/[’‘]/g, "'");
  for (const m of lower.matchAll(NON_ASCII.test(lower) ? TOKEN_RE : ASCII_TOKEN_RE)) {
    const token = m[0];
    if (token === '!') {
      exclamations++;
      continue;
    }
    // Every emoji in the lists starts with a non-ASCII character: skip the lookups for words.
    let polarity = LEXICON.get(token) ?? (token.charCodeAt(0) < 0x80 ? 0 : emojiPolarity(token));
    if (NEGATIONS.has(token) || token.endsWith("n't")) {
      negateLeft = NEGATION_WINDOW;
      if (polarity === 0) continue;
    }
    const scale = INTENSIFIERS.get(token);
    if (scale !== undefined) {
      intensity = scale;
      continue;
    }
    if (polarity !== 0) {
      if (negateLeft > 0 && !NEGATIONS.has(token)) polarity *= -0.7;
      sum += polarity * intensity;
      intensity = 1;
    }
    if (negateLeft > 0) negateLeft--;
  }
  if (sum !== 0) sum *= 1 + Math.min(exclamations, 4) * 0.1;
  const score = Math.round((sum / Math.sqrt(sum * sum + ALPHA)) * 1000) / 1000;
  const label = score >= THRESHOLD ? 'positive' : score <= -THRESHOLD ? 'negative' : 'neutral';
  return { label, score: Object.is(score, -0) ? 0 : score };
}

function emojiPolarity(token: string): number {
  if (POSITIVE_EMOJI.has(token) || POSITIVE_EMOJI.has(token.replace('\uFE0F', ''))) return 1;
  if (NEGATIVE_EMOJI.has(token)) return -1;
  return 0;
}
