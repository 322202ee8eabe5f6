import { randomUUID } from 'node:crypto';
import PQueue from 'p-queue';
import { isRetryable } from '../errors.js';
import type { Logger } from '../logger.js';
import type { JobName, JobPayload } from './catalog.js';
import { backoffDelay, type JobDefinition, type QueueName } from './define.js';
import { prepareJob, runJob } from './run-job.js';
import type { EnqueueOptions, JobEngine, JobHandlers } from './types.js';

type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

type PendingJob = { id: string; name: JobName; data: unknown; definition: JobDefinition };

export type InProcessOptions = { concurrency?: number; log: Logger; keepFinished?: number };

/** The embedded default's job engine: the same catalog, payload checks, job-id dedupe,
 * retries with backoff and PermanentError semantics as BullMQ, in this process's memory.
 * What it cannot do is survive a restart: delayed and retrying jobs are lost on exit (the
 * close() log says how many), which is why production runs on Redis. */
export function createInProcessEngine(options: InProcessOptions): JobEngine {
  const pool = new PQueue({ concurrency: options.concurrency ?? 4 });
  const keepFinished = options.keepFinished ?? 10_000;
  const states = new Map<string, JobState>();
  const finished: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const waitingFor = new Map<QueueName, PendingJob[]>();
  let handlers: JobHandlers | undefined;
  const served = new Set<QueueName>();
  let closing = false;

  const remember = (id: string, state: JobState) => {
    states.set(id, state);
    if (state === 'completed' || state === 'failed') {
      finished.push(id);
      // Bounded memory, like BullMQ's removeOnComplete: forget the oldest finished ids.
      while (finished.length > keepFinished) states.delete(finished.shift()!);
    }
  };

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  const run = (job: PendingJob, attempt: number): void => {
    if (!handlers || !served.has(job.definition.queue)) {
      const list = waitingFor.get(job.definition.queue) ?? [];
      list.push(job);
      waitingFor.set(job.definition.queue, list);
      return;
    }
    const active = handlers;
    remember(job.id, 'waiting');
    void pool.add(async () => {
      remember(job.id, 'active');
      const log = options.log.child({ job: job.name, jobId: job.id, attempt });
      try {
        await runJob(active, job.name, job.data, { jobId: job.id, attempt, log });
        remember(job.id, 'completed');
      } catch (error) {
        const retry = isRetryable(error) && attempt < job.definition.attempts && !closing;
        log.warn({ err: error, retry }, 'job attempt failed');
        if (retry) {
          remember(job.id, 'delayed');
          later(backoffDelay(job.definition.backoff, attempt), () => run(job, attempt + 1));
        } else {
          remember(job.id, 'failed');
        }
      }
    });
  };

  return {
    kind: 'in-process',
    async enqueue<K extends JobName>(name: K, payload: JobPayload<K>, opts: EnqueueOptions = {}) {
      if (closing) throw new Error('jobs: engine is shutting down');
      const { definition, data, id } = prepareJob(name, payload, opts);
      const jobId = id ?? randomUUID();
      if (states.has(jobId)) return { id: jobId };
      const job: PendingJob = { id: jobId, name, data, definition };
      if (opts.delayMs && opts.delayMs > 0) {
        remember(jobId, 'delayed');
        later(opts.delayMs, () => run(job, 1));
      } else {
        run(job, 1);
      }
      // A job enqueued for a queue nobody serves yet is remembered too, so it dedupes.
      if (!states.has(jobId)) remember(jobId, 'waiting');
      return { id: jobId };
    },

    async work(jobHandlers: JobHandlers, queues: readonly QueueName[]) {
      handlers = jobHandlers;
      for (const queue of queues) {
        served.add(queue);
        const pending = waitingFor.get(queue) ?? [];
        waitingFor.delete(queue);
        for (const job of pending) run(job, 1);
      }
    },

    async health() {
      return {
        ok: !closing,
        engine: 'in-process' as const,
        detail: `${pool.size} queued, ${pool.pending} running`,
      };
    },

    async close(timeoutMs = 30_000) {
      closing = true;
      const dropped = timers.size;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      if (dropped > 0)
        options.log.warn({ dropped }, 'jobs: delayed or retrying jobs dropped at shutdown');
      await Promise.race([pool.onIdle(), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    },
  };
}
