import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { findApproval } from '../../db/queries/approvals.js';
import { auditLog, cases, orders, tickets } from '../../db/schema/index.js';
import { commitApproval } from '../../ops/approvals/commit-approval.js';
import { handleStripeWebhook } from '../../ops/payments/handle-stripe-webhook.js';
import { givenBuyerCase, givenRefundApprovals } from '../../testkit/refund-approvals.js';
import { recordingSender } from '../helpers/deps.js';
import { usePipelineHarness } from '../helpers/pipeline-harness.js';
import { stripeEvent } from '../helpers/stripe-webhook-harness.js';
import { waitFor } from '../helpers/wait.js';

const SECRET = 'whsec_test_outcomes';

/** A refund is not money back until the bank says so: the buyer hears "refunded" only when
 * Stripe reports it succeeded, and a refund that fails later is flagged, corrected and told. */
describe('refund outcomes after the commit (PostgreSQL + BullMQ + fake Stripe)', () => {
  const telegram = recordingSender('telegram');

  const h = usePipelineHarness({
    stripeKey: 'sk_test_outcomes',
    senders: [telegram.sender],
    queues: ['outbound'],
  });

  const deliver = (type: string, object: Record<string, unknown>) => {
    const payload = stripeEvent(type, object);
    return handleStripeWebhook(
      { db: h.db, webhookSecret: SECRET, log: h.deps.log, jobs: h.jobs },
      Buffer.from(payload),
      Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }),
    );
  };
  const toldIn = (chatId: string, pattern: RegExp) =>
    waitFor(`a reply matching ${pattern}`, () => {
      const texts = telegram.sent.filter((m) => m.chatId === chatId).map((m) => m.text);
      return texts.some((t) => pattern.test(t)) ? texts : undefined;
    });
  const committedPending = async () => {
    h.fake.refundStatus = 'pending';
    const [a] = await givenRefundApprovals(h.db, { count: 1, stripe: h.fake });
    const buyer = await givenBuyerCase(h.db, a!);
    await h.db
      .update(cases)
      .set({ status: 'resolved', resolvedAt: new Date() })
      .where(eq(cases.id, buyer.caseId));
    const outcome = await commitApproval(h.deps, a!.approvalId);
    h.fake.refundStatus = 'succeeded';
    expect(outcome.outcome).toBe('executed');
    const refund = h.fake.refunds.find((r) => r.payment_intent === a!.paymentIntentId)!;
    return { ...a!, ...buyer, refundId: refund.id as string };
  };

  it('a pending refund is "with the bank", and "gone through" once Stripe says it succeeded', async () => {
    const a = await committedPending();
    const first = await toldIn(a.chatId, /with the bank/);
    expect(first.join('\n')).not.toMatch(/is on its way|has gone through/);
    const settled = h.fake.settleRefund(a.refundId, 'succeeded');
    expect(await deliver('refund.updated', settled)).toMatchObject({ kind: 'applied' });
    // The same outcome as another event type: nothing said twice.
    expect(await deliver('charge.refund.updated', settled)).toMatchObject({ kind: 'ignored' });
    const texts = await toldIn(a.chatId, /has gone through/);
    expect(texts.filter((t) => /has gone through/.test(t))).toHaveLength(1);
    expect((await findApproval(h.db, a.approvalId))!.result).toMatchObject({
      stripeStatus: 'succeeded',
    });
  });

  it('a refund that fails later flags the approval and the case, corrects the order, tells the buyer', async () => {
    const a = await committedPending();
    const [refunded] = await h.db.select().from(orders).where(eq(orders.id, a.orderId));
    expect(refunded!.refundedMinor).toBe(a.amountMinor);
    const failed = h.fake.settleRefund(a.refundId, 'failed', 'expired_or_canceled_card');
    expect(await deliver('refund.failed', failed)).toMatchObject({ kind: 'applied' });
    expect(await deliver('charge.refund.updated', failed)).toMatchObject({ kind: 'ignored' });
    const approval = await findApproval(h.db, a.approvalId);
    expect(approval).toMatchObject({
      status: 'executed',
      result: { stripeStatus: 'failed', failureReason: 'expired_or_canceled_card' },
    });
    const [order] = await h.db.select().from(orders).where(eq(orders.id, a.orderId));
    expect(order).toMatchObject({ refundedMinor: 0, status: 'paid' });
    const [kase] = await h.db.select().from(cases).where(eq(cases.id, a.caseId));
    expect(kase!.status).not.toBe('resolved');
    const audit = await h.db.select().from(auditLog).where(eq(auditLog.subject, a.approvalId));
    expect(audit.map((r) => r.action)).toContain('approval.refund_failed');
    const texts = await toldIn(a.chatId, /could not complete your refund/);
    expect(texts.join('\n')).not.toMatch(/has gone through/);
    // The tickets the refund voided wait for a person's decision.
    const [ticket] = await h.db.select().from(tickets).where(eq(tickets.id, a.ticketIds[0]!));
    expect(ticket!.status).toBe('void');
  });

  it('an outcome that arrives before the commit recorded the refund is refused for redelivery', async () => {
    const [a] = await givenRefundApprovals(h.db, { count: 1, status: 'executing', stripe: h.fake });
    const created = await h.deps.stripe!.refunds.create({
      payment_intent: a!.paymentIntentId!,
      amount: a!.amountMinor,
      metadata: { approval_id: a!.approvalId },
    });
    const failed = h.fake.settleRefund(created.id, 'failed');
    await expect(deliver('refund.failed', failed)).rejects.toThrow(/not executed yet/);
  });
});
