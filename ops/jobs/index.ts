/** The public face of ops/jobs: what other folders may import from it. */
export { QUEUE_NAMES, type QueueName } from './define.js';
export { createJobEngine } from './engine.js';
export type { JobEngine, JobHandlers } from './types.js';
