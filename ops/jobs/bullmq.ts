import { type Job, type JobsOptions, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { microBatch } from '../../db/micro-batch.js';
import { isRetryable } from '../errors.js';
import type { Logger } from '../logger.js';
import type { JobName, JobPayload } from './catalog.js';
import type { QueueName } from './define.js';
import { prepareJob, runJob } from './run-job.js';
import type { Enqueued, EnqueueOptions, JobEngine, JobEngineHealth, JobHandlers } from './types.js';

export type BullmqOptions = {
  redisUrl: string;
  /** Key prefix in Redis; tests use a fresh one each so they never see each other's jobs. */
  prefix?: string;
  concurrency?: number;
  log: Logger;
};

// Keep finished jobs long enough that a redelivered message within a day hits the same
// job id and is dropped, but not forever.
const KEEP_COMPLETED = { age: 24 * 3600, count: 50_000 };
const KEEP_FAILED = { age: 7 * 24 * 3600 };

export function createBullmqEngine(options: BullmqOptions): JobEngine {
  const prefix = options.prefix ?? 'ticketops';
  // BullMQ needs maxRetriesPerRequest: null so blocking commands wait through reconnects.
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', (error) => options.log.warn({ err: error }, 'jobs: redis error'));
  const workers: Worker[] = [];
  let closing = false;

  type Adding = { name: string; data: unknown; opts: JobsOptions };
  const queues = new Map<QueueName, { queue: Queue; add: (job: Adding) => Promise<Job> }>();
  const queueFor = (name: QueueName) => {
    let entry = queues.get(name);
    if (!entry) {
      const queue = new Queue(name, { connection, prefix });
      // Jobs enqueued at the same moment (a burst of ingested messages) go to Redis in one
      // addBulk: one round trip for the batch instead of one per job.
      const add = microBatch((jobs: Adding[]) => queue.addBulk(jobs), { maxBatch: 100 });
      entry = { queue, add };
      queues.set(name, entry);
    }
    return entry;
  };

  return {
    kind: 'bullmq',
    async enqueue<K extends JobName>(name: K, payload: JobPayload<K>, opts: EnqueueOptions = {}) {
      if (closing) throw new Error('jobs: engine is shutting down');
      const { definition, data, id } = prepareJob(name, payload, opts);
      // BullMQ ignores an add whose id exists (two racing adds still make one job). It does
      // not say which case it was, and asking first would cost a round trip per job.
      const job = await queueFor(definition.queue).add({
        name,
        data,
        opts: {
          jobId: id,
          attempts: definition.attempts,
          backoff: { type: definition.backoff.type, delay: definition.backoff.delayMs },
          delay: opts.delayMs,
          removeOnComplete: KEEP_COMPLETED,
          removeOnFail: KEEP_FAILED,
        },
      });
      return { id: job.id ?? id ?? '' } satisfies Enqueued;
    },

    async work(handlers: JobHandlers, names: readonly QueueName[]) {
      for (const queueName of names) {
        const worker = new Worker(
          queueName,
          async (job) => {
            const log = options.log.child({
              job: job.name,
              jobId: job.id,
              attempt: job.attemptsMade + 1,
            });
            try {
              return await runJob(handlers, job.name, job.data, {
                jobId: job.id ?? '',
                attempt: job.attemptsMade + 1,
                log,
              });
            } catch (error) {
              log.warn({ err: error }, 'job attempt failed');
              // A permanent failure must not be retried: tell BullMQ so.
              if (!isRetryable(error)) throw new UnrecoverableError((error as Error).message);
              throw error;
            }
          },
          { connection, prefix, concurrency: options.concurrency ?? 8 },
        );
        worker.on('error', (error) => options.log.error({ err: error }, 'jobs: worker error'));
        workers.push(worker);
      }
      await Promise.all(workers.map((w) => w.waitUntilReady()));
    },

    async health(): Promise<JobEngineHealth> {
      try {
        await connection.ping();
        return { ok: true, engine: 'bullmq' };
      } catch (error) {
        return { ok: false, engine: 'bullmq', detail: (error as Error).message };
      }
    },

    async close(timeoutMs = 30_000) {
      closing = true;
      // Worker.close() stops fetching and waits for active jobs; past the timeout we force it
      // and BullMQ's stalled-job check hands the job to another worker.
      const graceful = Promise.all(workers.map((w) => w.close()));
      const timedOut = await Promise.race([
        graceful.then(() => false),
        new Promise<boolean>((r) => setTimeout(() => r(true), timeoutMs).unref()),
      ]);
      if (timedOut) await Promise.all(workers.map((w) => w.close(true)));
      await Promise.all([...queues.values()].map(({ queue }) => queue.close()));
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
