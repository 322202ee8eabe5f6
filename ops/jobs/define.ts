import type { z } from 'zod';

/** The queues jobs live on. A process consumes the queues it is told to (a `bot` process
 * takes `outbound`, workers take the rest), so slow work never starves replies. */
export const QUEUE_NAMES = [
  'system',
  'triage',
  'outbound',
  'approvals',
  'checkin',
  'reports',
] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export type Backoff = { type: 'fixed' | 'exponential'; delayMs: number };

export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  queue: QueueName;
  schema: S;
  attempts: number;
  backoff: Backoff;
  /** A handler running longer than this fails the attempt (and is retried if attempts remain). */
  timeoutMs: number;
  /** Deterministic id from the payload: enqueueing the same work twice creates one job. */
  jobId?: (payload: z.infer<S>) => string;
};

export const defineJob = <S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> =>
  definition;

/** Delay before attempt `attempt + 1` after `attempt` failures (1-based), as BullMQ computes it. */
export function backoffDelay(backoff: Backoff, attempt: number): number {
  return backoff.type === 'fixed' ? backoff.delayMs : backoff.delayMs * 2 ** (attempt - 1);
}

/** BullMQ refuses custom ids containing ':' (its key separator); keep ids readable and safe. */
export function safeJobId(id: string): string {
  return id.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 200);
}
