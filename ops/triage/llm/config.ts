import { envSchema } from '../../config/index.js';

export type LlmConfig = {
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Per-request budget; past it the offline answer is used. */
  timeoutMs: number;
};

export const DEFAULT_LLM_TIMEOUT_MS = 8_000;

const llmEnv = envSchema.pick({ LLM_BASE_URL: true, LLM_API_KEY: true, LLM_MODEL: true });

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
    timeoutMs: DEFAULT_LLM_TIMEOUT_MS,
  };
}
