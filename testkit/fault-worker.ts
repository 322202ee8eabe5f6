/** A worker process consuming the approvals queue with the production job handlers and the
 * BullMQ engine, configured from the environment like `ticketops worker` (DATABASE_URL,
 * REDIS_URL, QUEUE_PREFIX, STRIPE_SECRET_KEY, STRIPE_API_BASE). The fault bench and the
 * crash test start it as a child and SIGKILL it mid-commit. Prints "ready" once consuming. */
import { openDatabase } from '../db/client.js';
import { createHandlerDeps } from '../ops/app/handler-deps.js';
import { createJobHandlers } from '../ops/app/job-handlers.js';
import { parseEnv } from '../ops/config/env.js';
import { parsePolicy } from '../ops/config/policy.js';
import { createStripeClient } from '../ops/integrations/stripe/stripe-client.js';
import { createBullmqEngine } from '../ops/jobs/bullmq.js';
import { createLogger } from '../ops/logger.js';

const env = parseEnv();
if (!env.DATABASE_URL || !env.REDIS_URL)
  throw new Error('worker: DATABASE_URL and REDIS_URL are required');
const log = createLogger(env.LOG_LEVEL);
const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 8);
const database = await openDatabase({
  url: env.DATABASE_URL,
  dataDir: '',
  poolSize: concurrency + 2,
});
const jobs = createBullmqEngine({
  redisUrl: env.REDIS_URL,
  prefix: env.QUEUE_PREFIX,
  log,
  concurrency,
});
await jobs.work(
  createJobHandlers(
    createHandlerDeps({
      db: database.db,
      jobs,
      policy: parsePolicy(''),
      log,
      stripe: createStripeClient(env),
    }),
  ),
  ['approvals'],
);
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void jobs
    .close(5_000)
    .then(() => database.close())
    .then(() => process.exit(0));
});
