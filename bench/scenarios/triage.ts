/** The buyer pipeline end to end on real PostgreSQL + BullMQ: ingest -> triage job ->
 * decision -> replies stored and sent. Sustained messages per second (read against raw
 * BullMQ no-op jobs), ingest-to-reply latency at a fixed 300 msg/s, and memory over the run. */
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { projectRoot } from '../../db/paths.js';
import { createHandlerDeps } from '../../ops/app/handler-deps.js';
import { createJobHandlers } from '../../ops/app/job-handlers.js';
import { parsePolicy } from '../../ops/config/policy.js';
import { createBullmqEngine } from '../../ops/jobs/bullmq.js';
import { dropPrefix } from '../../ops/jobs/drop-prefix.js';
import { createLogger } from '../../ops/logger.js';
import { type IngestDeps, ingestMessage } from '../../ops/pipeline/ingest.js';
import { type BenchChild, startChild, stopChild } from '../../testkit/child-process.js';
import { cpuMsPer, processRss, sampleCpu } from '../cpu-split.js';
import {
  assertLoopback,
  type BenchResult,
  benchPrefix,
  benchResult,
  perSecond,
  type Scenario,
  withBenchDatabase,
} from '../scenario.js';
import { bullmqNoop } from './bullmq-noop.js';

// What buyers send, in proportions a support inbox sees: questions the bot answers, people
// asking for a person (case), order questions that start verification, and vague ones.
const TEXTS = [
  'what is your refund policy?',
  'which payment methods do you accept',
  'how will I receive my tickets',
  'when do the tickets arrive?',
  'I want to talk to a human please',
  'I want a refund for my order',
  'can I transfer my ticket to my friend',
  'my order',
  'is there a cancellation fee?',
  'what kind of events do you organise',
];

