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

  /** Runs one stored inbound message through the pipeline (classify -> respond). */
  'triage.message': defineJob({
    queue: 'triage',
    schema: z.object({ messageId: z.string().min(1).max(64) }).strict(),
    attempts: 5,
    backoff: { type: 'exponential', delayMs: 500 },
    timeoutMs: 30_000,
    jobId: (p) => p.messageId,
  }),

  /** Sends one stored outbound message through its channel's adapter. */
  'outbound.send': defineJob({
    queue: 'outbound',
    schema: z.object({ messageId: z.string().min(1).max(64) }).strict(),
    attempts: 8,
    backoff: { type: 'exponential', delayMs: 1_000 },
    timeoutMs: 30_000,
    jobId: (p) => p.messageId,
  }),

  /** Fires at a case's SLA due time and records a breach if the clock was not met. A check
   * that fires early enqueues the next `round` for the due time (see checkSla). Each round
   * has its own job id; the first run carries no round, so scheduling a case twice still
   * makes one job. */
  'cases.sla_check': defineJob({
    queue: 'triage',
    schema: z
      .object({
        caseId: z.string().min(1).max(64),
        clock: z.enum(['first_response', 'resolution']),
        round: z.number().int().min(1).max(100).optional(),
      })
      .strict(),
    attempts: 5,
    backoff: { type: 'exponential', delayMs: 1_000 },
    timeoutMs: 15_000,
    jobId: (p) => `${p.caseId}-${p.clock}${p.round ? `-r${p.round}` : ''}`,
  }),

  /** Re-enqueues messages left unhandled (a crash between store and enqueue). */
  'pipeline.sweep': defineJob({
    queue: 'system',
    schema: z.object({ round: z.string().min(1).max(40) }).strict(),
    attempts: 1,
    backoff: { type: 'fixed', delayMs: 1_000 },
    timeoutMs: 60_000,
    jobId: (p) => p.round,
  }),

  /** Carries out an approved approval (refund or order edit). The job id is the approval id,
   * so a double enqueue is one job; a retry reconciles with Stripe before acting. Many
   * attempts with long backoff: a Stripe outage should delay a refund, not lose it. */
  'approvals.commit': defineJob({
    queue: 'approvals',
    schema: z.object({ approvalId: z.string().min(1).max(64) }).strict(),
    attempts: 10,
    backoff: { type: 'exponential', delayMs: 2_000 },
    timeoutMs: 120_000,
    jobId: (p) => p.approvalId,
  }),

  /** Fires at an approval's expires_at: pending -> expired, buyer told a person follows up. */
  'approvals.expire': defineJob({
    queue: 'approvals',
    schema: z.object({ approvalId: z.string().min(1).max(64) }).strict(),
    attempts: 5,
    backoff: { type: 'exponential', delayMs: 2_000 },
    timeoutMs: 30_000,
    jobId: (p) => p.approvalId,
  }),
} as const;

export type JobCatalog = typeof jobCatalog;
export type JobName = keyof JobCatalog;
export type JobPayload<K extends JobName> = z.infer<JobCatalog[K]['schema']>;
