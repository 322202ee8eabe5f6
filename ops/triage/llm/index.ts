/** Optional LLM brain (any OpenAI-compatible endpoint). It proposes; it never acts. */
export { draftReply, type Proposal, refineClassification } from './brain.js';
export {
  type ClassifierFailure,
  type ClassifierResult,
  createLlmClassifier,
  type IntentProposal,
  type LlmClassifier,
  type LlmMetrics,
} from './classifier.js';
export type { LlmFailure } from './client.js';
export {
  DEFAULT_LLM_CACHE_SIZE,
  DEFAULT_LLM_CONCURRENCY,
  DEFAULT_LLM_REQUESTS_PER_MINUTE,
  DEFAULT_LLM_TIMEOUT_MS,
  type LlmConfig,
  llmConfigFromEnv,
} from './config.js';
export type { DraftRequest } from './prompt.js';
