/** Optional LLM brain (any OpenAI-compatible endpoint). It proposes; it never acts. */
export { draftReply, LLM_FALLBACK_BELOW, type Proposal, refineClassification } from './brain.js';
export type { LlmFailure } from './client.js';
export { DEFAULT_LLM_TIMEOUT_MS, type LlmConfig, llmConfigFromEnv } from './config.js';
export type { DraftRequest } from './prompt.js';
