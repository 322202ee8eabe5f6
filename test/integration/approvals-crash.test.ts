import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findApproval } from '../../db/queries/approvals.js';
import { orders, tickets } from '../../db/schema/index.js';
import { killWorker, startWorker, type WorkerChild } from '../../testkit/fault-worker-child.js';
import { givenRefundApprovals } from '../../testkit/refund-approvals.js';
import { type PipelineHarness, startPipelineHarness } from '../helpers/pipeline-harness.js';
import { waitFor } from '../helpers/wait.js';

/** A real worker process is SIGKILLed after Stripe carried out the refund and before its
 * answer reaches the worker, so the database commit never happens. A fresh worker process
 * then picks the stalled job up (BullMQ's stalled-job check, ~30 s lock) and must finish the
 * commit without refunding again. */
describe('worker killed between the Stripe refund and the database commit', () => {
  let h: PipelineHarness;
  let env: Record<string, string>;
  const workers: WorkerChild[] = [];

  beforeAll(async () => {
    // No workers in this process: the job runs in the child processes started below.
    h = await startPipelineHarness({ stripeKey: 'sk_test_crash' });
    env = {
      DATABASE_URL: h.databaseUrl,
      REDIS_URL: h.redisUrl,
      QUEUE_PREFIX: h.prefix,
      ...h.stripeEnv,
    };
  });

  afterAll(async () => {
    for (const w of workers) if (w.process.exitCode === null) await killWorker(w);
    await h?.close();
  });

  // BullMQ notices the dead worker's job once its lock (30 s) has lapsed and a stalled-job
  // check (every 30 s) runs, so the restart takes about a minute; the limits leave room for
  // a loaded machine.
  it('restarted worker reconciles: exactly one refund, commit completed', {
    timeout: 180_000,
  }, async () => {
    const [a] = await givenRefundApprovals(h.db, { count: 1, stripe: h.fake });
    const first = await startWorker(env);
    workers.push(first);
    let killed: Promise<void> | undefined;
    h.fake.beforeRespond = async (request) => {
      if (!killed && request.method === 'POST' && request.path === '/v1/refunds') {
        // The refund exists at Stripe now; the worker dies before hearing about it.
        killed = killWorker(first);
        await killed;
      }
    };
    await h.jobs.enqueue('approvals.commit', { approvalId: a!.approvalId });
    await waitFor('the worker to be killed', () => (killed ? true : undefined));
    await killed;
    h.fake.beforeRespond = undefined;

    expect(h.fake.refunds.filter((r) => r.payment_intent === a!.paymentIntentId)).toHaveLength(1);
    expect(await findApproval(h.db, a!.approvalId)).toMatchObject({ status: 'executing' });
    const [before] = await h.db.select().from(orders).where(eq(orders.id, a!.orderId));
    expect(before!.refundedMinor).toBe(0);

    workers.push(await startWorker(env));
    const row = await waitFor(
      'the restarted worker to finish the commit',
      async () => {
        const r = await findApproval(h.db, a!.approvalId);
        return r?.status === 'executed' ? r : undefined;
      },
      150_000,
    );
    const refunds = h.fake.refunds.filter((r) => r.payment_intent === a!.paymentIntentId);
    expect(refunds).toHaveLength(1);
    expect(row.result).toMatchObject({ refundId: refunds[0]!.id, reconciled: true });
    const posts = h.fake.requestsTo('POST', '/v1/refunds');
    expect(posts).toHaveLength(1);
    const [after] = await h.db.select().from(orders).where(eq(orders.id, a!.orderId));
    expect(after).toMatchObject({ refundedMinor: a!.amountMinor, status: 'partially_refunded' });
    const [ticket] = await h.db.select().from(tickets).where(eq(tickets.id, a!.ticketIds[0]!));
    expect(ticket!.status).toBe('void');
  });
});
