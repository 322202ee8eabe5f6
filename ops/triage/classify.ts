import { categoryOf } from './category.js';
import { type ExtractOptions, extractEntities } from './entities/index.js';
import { classifyIntent } from './intent/index.js';
import { detectLanguage } from './language.js';
import { analyzeSentiment } from './sentiment.js';
import { assessSeverity, type SeverityContext, type SeverityReason } from './severity.js';
import type { Classification } from './types.js';

export type ClassifyOptions = ExtractOptions & SeverityContext;

export type DetailedClassification = Classification & { severityReasons: SeverityReason[] };

/** Only the first 8 KB (UTF-16 code units) of a message is analysed. A buyer's message is a
 * few hundred characters; anything longer is a paste (a log, an email thread) whose start
 * says what it is about. The cap keeps triage time bounded by a constant whatever arrives,
 * so one hostile message cannot stall a worker. Entities after the cap are not reported;
 * spans still index the original text, since the analysed text is its prefix. */
export const MAX_ANALYSED_CHARS = 8 * 1024;

/** The intent model reads only the first 1 KB: a buyer states what they want at the start,
 * the model was trained on sentence-length examples, and the intent featurizer's cost grows
 * faster than linearly on some hostile inputs (many `@` without spaces), so a smaller
 * window keeps the worst case bounded. */
export const MAX_INTENT_CHARS = 1024;

const FALLBACK: DetailedClassification = {
  intent: 'out_of_scope',
  confidence: 0,
  alternatives: [],
  category: 'general',
  severity: 'P4',
  sentiment: { label: 'neutral', score: 0 },
  entities: [],
  language: 'und',
  severityReasons: [],
};

/** The offline brain: intent, category, severity, sentiment, entities and language for one
 * message. Deterministic for a given `options.now`; never throws — on an internal failure it
 * answers out_of_scope / P4 so the message still reaches a human queue. */
export function classify(text: unknown, options: ClassifyOptions = {}): DetailedClassification {
  try {
    const analysed = prefix(typeof text === 'string' ? text : '', MAX_ANALYSED_CHARS);
    const { intent, confidence, alternatives } = classifyIntent(prefix(analysed, MAX_INTENT_CHARS));
    const severity = assessSeverity(analysed, intent, options);
    return {
      intent,
      confidence,
      alternatives,
      category: categoryOf(intent),
      severity: severity.severity,
      sentiment: analyzeSentiment(analysed),
      entities: extractEntities(analysed, options),
      language: detectLanguage(analysed),
      severityReasons: severity.reasons,
    };
  } catch {
    return { ...FALLBACK, alternatives: [], entities: [], severityReasons: [] };
  }
}

/** The first `max` UTF-16 code units, not splitting a surrogate pair. */
function prefix(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.charCodeAt(max - 1);
  return text.slice(0, cut >= 0xd800 && cut <= 0xdbff ? max - 1 : max);
}
