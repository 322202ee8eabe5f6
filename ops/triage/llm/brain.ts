import { z } from 'zod';
import { categoryOf } from '../category.js';
import { assessSeverity, type SeverityContext, type SeverityReason } from '../severity.js';
import type { Classification } from '../types.js';
import type { ClassifierFailure, LlmClassifier } from './classifier.js';
import { chatJson } from './client.js';
import type { LlmConfig } from './config.js';
import { type DraftRequest, draftMessages, MAX_PROMPT_CHARS } from './prompt.js';

const MAX_REPLY_CHARS = 1_000;

const draftProposal = z.object({ reply: z.string().trim().min(1).max(MAX_REPLY_CHARS) });

export type Proposal<T> =
  | { source: 'llm'; value: T }
  | {
      source: 'offline';
      value: T;
      fallbackReason: ClassifierFailure | 'disabled';
      /** what the failure said (an HTTP status, a schema message), for the log */
      detail?: string;
    };

/** What a second opinion replaces. Entities, sentiment and language stay offline
 * (deterministic, span-exact); severity reasons are recomputed when present. */
type Refinable = Pick<
  Classification,
  'intent' | 'confidence' | 'alternatives' | 'category' | 'severity'
> & { severityReasons?: SeverityReason[] };

/** Second opinion on a classification the caller is unsure of (the caller decides when to
 * ask). Returns the offline result unless the LLM is configured and answered a valid intent;
 * then intent and confidence come from the LLM, category and severity follow from that
 * intent, and the offline intent joins the alternatives. */
export async function refineClassification<C extends Refinable>(
  text: string,
  offline: C,
  llm: LlmClassifier | undefined,
  context: SeverityContext = {},
): Promise<Proposal<C>> {
  if (!llm) return { source: 'offline', value: offline, fallbackReason: 'disabled' };
  const result = await llm.classify(text);
  if (!result.ok) {
    const { reason, detail } = result;
    return { source: 'offline', value: offline, fallbackReason: reason, ...(detail && { detail }) };
  }
  const { intent, confidence } = result.data;
  const alternatives = [
    { intent: offline.intent, confidence: offline.confidence },
    ...offline.alternatives,
  ]
    .filter((a) => a.intent !== intent)
    .slice(0, 3);
  const severity = assessSeverity(text, intent, context);
  return {
    source: 'llm',
    value: {
      ...offline,
      intent,
      confidence,
      alternatives,
      category: categoryOf(intent),
      severity: severity.severity,
      ...(offline.severityReasons ? { severityReasons: severity.reasons } : {}),
    },
  };
}

/** A drafted reply for staff or the respond stage to use; `fallback` (a `t()` message) when
 * the LLM is off or fails. The draft is text only: sending it is someone else's decision. */
export async function draftReply(
  request: DraftRequest,
  fallback: string,
  config: LlmConfig | undefined,
): Promise<Proposal<string>> {
  if (!config) return { source: 'offline', value: fallback, fallbackReason: 'disabled' };
  const result = await chatJson(
    config,
    draftMessages({ ...request, text: request.text.slice(0, MAX_PROMPT_CHARS) }),
    draftProposal,
  );
  if (!result.ok) return { source: 'offline', value: fallback, fallbackReason: result.reason };
  return { source: 'llm', value: result.data.reply };
}
