/** Fault bench for approval commits: N approved refunds are executed by worker processes
 * that get SIGKILLed at random and restarted, against the fake Stripe server, on real
 * PostgreSQL and Redis (DATABASE_URL, REDIS_URL). Reports double refunds and lost commits,
 * both of which must be 0; exits 1 otherwise.
 *
 * A share of the payments (`--charge-read-refused`, default 0.2) answer every charge read
 * with 403, as a restricted key would: the refund exists, only the follow-up read fails, and
 * those commits must still end executed with the right amount.
 *
 *   npx tsx bench/faults/approvals.ts [--approvals 1000] [--workers 3] [--max-kills 40]
 *     [--charge-read-refused 0.2]
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../db/client.js';
import { approvals } from '../../db/schema/index.js';
import { sweepApprovals } from '../../ops/approvals/sweep-approvals.js';
import { verifyAudit } from '../../ops/audit/log.js';
import { createBullmqEngine } from '../../ops/jobs/bullmq.js';
import { createLogger } from '../../ops/logger.js';
import { FakeStripe } from '../../testkit/fake-stripe.js';
import { killWorker, startWorker, type WorkerChild } from '../../testkit/fault-worker-child.js';
import { givenRefundApprovals } from '../../testkit/refund-approvals.js';
import { countRefunds } from '../../testkit/refund-verdict-count.js';
import { dropPrefix, requireRedis, uniquePrefix } from '../../testkit/scratch-redis.js';
import { createTestDatabase } from '../../testkit/test-database.js';

const { values } = parseArgs({
  options: {
    approvals: { type: 'string', default: '1000' },
    workers: { type: 'string', default: '3' },
    'max-kills': { type: 'string', default: '40' },
    'timeout-s': { type: 'string', default: '600' },
    'charge-read-refused': { type: 'string', default: '0.2' },
  },
});
const N = Number(values.approvals);
const WORKERS = Number(values.workers);
const MAX_KILLS = Number(values['max-kills']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (line: string) => process.stderr.write(`${line}\n`);

const redisUrl = await requireRedis();
const testDb = await createTestDatabase();
const database = await openDatabase({ url: testDb.url, dataDir: '' });
const fake = await FakeStripe.start();
const prefix = uniquePrefix();
const log = createLogger('silent');
const jobs = createBullmqEngine({ redisUrl, prefix, log });
const env = {
  DATABASE_URL: testDb.url,
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: prefix,
  STRIPE_SECRET_KEY: 'sk_test_faults',
  STRIPE_API_BASE: fake.url,
};
const workers: WorkerChild[] = [];

try {
  await database.migrate();
  say(`faults: ${N} approved refunds, ${WORKERS} worker processes, up to ${MAX_KILLS} SIGKILLs`);
  const setups = await givenRefundApprovals(database.db, { count: N, stripe: fake, tag: 'bench' });
  const refusedShare = Number(values['charge-read-refused']);
  let chargeReadsRefused = 0;
  for (const s of setups) {
    if (s.paymentIntentId && Math.random() < refusedShare) {
      fake.refuseAlways(`/v1/charges/${fake.chargeOf(s.paymentIntentId)}`, 403);
      chargeReadsRefused++;
    }
  }
  for (let i = 0; i < WORKERS; i++) workers.push(await startWorker(env));
  const started = Date.now();
  for (const s of setups) await jobs.enqueue('approvals.commit', { approvalId: s.approvalId });

  const unsettled = async () => {
    const [row] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(approvals)
      .where(sql`${approvals.status} not in ('executed', 'failed')`);
    return row?.n ?? 0;
  };
  let kills = 0;
  let round = 0;
  let lastSweep = Date.now();
  const deadline = started + Number(values['timeout-s']) * 1000;
  for (;;) {
    const left = await unsettled();
    if (left === 0 || Date.now() > deadline) break;
    if (kills < MAX_KILLS) {
      // A random worker dies mid-flight (no shutdown hook runs) and a fresh one takes its place.
      const index = Math.floor(Math.random() * workers.length);
      await killWorker(workers[index]!);
      kills++;
      workers[index] = await startWorker(env);
    }
    // What the minute-by-minute sweeper does in production, with short thresholds: jobs held
    // by a killed worker, or failed by BullMQ after stalling twice, are enqueued again.
    if (Date.now() - lastSweep > 5_000) {
      await sweepApprovals({ db: database.db, jobs }, `bench-${++round}`, {
        approvedAfterMs: 5_000,
        executingAfterMs: 5_000,
      });
      lastSweep = Date.now();
    }
    await sleep(200 + Math.random() * 1_300);
  }
  const elapsedS = (Date.now() - started) / 1000;
  const verdict = await countRefunds(database.db, fake, setups);
  const audit = await verifyAudit(database.db);
  const report = {
    approvals: N,
    kills,
    chargeReadsRefused,
    elapsedS: Number(elapsedS.toFixed(1)),
    ...verdict,
    auditIntact: audit.ok,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (verdict.doubleRefunds > 0 || verdict.lostCommits > 0 || !audit.ok) process.exitCode = 1;
} finally {
  for (const w of workers) if (w.process.exitCode === null) await killWorker(w);
  await jobs.close();
  await fake.close();
  await database.close();
  await testDb.drop();
  await dropPrefix(redisUrl, prefix);
}
