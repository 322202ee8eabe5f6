import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { findApproval } from '../../db/queries/approvals.js';
import { approvals, auditLog, messages, orders, tickets } from '../../db/schema/index.js';
import { commitApproval } from '../../ops/approvals/commit-approval.js';
import { verifyAudit } from '../../ops/audit/log.js';
import { givenBuyerCase, givenRefundApprovals } from '../../testkit/refund-approvals.js';
import { usePipelineHarness } from '../helpers/pipeline-harness.js';
import { waitFor } from '../helpers/wait.js';

describe('committing approved refunds (PostgreSQL + BullMQ + fake Stripe)', () => {
  const h = usePipelineHarness({
    stripeKey: 'sk_test_commit',
    // No SDK-level retries: every Stripe failure reaches the job engine, whose retries and
    // backoff are what this file tests.
    stripeNetworkRetries: 0,
    queues: ['approvals'],
  });

  const approved = async (withStripe = true) => {
    const [setup] = await givenRefundApprovals(h.db, {
      count: 1,
      ...(withStripe ? { stripe: h.fake } : {}),
    });
    return setup!;
  };
  const refundsOf = (paymentIntentId: string | null) =>
    h.fake.refunds.filter((r) => r.payment_intent === paymentIntentId);
  const settled = (approvalId: string) =>
    waitFor(
      'the commit to settle',
      async () => {
        const row = await findApproval(h.db, approvalId);
        return row?.status === 'executed' || row?.status === 'failed' ? row : undefined;
      },
      20_000,
    );
  /** The next Stripe request after the refund lookup for this payment gets `status`. */
  const failAfterLookup = (
    paymentIntentId: string | null,
    count: number,
    options: { status: number; afterEffect?: boolean },
  ) => {
    let armed = true;
    h.fake.beforeRespond = (request) => {
      if (
        armed &&
        request.method === 'GET' &&
        request.path === '/v1/refunds' &&
        request.params.payment_intent === paymentIntentId
      ) {
        armed = false;
        h.fake.failNext(count, options);
      }
    };
  };

  it('Stripe 500s, then success: retried by the engine with backoff, one refund', async () => {
    const a = await approved();
    h.fake.failNext(2, { status: 500 });
    await h.jobs.enqueue('approvals.commit', { approvalId: a.approvalId });
    const row = await settled(a.approvalId);
    expect(row.status).toBe('executed');
    expect(refundsOf(a.paymentIntentId)).toHaveLength(1);
    // Two attempts failed at the lookup, the third went through: the engine's retries.
    const lookups = h.fake
      .requestsTo('GET', '/v1/refunds')
      .filter((r) => r.params.payment_intent === a.paymentIntentId);
    expect(lookups.map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('the refund happened but its answer was lost (500 after effect): the retry finds it, one refund', async () => {
    const a = await approved();
    failAfterLookup(a.paymentIntentId, 1, { status: 500, afterEffect: true });
    await h.jobs.enqueue('approvals.commit', { approvalId: a.approvalId });
    const row = await settled(a.approvalId);
    h.fake.beforeRespond = undefined;
    expect(row.status).toBe('executed');
    const refunds = refundsOf(a.paymentIntentId);
    expect(refunds).toHaveLength(1);
    expect(row.result).toMatchObject({ refundId: refunds[0]!.id, reconciled: true });
  });

  it('Stripe 402 on the refund: failed with a reason staff can read, audited, no retry', async () => {
    const a = await approved();
    await givenBuyerCase(h.db, a, 'web');
    failAfterLookup(a.paymentIntentId, 1, { status: 402 });
    await h.jobs.enqueue('approvals.commit', { approvalId: a.approvalId });
    const row = await settled(a.approvalId);
    h.fake.beforeRespond = undefined;
    expect(row.status).toBe('failed');
    expect(row.result).toEqual({
      error: expect.stringMatching(
        /^Stripe refused the refund \(HTTP 402\): fake Stripe: scripted 402/,
      ),
    });
    expect(refundsOf(a.paymentIntentId)).toEqual([]);
    const [order] = await h.db.select().from(orders).where(eq(orders.id, a.orderId));
    expect(order).toMatchObject({ refundedMinor: 0, status: 'paid' });
    const audit = await h.db.select().from(auditLog).where(eq(auditLog.subject, a.approvalId));
    expect(audit.map((r) => r.action)).toEqual(['approval.executing', 'approval.failed']);
    const [reply] = await h.db
      .select()
      .from(messages)
      .where(eq(messages.direction, 'outbound'))
      .orderBy(sql`created_at desc`)
      .limit(1);
    expect(reply!.text).toMatch(/A person from our team will follow up/);
  });

  it('Stripe 400 (the charge has less left than the database knows): failed with Stripe’s own explanation', async () => {
    const a = await approved();
    // A refund made at Stripe whose webhook never arrived: the policy check passes on what
    // the database knows, and Stripe refuses the excess.
    await h.deps.stripe!.refunds.create({ payment_intent: a.paymentIntentId!, amount: 1000 });
    await h.jobs.enqueue('approvals.commit', { approvalId: a.approvalId });
    const row = await settled(a.approvalId);
    expect(row.status).toBe('failed');
    expect(String(row.result?.error)).toMatch(
      /HTTP 400 amount_too_large.*greater than unrefunded amount/,
    );
  });

  it('a refund made long ago (idempotency key expired at Stripe) is found by its metadata, not repeated', async () => {
    const a = await approved();
    // What the first run did before the crash, more than 24 h ago: a refund carrying the
    // approval id, whose idempotency key Stripe has since forgotten.
    const stripe = h.deps.stripe!;
    const earlier = await stripe.refunds.create({
      payment_intent: a.paymentIntentId!,
      amount: a.amountMinor,
      metadata: { approval_id: a.approvalId },
    });
    await h.db.update(approvals).set({ status: 'executing' }).where(eq(approvals.id, a.approvalId));
    const outcome = await commitApproval(h.deps, a.approvalId);
    expect(outcome).toMatchObject({
      outcome: 'executed',
      result: { refundId: earlier.id, reconciled: true },
    });
    expect(refundsOf(a.paymentIntentId)).toHaveLength(1);
    // A replay of the job after that writes nothing and moves no money.
    expect(await commitApproval(h.deps, a.approvalId)).toEqual({
      outcome: 'skipped',
      status: 'executed',
    });
    const [order] = await h.db.select().from(orders).where(eq(orders.id, a.orderId));
    expect(order!.refundedMinor).toBe(a.amountMinor);
  });

  it('without Stripe (bank-transfer order): recorded as a manual payout, never as money moved', async () => {
    const a = await approved(false);
    const { chatId } = await givenBuyerCase(h.db, a, 'web');
    const outcome = await commitApproval({ ...h.deps, stripe: undefined }, a.approvalId);
    expect(outcome).toEqual({
      outcome: 'executed',
      result: {
        method: 'manual_payout',
        refundId: null,
        amountMinor: a.amountMinor,
        payout: 'to_be_paid_by_hand',
      },
    });
    const [ticket] = await h.db.select().from(tickets).where(eq(tickets.id, a.ticketIds[0]!));
    expect(ticket!.status).toBe('void');
    const [entry] = await h.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'approval.executed'))
      .orderBy(sql`seq desc`)
      .limit(1);
    expect(entry!.details).toMatchObject({ method: 'manual_payout', payout: 'to_be_paid_by_hand' });
    const replies = await h.db.select().from(messages).where(eq(messages.direction, 'outbound'));
    expect(replies.map((m) => m.text).join('\n')).toMatch(/pays it out by hand/);
    expect(chatId).toBeTruthy();
  });

  it('an edited audit row is detected by verifyAudit', async () => {
    expect(await verifyAudit(h.db)).toMatchObject({ ok: true });
    const [row] = await h.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'approval.executed'))
      .limit(1);
    await h.db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
    await h.db.execute(
      sql`update audit_log set details = jsonb_set(details, '{amountMinor}', '1') where seq = ${row!.seq}`,
    );
    await h.db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
    expect(await verifyAudit(h.db)).toMatchObject({
      ok: false,
      seq: row!.seq,
      problem: 'edited',
    });
  });
});
