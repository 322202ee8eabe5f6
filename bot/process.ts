import type { FastifyInstance } from 'fastify';
import { createJobHandlers, createRuntime, type Runtime } from '../ops/app/index.js';
import { ValidationError } from '../ops/errors.js';
import { QUEUE_NAMES, type QueueName } from '../ops/jobs/index.js';
import { createHttpServer } from './http/server.js';

export type ProcessRole = 'start' | 'bot' | 'worker';

/** Which queues a role consumes: `bot` sends replies (it holds the channel connections),
 * `worker` does everything else, `start` does both. */
const QUEUES_BY_ROLE: Record<ProcessRole, readonly QueueName[]> = {
  start: QUEUE_NAMES,
  bot: ['outbound'],
  worker: QUEUE_NAMES.filter((q) => q !== 'outbound'),
};

export type RunningProcess = {
  runtime: Runtime;
  http?: FastifyInstance;
  url?: string;
  stop(reason?: string): Promise<void>;
};

export type BootOptions = {
  env?: Record<string, string | undefined>;
  /** Called after migrations, before intake opens (the demo seed hooks in here). */
  beforeListen?: (runtime: Runtime) => Promise<void>;
};

/** Boots one Ticketops process: config, database (migrated), jobs, HTTP. */
export async function bootProcess(
  role: ProcessRole,
  options: BootOptions = {},
): Promise<RunningProcess> {
  const runtime = await createRuntime(options.env);
  try {
    if (role !== 'start' && !runtime.env.REDIS_URL) {
      throw new ValidationError(
        `REDIS_URL: \`ticketops ${role}\` shares work with other processes through Redis; set REDIS_URL, or run \`ticketops start\` for the single-process embedded mode`,
      );
    }
    await runtime.database.migrate();
    await options.beforeListen?.(runtime);
    await runtime.jobs.work(createJobHandlers(runtime.handlerDeps()), QUEUES_BY_ROLE[role]);
    const sweeper = role === 'bot' ? undefined : startSweeper(runtime);
    let http: FastifyInstance | undefined;
    let url: string | undefined;
    if (role !== 'worker') {
      http = await createHttpServer(runtime, runtime.metrics);
      url = await http.listen({ port: runtime.env.PORT, host: runtime.env.HOST });
    }
    runtime.log.info({ role, url, queues: QUEUES_BY_ROLE[role] }, 'ticketops: started');
    return {
      runtime,
      http,
      url,
      async stop(reason = 'stop') {
        runtime.log.info({ reason }, 'ticketops: shutting down');
        // Order matters: stop taking requests, let running jobs finish, then close storage.
        await http?.close();
        clearInterval(sweeper);
        await runtime.close();
        runtime.log.info('ticketops: stopped');
      },
    };
  } catch (error) {
    await runtime.close().catch(() => {});
    throw error;
  }
}

/** Every minute, one sweep across all workers (the job id is the minute): re-enqueues
 * messages a crash left between store and enqueue. */
function startSweeper(runtime: Runtime): NodeJS.Timeout {
  const timer = setInterval(() => {
    const round = `sweep-${Math.floor(Date.now() / 60_000)}`;
    runtime.jobs.enqueue('pipeline.sweep', { round }).catch((error) => {
      runtime.log.warn({ err: error }, 'sweep: enqueue failed');
    });
  }, 60_000);
  timer.unref();
  return timer;
}

/** SIGTERM / SIGINT stop the process gracefully; a second signal exits at once. */
export function stopOnSignals(running: RunningProcess): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    running.stop(signal).then(
      () => process.exit(0),
      (error) => {
        running.runtime.log.error({ err: error }, 'ticketops: shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
