import type { Logger } from '../logger.js';
import type { JobName, JobPayload } from './catalog.js';
import type { QueueName } from './define.js';

export type JobContext = {
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  log: Logger;
  signal: AbortSignal;
};

export type JobHandler<K extends JobName> = (
  payload: JobPayload<K>,
  ctx: JobContext,
) => Promise<unknown>;

export type JobHandlers = { [K in JobName]: JobHandler<K> };

export type EnqueueOptions = { jobId?: string; delayMs?: number };
export type Enqueued = { id: string };

export type JobEngineHealth = { ok: boolean; engine: 'bullmq' | 'in-process'; detail?: string };

/** What the rest of Ticketops sees of the job engine: BullMQ on Redis, or the in-process
 * runner of the embedded default. Both validate payloads, dedupe by job id, retry with the
 * catalog's backoff and stop retrying on a PermanentError. */
export interface JobEngine {
  readonly kind: 'bullmq' | 'in-process';
  enqueue<K extends JobName>(
    name: K,
    payload: JobPayload<K>,
    options?: EnqueueOptions,
  ): Promise<Enqueued>;
  /** Starts consuming the given queues with these handlers. */
  work(handlers: JobHandlers, queues: readonly QueueName[]): Promise<void>;
  health(): Promise<JobEngineHealth>;
  /** Stops intake, lets running and queued jobs finish (up to the timeout), closes connections. */
  close(timeoutMs?: number): Promise<void>;
}
