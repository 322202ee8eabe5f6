import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killWorker, startWorker, type WorkerChild } from '../../bench/faults/child.js';
import { givenRefundApprovals } from '../../bench/faults/fixtures.js';
import { type Database, openDatabase } from '../../db/client.js';
import { findApproval } from '../../db/queries/approvals.js';
import { orders, tickets } from '../../db/schema/index.js';
import { createBullmqEngine } from '../../ops/jobs/bullmq.js';
import type { JobEngine } from '../../ops/jobs/types.js';
import { FakeStripe } from '../helpers/fake-stripe.js';
import { testLogger } from '../helpers/log.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { dropPrefix, requireRedis, uniquePrefix } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

/** A real worker process is SIGKILLed after Stripe carried out the refund and before its
 * answer reaches the worker, so the database commit never happens. A fresh worker process
 * then picks the stalled job up (BullMQ's stalled-job check, ~30 s lock) and must finish the
 * commit without refunding again. */
describe('worker killed between the Stripe refund and the database commit', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let jobs: JobEngine;
  let redisUrl: string;
  let fake: FakeStripe;
  let env: Record<string, string>;
  const workers: WorkerChild[] = [];
  const prefix = uniquePrefix();

  beforeAll(async () => {
    redisUrl = await requireRedis();
    const testDb = await createTestDatabase();
    drop = testDb.drop;
    database = await openDatabase({ url: testDb.url, dataDir: '' });
    await database.migrate();
    fake = await FakeStripe.start();
    jobs = createBullmqEngine({ redisUrl, prefix, log: testLogger() });
    env = {
      DATABASE_URL: testDb.url,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      STRIPE_SECRET_KEY: 'sk_test_crash',
      STRIPE_API_BASE: fake.url,
    };
  });

  afterAll(async () => {
    for (const w of workers) if (w.process.exitCode === null) await killWorker(w);
    await jobs?.close();
    await fake?.close();
    await database?.close();
    await drop?.();
    await dropPrefix(redisUrl, prefix);
  });

  it('restarted worker reconciles: exactly one refund, commit completed', {
    timeout: 120_000,
  }, async () => {
    const [a] = await givenRefundApprovals(database.db, { count: 1, stripe: fake });
    const first = await startWorker(env);
    workers.push(first);
    let killed: Promise<void> | undefined;
    fake.beforeRespond = async (request) => {
      if (!killed && request.method === 'POST' && request.path === '/v1/refunds') {
        // The refund exists at Stripe now; the worker dies before hearing about it.
        killed = killWorker(first);
        await killed;
      }
    };
    await jobs.enqueue('approvals.commit', { approvalId: a!.approvalId });
    await waitFor('the worker to be killed', () => (killed ? true : undefined));
    await killed;
    fake.beforeRespond = undefined;

    expect(fake.refunds.filter((r) => r.payment_intent === a!.paymentIntentId)).toHaveLength(1);
    expect(await findApproval(database.db, a!.approvalId)).toMatchObject({ status: 'executing' });
    const [before] = await database.db.select().from(orders).where(eq(orders.id, a!.orderId));
    expect(before!.refundedMinor).toBe(0);

    workers.push(await startWorker(env));
    const row = await waitFor(
      'the restarted worker to finish the commit',
      async () => {
        const r = await findApproval(database.db, a!.approvalId);
        return r?.status === 'executed' ? r : undefined;
      },
      90_000,
    );
    const refunds = fake.refunds.filter((r) => r.payment_intent === a!.paymentIntentId);
    expect(refunds).toHaveLength(1);
    expect(row.result).toMatchObject({ refundId: refunds[0]!.id, reconciled: true });
    const posts = fake.requestsTo('POST', '/v1/refunds');
    expect(posts).toHaveLength(1);
    const [after] = await database.db.select().from(orders).where(eq(orders.id, a!.orderId));
    expect(after).toMatchObject({ refundedMinor: a!.amountMinor, status: 'partially_refunded' });
    const [ticket] = await database.db
      .select()
      .from(tickets)
      .where(eq(tickets.id, a!.ticketIds[0]!));
    expect(ticket!.status).toBe('void');
  });
});
