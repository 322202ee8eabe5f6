/** The public face of ops/triage: what other folders may import from it. */
export { type ClassifyOptions, classify, type DetailedClassification } from './classify.js';
export { findEmails } from './entities/email.js';
export type { KnownEvent } from './entities/index.js';
export { findPaymentSpans } from './entities/payment-spans.js';
export { findPhones } from './entities/phone.js';
export {
  createLlmClassifier,
  type LlmClassifier,
  llmConfigFromEnv,
  refineClassification,
} from './llm/index.js';
export { offlineCovers } from './offline-languages.js';
export { PAYMENT_LABELS, redactPaymentData } from './redact-payment-data.js';
export { assessSeverity } from './severity.js';
export { INTENTS, type Intent } from './types.js';
