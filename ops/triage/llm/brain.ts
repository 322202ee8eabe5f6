import { z } from 'zod';
import { categoryOf } from '../category.js';
import { assessSeverity, type SeverityContext } from '../severity.js';
import { type Classification, INTENTS } from '../types.js';
import { chatJson, type LlmFailure } from './client.js';
import type { LlmConfig } from './config.js';
import { classificationMessages, type DraftRequest, draftMessages } from './prompt.js';

/** Below this offline confidence the LLM is asked for a second opinion. */
export const LLM_FALLBACK_BELOW = 0.5;
/** Buyer text sent to the endpoint is capped like the offline brain's input. */
const MAX_PROMPT_CHARS = 4_000;
const MAX_REPLY_CHARS = 1_000;

/** An intent outside INTENTS fails the enum, so the call falls back. */
const intentProposal = z.object({ intent: z.enum(INTENTS), confidence: z.number().min(0).max(1) });
const draftProposal = z.object({ reply: z.string().trim().min(1).max(MAX_REPLY_CHARS) });

export type Proposal<T> =
  | { source: 'llm'; value: T }
  | { source: 'offline'; value: T; fallbackReason: LlmFailure | 'disabled' | 'confident' };

/** Second opinion on a low-confidence classification. Returns the offline result unless the
 * LLM is configured, the offline brain was unsure, and the endpoint answered a valid intent;
 * then intent and confidence come from the LLM and category and severity follow from that
 * intent. Entities, sentiment and language stay offline (deterministic, span-exact). */
export async function refineClassification(
  text: string,
  offline: Classification,
  config: LlmConfig | undefined,
  context: SeverityContext = {},
): Promise<Proposal<Classification>> {
  if (!config) return { source: 'offline', value: offline, fallbackReason: 'disabled' };
  if (offline.confidence >= LLM_FALLBACK_BELOW)
    return { source: 'offline', value: offline, fallbackReason: 'confident' };
  const result = await chatJson(
    config,
    classificationMessages(text.slice(0, MAX_PROMPT_CHARS)),
    intentProposal,
  );
  if (!result.ok) return { source: 'offline', value: offline, fallbackReason: result.reason };
  const { intent, confidence } = result.data;
  const alternatives = [
    { intent: offline.intent, confidence: offline.confidence },
    ...offline.alternatives,
  ]
    .filter((a) => a.intent !== intent)
    .slice(0, 3);
  return {
    source: 'llm',
    value: {
      ...offline,
      intent,
      confidence,
      alternatives,
      category: categoryOf(intent),
      severity: assessSeverity(text, intent, context).severity,
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
