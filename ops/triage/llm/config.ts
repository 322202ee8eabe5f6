import { envSchema } from '../../config/index.js';

export type LlmConfig = {
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Per-request budget; past it the offline answer is used. */
  timeoutMs: number;
  /** Requests in flight at once (default DEFAULT_LLM_CONCURRENCY). */
  concurrency?: number | undefined;
  /** Requests started in any rolling minute (default DEFAULT_LLM_REQUESTS_PER_MINUTE). */
  requestsPerMinute?: number | undefined;
  /** Answers kept, keyed by a hash of the text (default DEFAULT_LLM_CACHE_SIZE; 0 keeps none). */
  cacheSize?: number | undefined;
};

export const DEFAULT_LLM_TIMEOUT_MS = 8_000;
/** A local server (llama.cpp, vLLM on one GPU) answers a few requests at a time well; more
 * only queue there. */
export const DEFAULT_LLM_CONCURRENCY = 4;
/** Two a second. Past it messages keep their offline answer rather than queue up: raise it
 * to what the provider allows. */
export const DEFAULT_LLM_REQUESTS_PER_MINUTE = 120;
/** A hash key and a short answer each: a few MB at most. */
export const DEFAULT_LLM_CACHE_SIZE = 10_000;

const llmEnv = envSchema.pick({
  LLM_BASE_URL: true,
  LLM_API_KEY: true,
  LLM_MODEL: true,
  LLM_TIMEOUT_MS: true,
  LLM_CONCURRENCY: true,
  LLM_REQUESTS_PER_MINUTE: true,
  LLM_CACHE_SIZE: true,
});

/** The LLM brain is on only when both a base URL and a model are configured. A malformed
 * value turns it off (the offline brain is always a complete answer) rather than stopping the
 * process; the full env parse at start reports it. */
export function llmConfigFromEnv(
  env: Record<string, string | undefined> = process.env,
): LlmConfig | undefined {
  const parsed = llmEnv.safeParse(env);
  if (!parsed.success || !parsed.data.LLM_BASE_URL || !parsed.data.LLM_MODEL) return undefined;
  return {
    baseUrl: parsed.data.LLM_BASE_URL,
    apiKey: parsed.data.LLM_API_KEY,
    model: parsed.data.LLM_MODEL,
    timeoutMs: parsed.data.LLM_TIMEOUT_MS ?? DEFAULT_LLM_TIMEOUT_MS,
    concurrency: parsed.data.LLM_CONCURRENCY,
    requestsPerMinute: parsed.data.LLM_REQUESTS_PER_MINUTE,
    cacheSize: parsed.data.LLM_CACHE_SIZE,
  };
}
