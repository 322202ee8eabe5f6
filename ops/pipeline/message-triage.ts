import type { MessageRow } from '../../db/queries/conversations.js';
import type { StoredTriage } from '../../db/schema/index.js';
import { classify, type DetailedClassification, INTENTS, type Intent } from '../triage/index.js';

/** What the triage job decides on: the classification without its entities (the job reads
 * those from the message row, masked and digested), and which brain gave the intent. */
export type MessageTriage = Omit<DetailedClassification, 'entities'> & {
  source: StoredTriage['source'];
};

const KNOWN_INTENTS = new Set<string>(INTENTS);

/** The shape ingest stores in `messages.triage`. */
export function storedTriage(
  result: Omit<DetailedClassification, 'entities'>,
  source: StoredTriage['source'] = 'offline',
): StoredTriage {
  return {
    v: 1,
    source,
    intent: result.intent,
    confidence: result.confidence,
    alternatives: result.alternatives,
    category: result.category,
    severity: result.severity,
    severityReasons: result.severityReasons,
    sentiment: result.sentiment,
    language: result.language,
  };
}

/** The message's triage result: the one stored at ingest, or, for a row stored without one
 * (before the column existed), the offline brain's answer for its stored text. That text is
 * redacted; masking contacts does not change what a message is about. */
export function messageTriage(message: MessageRow, now: Date): MessageTriage {
  const stored = message.triage;
  if (stored?.v === 1 && KNOWN_INTENTS.has(stored.intent)) {
    const { v: _v, ...rest } = stored;
    // Only storedTriage() writes this column, from a classification of this same shape
    // version; the intent, the one field a later taxonomy change could strand, is checked.
    return { ...rest, intent: stored.intent as Intent } as MessageTriage;
  }
  const { entities: _entities, ...offline } = classify(message.text, { now });
  return { ...offline, source: 'offline' };
}
