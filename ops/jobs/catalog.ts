import { z } from 'zod';
import { defineJob } from './define.js';

/** Every job Ticketops runs: name -> payload schema, queue, retries, timeout. Handlers are
 * typed against this map (see JobHandlers), so a job without a handler does not compile.
 * Payloads carry ids, never whole records: handlers reload state, so a retry sees the truth. */
export const jobCatalog = {
  /** Round trip through the job engine and the database; used by health checks and tests. */
  'system.ping': defineJob({
    queue: 'system',
    schema: z.object({ nonce: z.string().min(1).max(100) }).strict(),
    attempts: 3,
    backoff: { type: 'exponential', delayMs: 200 },
    timeoutMs: 10_000,
    jobId: (p) => `ping-${p.nonce}`,
  }),
} as const;

export type JobCatalog = typeof jobCatalog;
export type JobName = keyof JobCatalog;
export type JobPayload<K extends JobName> = z.infer<JobCatalog[K]['schema']>;