const unhandled = async (db: Db) => {
  const rows = await db.execute(
    sql`select count(*)::int as n from messages where handled_at is null`,
  );
  return (rows as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0;
};

/** Starts `ticketops worker` from the build and waits until it consumes its queues.
 * TRIAGE_WORKER_NODE_ARGS passes node flags to it, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`. */
function startWorker(databaseUrl: string, redisUrl: string, prefix: string): Promise<BenchChild> {
  const nodeArgs = process.env.TRIAGE_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const cli = join(projectRoot(), 'dist', 'bot', 'cli.js');
  return startChild([...nodeArgs, cli, 'worker'], {
    env: {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      // The start line is logged at info.
      LOG_LEVEL: 'info',
      TICKETOPS_CONFIG: '',
    },
    ready: 'ticketops: started',
  });
}

export const triageScenario: Scenario = {
  name: 'triage',
  description: 'buyer messages through the whole pipeline on PostgreSQL + BullMQ',
  baseline: bullmqNoop.name,
  async run(context): Promise<BenchResult> {
    assertLoopback(context.redisUrl, 'REDIS_URL');
    const total = Number(process.env.TRIAGE_MESSAGES) || (context.quick ? 2_000 : 20_000);
    const paced = context.quick ? 600 : 3_000;
    return withBenchDatabase(context, 20, async (database, databaseUrl) => {
      const log = createLogger('silent');
      const prefix = benchPrefix();
      const jobs = createBullmqEngine({
        redisUrl: context.redisUrl,
        prefix,
        concurrency: 16,
        log,
      });
      let worker: BenchChild | undefined;
      try {
        const policy = parsePolicy('');
        const deps: IngestDeps = { db: database.db, jobs, policy, log };
        const handlers = createJobHandlers(createHandlerDeps(deps));
        // As in production: this process is the `bot` (ingest + sending replies), and a real
        // `ticketops worker` process runs triage, so the two share the machine's two cores.
        // TRIAGE_IN_PROCESS=1 runs everything here instead, for profiling.
        const inProcess = process.env.TRIAGE_IN_PROCESS === '1';
        await jobs.work(handlers, inProcess ? ['triage', 'outbound'] : ['outbound']);
        if (!inProcess) worker = await startWorker(databaseUrl, context.redisUrl, prefix);
        let n = 0;
        // Web chat: replies count as delivered once stored, so no platform is in the loop.
        const send = (batch: string) =>
          ingestMessage(deps, {
            channel: 'web',
            externalUserId: `${batch}-${n % 500}`,
            chatId: `${batch}-${n % 500}`,
            externalMessageId: `${batch}-${n}`,
            text: TEXTS[n++ % TEXTS.length]!,
            receivedAt: new Date(),
          });
        const drained = async () => {
          const deadline = Date.now() + 300_000;
          for (
            let left = await unhandled(database.db);
            left > 0;
            left = await unhandled(database.db)
          ) {
            // A message that never gets handled is a failure to report, not a reason to hang.
            if (Date.now() > deadline)
              throw new Error(`bench: ${left} messages still unhandled after 5 min`);
            await new Promise((r) => setTimeout(r, 50));
          }
        };

        // Sustained: keep 64 ingests in flight, then wait until every message and reply is
        // handled.
        const rssBefore = process.memoryUsage().rss;
        let rssPeak = rssBefore;
        const cpuBefore = sampleCpu(worker?.process.pid);
        const started = performance.now();
        const inFlight = new Set<Promise<unknown>>();
        for (let i = 0; i < total; i++) {
          const p = send('s').finally(() => inFlight.delete(p));
          inFlight.add(p);
          if (inFlight.size >= 64) await Promise.race(inFlight);
          if (i % 1000 === 0) rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
        }
        await Promise.all(inFlight);
        await drained();
        const ms = performance.now() - started;
        const cpu = cpuMsPer(cpuBefore, sampleCpu(worker?.process.pid), total);
        const rssAfter = process.memoryUsage().rss;
        const workerRss = worker?.process.pid ? processRss(worker.process.pid) : 0;

        // Latency at a fixed rate: ingest to reply stored and queued (the inbound's handled_at).
        const pacedStart = new Date();
        const gapMs = 1000 / 300;
        const t0 = performance.now();
        for (let i = 0; i < paced; i++) {
          const due = t0 + i * gapMs;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          void send('p');
        }
        await drained();
        const latency = await database.db.execute(sql`
          select percentile_cont(0.5) within group (order by ms) as p50,
                 percentile_cont(0.99) within group (order by ms) as p99
          from (select extract(epoch from (handled_at - created_at)) * 1000 as ms
                from messages where direction = 'inbound' and created_at >= ${pacedStart}) t`);
        const { p50 = 0, p99 = 0 } =
          (latency as unknown as { rows: { p50: number; p99: number }[] }).rows[0] ?? {};

        const messagesPerSecond = perSecond(total, ms);
        const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
        return benchResult(
          triageScenario,
          context,
          'messagesPerSecond',
          {
            messages: total,
            seconds: ms / 1000,
            messagesPerSecond,
            pacedMessages: paced,
            pacedRate: 300,
            p50Ms: Math.round(p50),
            p99Ms: Math.round(p99),
            rssBeforeMb: mb(rssBefore),
            rssPeakMb: mb(rssPeak),
            rssAfterMb: mb(rssAfter),
            workerProcess: worker ? 1 : 0,
            workerRssAfterMb: mb(workerRss),
            // CPU per message in the sustained run; `bot` includes this bench's own loop.
            botCpuMs: cpu.bot,
            workerCpuMs: cpu.worker,
            postgresCpuMs: cpu.postgres,
            redisCpuMs: cpu.redis,
          },
          (ratio) =>
            `${total} messages in ${(ms / 1000).toFixed(1)} s: ${messagesPerSecond} msg/s (${ratio}x raw BullMQ); at 300 msg/s p50 ${Math.round(p50)} ms, p99 ${Math.round(p99)} ms; RSS ${mb(rssBefore)} -> ${mb(rssAfter)} MB (worker ${mb(workerRss)} MB); CPU ms per message: bot ${cpu.bot}, worker ${cpu.worker}, PostgreSQL ${cpu.postgres}, Redis ${cpu.redis}`,
        );
      } finally {
        await stopChild(worker, 'SIGTERM');
        await jobs.close();
        await dropPrefix(context.redisUrl, prefix);
      }
    });
  },
};
