/** The buyer pipeline end to end on real PostgreSQL + BullMQ: ingest -> triage job ->
 * decision -> replies stored and sent. Sustained messages per second (read against raw
 * BullMQ no-op jobs), ingest-to-reply latency at a fixed 300 msg/s, and memory over the run. */
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
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
import { describeDistribution, histogram } from '../latency.js';
import {
  assertLoopback,
  type BenchResult,
  benchPrefix,
  benchResult,
  perSecond,
  type Scenario,
  withBenchDatabase,
} from '../scenario.js';
import { type PacedTimes, type TriageLatency, triageLatency } from '../triage-latency.js';
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

/** TRIAGE_BREAKDOWN=1: the paced run's histogram and stages, on stderr (stdout keeps the
 * result line, or the JSON line). */
function printBreakdown(latency: TriageLatency) {
  const lines = [
    `triage at 300 msg/s, ingest (due) to reply stored: ${describeDistribution(latency.endToEnd)}`,
    `  histogram (ms): ${histogram(latency.endToEndValues)}`,
    `  created_at to handling start (the earlier figure): ${describeDistribution(latency.createdToHandling)}`,
    `  retried jobs: ${latency.retriedJobs} ${JSON.stringify(latency.retryReasons)}; messages without a record: ${latency.missing}`,
    '  by text:',
    ...Object.entries(latency.byText).map(([text, d]) => `  ${describeDistribution(d)}  "${text}"`),
    '  stage: all messages | the slowest 1%',
    ...Object.entries(latency.stages).map(
      ([name, d]) =>
        `  ${name.padEnd(15)} ${describeDistribution(d.all)} | ${describeDistribution(d.slowest)}`,
    ),
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
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
      // Reads the triage jobs' records (enqueued, picked, finished, failed attempts) afterwards.
      const readerConnection = new Redis(context.redisUrl, { maxRetriesPerRequest: null });
      const triageQueue = new Queue('triage', { connection: readerConnection, prefix });
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

        // Latency at a fixed rate: from when a message was due (not when this loop got round
        // to sending it, so a late generator shows instead of hiding) to when its triage job
        // finished (reply stored; on the web chat storing is delivering). Not the inbound's
        // handled_at, which is stamped when handling starts.
        const gapMs = 1000 / 300;
        const t0 = performance.now();
        const wall = (at: number) => performance.timeOrigin + at;
        const times = new Map<string, PacedTimes>();
        for (let i = 0; i < paced; i++) {
          const due = t0 + i * gapMs;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          const sent = performance.now();
          const text = TEXTS[n % TEXTS.length]!;
          void send('p').then((r) => {
            if (r.status === 'accepted')
              times.set(r.messageId, { due: wall(due), sent: wall(sent), text });
          });
        }
        await drained();
        const latency = await triageLatency(database.db, triageQueue, times);
        const e2e = latency.endToEnd;
        if (process.env.TRIAGE_BREAKDOWN === '1') printBreakdown(latency);

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
            // Ingest (when due) to reply stored, at 300 msg/s.
            p50Ms: Math.round(e2e.p50),
            p90Ms: Math.round(e2e.p90),
            p99Ms: Math.round(e2e.p99),
            p999Ms: Math.round(e2e.p999),
            maxMs: Math.round(e2e.max),
            // Jobs that failed an attempt and waited out BullMQ's backoff.
            retriedJobs: latency.retriedJobs,
            // The earlier measure: created_at to the start of handling.
            handlingStartP99Ms: Math.round(latency.createdToHandling.p99),
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
            `${total} messages in ${(ms / 1000).toFixed(1)} s: ${messagesPerSecond} msg/s (${ratio}x raw BullMQ); at 300 msg/s ingest to reply ${describeDistribution(e2e)} (${latency.retriedJobs} jobs retried); RSS ${mb(rssBefore)} -> ${mb(rssAfter)} MB (worker ${mb(workerRss)} MB); CPU ms per message: bot ${cpu.bot}, worker ${cpu.worker}, PostgreSQL ${cpu.postgres}, Redis ${cpu.redis}`,
        );
      } finally {
        await stopChild(worker, 'SIGTERM');
        await jobs.close();
        await triageQueue.close();
        readerConnection.disconnect();
        await dropPrefix(context.redisUrl, prefix);
      }
    });
  },
};
