import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { findApproval } from '../../db/queries/approvals.js';
import { approvals, orders } from '../../db/schema/index.js';
import { commitApproval } from '../../ops/approvals/commit-approval.js';
import { decideApproval } from '../../ops/approvals/decide-approval.js';
import { givenRefundApprovals } from '../../testkit/refund-approvals.js';
import { buyerChat } from '../helpers/buyer-chat.js';
import { recordingSender } from '../helpers/deps.js';
import { givenStripePaidOrder } from '../helpers/orders.js';
import { usePipelineHarness } from '../helpers/pipeline-harness.js';
import { APPROVERS } from '../helpers/staff-policy.js';
import { waitFor } from '../helpers/wait.js';

/** What the refund policy allows in total is the most that ever leaves for one order: across
 * repeated requests, racing chats, racing approvers and refunds made elsewhere. */
describe('refunds never exceed what the policy allows (PostgreSQL + BullMQ + fake Stripe)', () => {
  const telegram = recordingSender('telegram');

  const h = usePipelineHarness({
    policy: APPROVERS,
    stripeKey: 'sk_test_limits',
    senders: [telegram.sender],
    queues: ['triage', 'outbound', 'approvals'],
  });

  /** A paid order whose payment the fake Stripe knows, doors `doorsInDays` away. */
  const paidOrder = (doorsInDays: number) => givenStripePaidOrder(h.db, h.fake, { doorsInDays });
  const sentTo = (chatId: string) =>
    telegram.sent.filter((m) => m.chatId === chatId).map((m) => m.text);
  const repliesTo = (chatId: string, count: number) =>
    waitFor(`${count} replies in ${chatId}`, () =>
      sentTo(chatId).length >= count ? sentTo(chatId) : undefined,
    );
  const approvalsOf = (orderId: string) =>
    h.db.select().from(approvals).where(eq(approvals.orderId, orderId));
  const settled = (approvalId: string) =>
    waitFor('the commit to settle', async () => {
      const row = await findApproval(h.db, approvalId);
      return row?.status === 'executed' || row?.status === 'failed' ? row : undefined;
    });
  const orderRow = async (orderId: string) =>
    (await h.db.select().from(orders).where(eq(orders.id, orderId)))[0]!;

  it('a second request in the 50% window is refused once the 50% was refunded', async () => {
    const { order, customer } = await paidOrder(3);
    const allowed = Math.floor((order.totalMinor - order.feeMinor) / 2);
    const chat = buyerChat(h);
    await chat.say(`I want a refund for order ${order.code}`);
    await repliesTo(chat.chatId, 1);
    await chat.say(customer.email);
    const [first] = await waitFor('the first approval', async () => {
      const rows = await approvalsOf(order.id);
      return rows.length ? rows : undefined;
    });
    expect(first!.amountMinor).toBe(allowed);
    await decideApproval(h.deps, { approvalId: first!.id, staffId: 'ana', decision: 'approve' });
    expect((await settled(first!.id)).status).toBe('executed');
    await waitFor('the buyer told of the refund', () =>
      sentTo(chat.chatId).some((t) => /is on its way/.test(t)) ? true : undefined,
    );

    const before = sentTo(chat.chatId).length;
    await chat.say(`I want a refund for order ${order.code} please`);
    const replies = await repliesTo(chat.chatId, before + 1);
    expect(replies.at(-1)).toMatch(/can't be refunded/);
    expect(await approvalsOf(order.id)).toHaveLength(1);
    expect((await orderRow(order.id)).refundedMinor).toBe(allowed);
  });

  it('20 verified chats asking at once draft one approval; two approvers racing refund once, within the policy', async () => {
    const { order, customer, paymentIntentId } = await paidOrder(30);
    const allowed = order.totalMinor - order.feeMinor;
    const chats = Array.from({ length: 20 }, () => buyerChat(h));
    await Promise.all(chats.map((c) => c.say(`refund my order ${order.code}`)));
    await Promise.all(chats.map((c) => repliesTo(c.chatId, 1)));
    await Promise.all(chats.map((c) => c.say(customer.email)));
    await Promise.all(chats.map((c) => repliesTo(c.chatId, 2)));
    const open = await approvalsOf(order.id);
    expect(open).toHaveLength(1);
    const id = open[0]!.id;
    await Promise.all(
      ['ana', 'dee'].map((staffId) =>
        decideApproval(h.deps, { approvalId: id, staffId, decision: 'approve' }),
      ),
    );
    expect((await settled(id)).status).toBe('executed');
    const refunds = h.fake.refunds.filter((r) => r.payment_intent === paymentIntentId);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.amount).toBeLessThanOrEqual(allowed);
    expect((await orderRow(order.id)).refundedMinor).toBeLessThanOrEqual(allowed);
  });

  it('the commit refuses what a refund made elsewhere since the approval already paid back', async () => {
    const [a] = await givenRefundApprovals(h.db, { count: 1, stripe: h.fake });
    // A refund from the Stripe dashboard, recorded by the charge.refunded webhook.
    await h.db
      .update(orders)
      .set({ refundedMinor: 2000, status: 'partially_refunded' })
      .where(eq(orders.id, a!.orderId));
    const outcome = await commitApproval(h.deps, a!.approvalId);
    expect(outcome).toMatchObject({
      outcome: 'failed',
      reason: expect.stringMatching(/policy allows .* more/),
    });
    expect(h.fake.refunds.filter((r) => r.payment_intent === a!.paymentIntentId)).toEqual([]);
    expect((await orderRow(a!.orderId)).refundedMinor).toBe(2000);
  });

  it('a refund Stripe made is executed even when the follow-up charge read is refused (403)', async () => {
    const [a] = await givenRefundApprovals(h.db, { count: 1, stripe: h.fake });
    h.fake.failNext(3, {
      status: 403,
      path: `/v1/charges/${h.fake.chargeOf(a!.paymentIntentId!)}`,
    });
    const outcome = await commitApproval(h.deps, a!.approvalId);
    h.fake.clearFailures();
    expect(outcome.outcome).toBe('executed');
    const refunds = h.fake.refunds.filter((r) => r.payment_intent === a!.paymentIntentId);
    expect(refunds).toHaveLength(1);
    const order = await orderRow(a!.orderId);
    expect(order.refundedMinor).toBe(a!.amountMinor);
    expect((await findApproval(h.db, a!.approvalId))!.status).toBe('executed');
  });

  it('a retry finds its refund past the first page of the payment’s refunds', async () => {
    const [a] = await givenRefundApprovals(h.db, { count: 1, stripe: h.fake });
    const stripe = h.deps.stripe!;
    // The first run refunded long ago (its idempotency key is forgotten); since then 105
    // small refunds were made on the same payment, so it sits on the second page.
    const ours = await stripe.refunds.create({
      payment_intent: a!.paymentIntentId!,
      amount: 100,
      metadata: { approval_id: a!.approvalId },
    });
    for (let i = 0; i < 105; i++) {
      await stripe.refunds.create({ payment_intent: a!.paymentIntentId!, amount: 1 });
    }
    await h.db
      .update(approvals)
      .set({ status: 'executing', moneyRequestedAt: new Date() })
      .where(eq(approvals.id, a!.approvalId));
    const outcome = await commitApproval(h.deps, a!.approvalId);
    expect(outcome).toMatchObject({
      outcome: 'executed',
      result: { refundId: ours.id, reconciled: true },
    });
    const refunds = h.fake.refunds.filter((r) => r.payment_intent === a!.paymentIntentId);
    expect(refunds).toHaveLength(106);
  });

  it('a refund approval and a refunding cancel_tickets edit are never open together', async () => {
    const { order, tickets, customer } = await paidOrder(30);
    const chat = buyerChat(h);
    await chat.say(`I want a refund for order ${order.code}`);
    await repliesTo(chat.chatId, 1);
    await chat.say(customer.email);
    await waitFor('the refund approval', async () =>
      (await approvalsOf(order.id)).length ? true : undefined,
    );
    const [edit] = await h.db
      .insert(approvals)
      .values({
        kind: 'order_edit_commit',
        orderId: order.id,
        payload: { orderCode: order.code, change: 'cancel_ticket' },
        requestedBy: 'bot',
        expiresAt: new Date(Date.now() + 3600_000),
        idempotencyKey: `order_edit_commit:${order.id}:cancel`,
      })
      .returning();
    await expect(
      decideApproval(h.deps, {
        approvalId: edit!.id,
        staffId: 'ana',
        decision: 'approve',
        edit: { type: 'cancel_tickets', ticketIds: [tickets[0]!.id], refundMinor: 1000 },
      }),
    ).rejects.toThrow(/refund .* already open/);
    const open = await h.db
      .select()
      .from(approvals)
      .where(
        and(
          eq(approvals.orderId, order.id),
          inArray(approvals.status, ['approved', 'executing', 'executed']),
        ),
      );
    expect(open).toEqual([]);
  });
});
