/** The public face of ops/pipeline: what other folders may import from it. */
export type { PipelineDeps } from './context.js';
export { forgetIdentity } from './forget-identity.js';
export { handleInboundMessage } from './handle-message.js';
export { type IngestResult, ingestMessage, MAX_MESSAGE_CHARS } from './ingest.js';
export { maskEmail } from './redact.js';
export { sendReply } from './send.js';
export { sweepUnhandled } from './sweep-unhandled.js';
