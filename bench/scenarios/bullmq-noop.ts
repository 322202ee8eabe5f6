/** Baseline: how fast raw BullMQ moves no-op jobs through this Redis. Job handlers can only
 * be slower than this; their figures are read against it. */
import { randomBytes } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { assertLoopback, type BenchResult, perSecond, type Scenario } from '../scenario.js';

const CONCURRENCY = 50;

export const bullmqNoop: Scenario = {
  name: 'bullmq-noop',
  description: 'raw BullMQ: addBulk N no-op jobs, one Worker, jobs completed per second',
  async run(context): Promise<BenchResult> {
    assertLoopback(context.redisUrl, 'REDIS_URL');
    const jobs = context.quick ? 2_000 : 20_000;
    // A fresh prefix per run: nothing left by an earlier run is counted, and cleanup can
    // remove every key this run made.
    const prefix = `ticketops-bench-${randomBytes(4).toString('hex')}`;
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
      return {
        scenario: 'bullmq-noop',
        primary: 'jobsPerSecond',
        figures: { jobs, concurrency: CONCURRENCY, seconds: ms / 1000, jobsPerSecond },
        baseline: null,
        ratio: 1,
        summary: `${jobs} no-op jobs in ${(ms / 1000).toFixed(2)} s: ${jobsPerSecond} jobs/s`,
      };
    } finally {
      await worker?.close();
      workerConnection.disconnect();
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
      await removeKeys(connection, `${prefix}:*`);
      connection.disconnect();
    }
  },
};

async function removeKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
