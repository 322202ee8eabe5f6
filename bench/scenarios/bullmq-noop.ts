/** Baseline: how fast raw BullMQ moves no-op jobs through this Redis. Job handlers can only
 * be slower than this; their figures are read against it. */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { dropPrefix } from '../../ops/jobs/drop-prefix.js';
import {
  assertLoopback,
  type BenchResult,
  benchPrefix,
  benchResult,
  perSecond,
  type Scenario,
} from '../scenario.js';

const CONCURRENCY = 50;

export const bullmqNoop: Scenario = {
  name: 'bullmq-noop',
  description: 'raw BullMQ: addBulk N no-op jobs, one Worker, jobs completed per second',
  async run(context): Promise<BenchResult> {
    assertLoopback(context.redisUrl, 'REDIS_URL');
    const jobs = context.quick ? 2_000 : 20_000;
    const prefix = benchPrefix();
    const connection = new Redis(context.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue('noop', { connection, prefix });
    // BullMQ leaves a connection it was given open; this one is closed below so the bench exits.
    const workerConnection = new Redis(context.redisUrl, { maxRetriesPerRequest: null });
    let worker: Worker | undefined;
    try {
      for (let i = 0; i < jobs; i += 1_000) {
        const n = Math.min(1_000, jobs - i);
        const batch = Array.from({ length: n }, (_, j) => ({ name: 'noop', data: { i: i + j } }));
        await queue.addBulk(batch.map((b) => ({ ...b, opts: { removeOnComplete: true } })));
      }
      let completed = 0;
      const started = performance.now();
      const done = new Promise<void>((resolve, reject) => {
        worker = new Worker('noop', async () => {}, {
          connection: workerConnection,
          prefix,
          concurrency: CONCURRENCY,
        });
        worker.on('completed', () => {
          if (++completed === jobs) resolve();
        });
        worker.on('failed', (_job, error) => reject(error));
      });
      await done;
      const ms = performance.now() - started;
      const jobsPerSecond = perSecond(jobs, ms);
      return benchResult(
        bullmqNoop,
        context,
        'jobsPerSecond',
        { jobs, concurrency: CONCURRENCY, seconds: ms / 1000, jobsPerSecond },
        () => `${jobs} no-op jobs in ${(ms / 1000).toFixed(2)} s: ${jobsPerSecond} jobs/s`,
      );
    } finally {
      await worker?.close();
      workerConnection.disconnect();
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
      connection.disconnect();
      await dropPrefix(context.redisUrl, prefix);
    }
  },
};
