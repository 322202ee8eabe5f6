import { createHash } from 'node:crypto';
import PQueue from 'p-queue';
import { z } from 'zod';
import type { Metrics } from '../../metrics.js';
import { INTENTS } from '../types.js';
import { chatJson, type LlmFailure, type LlmResult } from './client.js';
import {
  DEFAULT_LLM_CACHE_SIZE,
  DEFAULT_LLM_CONCURRENCY,
  DEFAULT_LLM_REQUESTS_PER_MINUTE,
  type LlmConfig,
} from './config.js';
import { LruCache } from './lru-cache.js';
import { classificationMessages, MAX_PROMPT_CHARS } from './prompt.js';

/** An intent outside INTENTS fails the enum, so the call falls back. */
const intentProposal = z.object({ intent: z.enum(INTENTS), confidence: z.number().min(0).max(1) });
export type IntentProposal = z.infer<typeof intentProposal>;

/** Why there is no proposal: what went wrong with the request; `busy` when the rate limit
 * gave the message no turn within the request timeout (no request was made); `internal` for
 * a fault in this code rather than at the endpoint. */
export type ClassifierFailure = LlmFailure | 'busy' | 'internal';
export type ClassifierResult =
  | { ok: true; data: IntentProposal }
  | { ok: false; reason: ClassifierFailure; detail?: string };

/** The LLM brain's classification, as the pipeline is given it (the optional `llm`
 * dependency). `classify` never throws: every failure is a result, and the caller keeps the
 * offline answer. */
export type LlmClassifier = {
  readonly model: string;
  classify(text: string): Promise<ClassifierResult>;
};

export type LlmMetrics = Pick<
  Metrics,
  'llmCalls' | 'llmCallSeconds' | 'llmCacheHits' | 'llmRateLimited'
>;

const OUTCOME: Record<LlmFailure, 'timeout' | 'invalid' | 'error'> = {
  timeout: 'timeout',
  network: 'error',
  http_status: 'error',
  bad_json: 'invalid',
  schema_mismatch: 'invalid',
  too_large: 'invalid',
};

/** Asks an OpenAI-compatible endpoint for one message's intent, within limits that hold per
 * process:
 * - at most `concurrency` requests in flight and `requestsPerMinute` started in any rolling
 *   minute (p-queue). A message that gets no turn within `timeoutMs` is `busy`: a triage job
 *   holds its conversation while it waits, so waiting longer would stall the chat;
 * - answers are kept in a bounded in-memory LRU keyed by a SHA-256 of the text as sent, so a
 *   text seen again (the same question from many buyers, a retried job) costs no request.
 *   A request in flight is shared the same way. Failures are not kept: the next message
 *   asks again. The cache is per process; workers do not share it. */
export function createLlmClassifier(config: LlmConfig, metrics: LlmMetrics): LlmClassifier {
  const queue = new PQueue({
    concurrency: config.concurrency ?? DEFAULT_LLM_CONCURRENCY,
    intervalCap: config.requestsPerMinute ?? DEFAULT_LLM_REQUESTS_PER_MINUTE,
    interval: 60_000,
    // Rolling window: fixed windows would allow twice the cap across a window boundary.
    strict: true,
  });
  const cache = new LruCache<string, Promise<ClassifierResult>>(
    config.cacheSize ?? DEFAULT_LLM_CACHE_SIZE,
  );

  async function request(prompt: string): Promise<ClassifierResult> {
    // Bounds the wait for a turn only: p-queue would also reject a running task when its
    // signal fires, and the request has its own timeout.
    const waiting = new AbortController();
    const timer = setTimeout(() => waiting.abort(), config.timeoutMs);
    try {
      return await queue.add(
        () => {
          clearTimeout(timer);
          return timed(prompt);
        },
        { signal: waiting.signal },
      );
    } catch (error) {
      if (waiting.signal.aborted) {
        metrics.llmRateLimited.inc();
        return { ok: false, reason: 'busy' };
      }
      // chatJson returns its failures; anything thrown here is a fault of ours, and still
      // must not cost the buyer their answer.
      metrics.llmCalls.inc({ outcome: 'error' });
      return { ok: false, reason: 'internal', detail: describe(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  async function timed(prompt: string): Promise<LlmResult<IntentProposal>> {
    const started = performance.now();
    const result = await chatJson(config, classificationMessages(prompt), intentProposal);
    const outcome = result.ok ? 'ok' : OUTCOME[result.reason];
    metrics.llmCalls.inc({ outcome });
    metrics.llmCallSeconds.observe({ outcome }, (performance.now() - started) / 1000);
    return result;
  }

  return {
    model: config.model,
    classify(text) {
      const prompt = text.slice(0, MAX_PROMPT_CHARS);
      const key = createHash('sha256').update(prompt).digest('base64');
      const known = cache.get(key);
      if (known) {
        metrics.llmCacheHits.inc();
        return known;
      }
      const pending = request(prompt);
      cache.set(key, pending);
      void pending.then((result) => {
        if (!result.ok && cache.get(key) === pending) cache.delete(key);
      });
      return pending;
    },
  };
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
