import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { approvals, auditLog, cases, conversations, messages } from '../../db/schema/index.js';
import type { InboundMessage } from '../../ops/channels/types.js';
import { ingestMessage } from '../../ops/pipeline/ingest.js';
import { outboundMessages } from '../helpers/buyer-chat.js';
import { recordingSender } from '../helpers/deps.js';
import { givenPaidOrder } from '../helpers/orders.js';
import { usePipelineHarness } from '../helpers/pipeline-harness.js';
import { waitFor } from '../helpers/wait.js';

describe('buyer conversation through the real pipeline (PostgreSQL + BullMQ)', () => {
  let counter = 0;
  const telegram = recordingSender('telegram');

  const h = usePipelineHarness({
    // Enrichment goes through the real Stripe SDK to the local fake.
    stripeFor: 'payment-lookup',
    senders: [telegram.sender],
    queues: ['triage', 'outbound', 'system'],
  });

  const chat = () => `chat-${++counter}-${Date.now()}`;
  const inbound = (
    chatId: string,
    text: string,
    id = `${chatId}:${++counter}`,
  ): InboundMessage => ({
    channel: 'telegram',
    externalUserId: `user-${chatId}`,
    chatId,
    externalMessageId: id,
    text,
    receivedAt: new Date(),
  });

  /** Sends a message and waits for the bot's replies to it. */
  async function say(chatId: string, text: string, id?: string) {
    const result = await ingestMessage(h.deps, inbound(chatId, text, id));
    if (result.status !== 'accepted') return { result, replies: [] as string[] };
    await waitFor('the message to be handled', async () => {
      const [row] = await h.db.select().from(messages).where(eq(messages.id, result.messageId));
      return row?.handledAt ? row : undefined;
    });
    const replies = await waitFor('the replies to be sent', async () => {
      const rows = await outboundMessages(h.db, result.conversationId);
      const fresh = rows.filter((r) => r.createdAt >= (rowsBefore.get(chatId) ?? new Date(0)));
      return fresh.every((r) => r.handledAt) ? fresh : undefined;
    });
    rowsBefore.set(chatId, new Date());
    return { result, replies: replies.map((r) => r.text) };
  }
  const rowsBefore = new Map<string, Date>();

  it('refund: asks for the order, verifies, applies policy, opens a billing case and drafts an approval', async () => {
    const payment = h.fake.addPayment({ amount: 9300, riskLevel: 'elevated', riskScore: 61 });
    const { order, customer } = await givenPaidOrder(h.db, {
      doorsInDays: 30,
      paymentIntentId: payment.paymentIntentId,
    });
    const c = chat();
    const first = await say(c, 'I want a refund for my tickets please');
    expect(first.replies.join(' ')).toMatch(/order code/i);
    const second = await say(c, `it's ${order.code}`);
    expect(second.replies.join(' ')).toMatch(/email address/i);
    const third = await say(c, customer.email);
    const text = third.replies.join('\n');
    expect(text).toMatch(new RegExp(order.code));
    expect(text).toMatch(/approval/i);
    expect(text).toMatch(/case #\d+/);

    const [billingCase] = await h.db.select().from(cases).where(eq(cases.orderId, order.id));
    expect(billingCase).toMatchObject({
      category: 'billing',
      queue: 'billing',
      intent: 'get_refund',
    });
    expect(billingCase!.firstResponseDueAt!.getTime()).toBeGreaterThan(Date.now());
    // Staff see the payment as Stripe knows it, Radar's verdict included, and no card data.
    expect(billingCase!.fields).toMatchObject({
      order_code: order.code,
      payment: { status: 'succeeded', amountMinor: 9300, riskLevel: 'elevated' },
    });
    expect(JSON.stringify(billingCase!.fields)).not.toMatch(/last4|fingerprint|exp_month/);
    const [approval] = await h.db.select().from(approvals).where(eq(approvals.orderId, order.id));
    expect(approval).toMatchObject({
      kind: 'refund_commit',
      status: 'pending',
      requestedBy: 'bot',
    });
    // Full refund window: total less the kept service fee.
    expect(approval!.amountMinor).toBe(order.totalMinor - order.feeMinor);
    const trail = await h.db.select().from(auditLog).where(eq(auditLog.subject, approval!.id));
    expect(trail.map((r) => r.action)).toEqual(['approval.requested']);
    // The stored email is masked; the buyer's address is not kept in the message text.
    const stored = await h.db
      .select()
      .from(messages)
      .where(
        eq(
          messages.conversationId,
          first.result.status === 'accepted' ? first.result.conversationId : '',
        ),
      );
    expect(stored.map((m) => m.text).join(' ')).not.toContain(customer.email);
  });

  it('answers a policy question from the knowledge Markdown without opening a case', async () => {
    const c = chat();
    const { result, replies } = await say(c, 'what is your refund policy?');
    expect(replies.join(' ')).toMatch(/7 days before doors/);
    expect(replies.join(' ')).toMatch(/Source: Refund policy/);
    const conversationId = result.status === 'accepted' ? result.conversationId : '';
    expect(await h.db.select().from(cases).where(eq(cases.conversationId, conversationId))).toEqual(
      [],
    );
  });

  it('creates nothing new for a redelivered message', async () => {
    const c = chat();
    const first = await say(c, 'talk to a human please', `${c}:same`);
    expect(first.result.status).toBe('accepted');
    const again = await ingestMessage(h.deps, inbound(c, 'talk to a human please', `${c}:same`));
    expect(again).toEqual({ status: 'duplicate' });
    const conversationId = first.result.status === 'accepted' ? first.result.conversationId : '';
    const rows = await h.db
      .select()
      .from(messages)
      .where(eq(messages.conversationId, conversationId));
    expect(rows.filter((r) => r.direction === 'inbound')).toHaveLength(1);
    expect(
      await h.db.select().from(cases).where(eq(cases.conversationId, conversationId)),
    ).toHaveLength(1);
  });

  it('says the same for a wrong email and an unknown order, then locks after the attempts', async () => {
    const { order } = await givenPaidOrder(h.db);
    const c1 = chat();
    await say(c1, `refund please, order ${order.code}`);
    const wrongEmail = await say(c1, 'not-me@example.org');
    const c2 = chat();
    await say(c2, 'refund please, order ORD-ZZZZZ');
    const unknownOrder = await say(c2, 'someone@example.org');
    expect(wrongEmail.replies).toEqual(unknownOrder.replies);
    await say(c1, `${order.code} wrong@example.org`);
    const locked = await say(c1, `${order.code} still-wrong@example.org`);
    expect(locked.replies.join(' ')).toMatch(/Too many attempts/);
    const [conversation] = await h.db
      .select()
      .from(conversations)
      .where(eq(conversations.chatId, c1));
    expect(conversation!.status).toBe('handed_over');
    expect(await h.db.select().from(approvals).where(eq(approvals.orderId, order.id))).toEqual([]);
  });

  it('asks which one it meant when unsure, with buttons, and acts on the pressed one', async () => {
    const c = chat();
    const unsure = await say(c, 'my order');
    expect(unsure.replies.join(' ')).toMatch(/Just to be sure/);
    const offered = telegram.sent.at(-1)!.buttons!;
    expect(offered.length).toBeGreaterThanOrEqual(2);
    const pressed = await say(c, 'check_refund_policy');
    expect(pressed.replies.join(' ')).toMatch(/Source: Refund policy/);
  });

  it('tells a flooding buyer to slow down once, and still stores every message', async () => {
    const c = chat();
    const limit = h.deps.policy.policy.buyer_messages_per_minute;
    const results = [];
    for (let i = 0; i < limit + 3; i++)
      results.push(await ingestMessage(h.deps, inbound(c, `what is the refund policy ${i}`)));
    const conversationId = results[0]!.status === 'accepted' ? results[0]!.conversationId : '';
    await waitFor('every message handled', async () => {
      const rows = await h.db
        .select()
        .from(messages)
        .where(eq(messages.conversationId, conversationId));
      const inboundRows = rows.filter((r) => r.direction === 'inbound');
      return inboundRows.length === limit + 3 && inboundRows.every((r) => r.handledAt)
        ? rows
        : undefined;
    });
    const rows = await h.db
      .select()
      .from(messages)
      .where(eq(messages.conversationId, conversationId));
    const slowDowns = rows.filter(
      (r) => r.direction === 'outbound' && /faster than we can answer/.test(r.text),
    );
    expect(slowDowns).toHaveLength(1);
  });

  it('handles a 100 KB message and refuses one over the limit with a clear error', async () => {
    const c = chat();
    const big = await say(c, `refund policy? ${'blah '.repeat(20_000)}`);
    expect(big.result.status).toBe('accepted');
    expect(big.replies.length).toBeGreaterThan(0);
    await expect(ingestMessage(h.deps, inbound(c, 'x'.repeat(200_000)))).rejects.toThrow(
      /message too long/,
    );
  });

  it('says it cannot read an attachment sent without text', async () => {
    const c = chat();
    const result = await ingestMessage(h.deps, {
      ...inbound(c, ''),
      attachments: [{ kind: 'voice', mimeType: 'audio/ogg', size: 12_000 }],
    });
    expect(result.status).toBe('accepted');
    await waitFor('the reply', () =>
      telegram.sent.some((m) => m.chatId === c && /voice attachments/.test(m.text))
        ? true
        : undefined,
    );
  });

  it('adds to the open case, puts a waiting case back in the queue, and reopens a resolved one', async () => {
    const c = chat();
    const first = await say(c, 'I need to speak to a human agent');
    const conversationId = first.result.status === 'accepted' ? first.result.conversationId : '';
    const [opened] = await h.db
      .select()
      .from(cases)
      .where(eq(cases.conversationId, conversationId));
    const again = await say(c, 'can a real person help me please');
    expect(again.replies.join(' ')).toMatch(new RegExp(`added that to case #${opened!.number}`));
    expect(
      await h.db.select().from(cases).where(eq(cases.conversationId, conversationId)),
    ).toHaveLength(1);

    await h.db.update(cases).set({ status: 'pending_customer' }).where(eq(cases.id, opened!.id));
    await say(c, 'I need to talk to an agent again');
    const [back] = await h.db.select().from(cases).where(eq(cases.id, opened!.id));
    expect(back!.status).toBe('open');

    await h.db
      .update(cases)
      .set({ status: 'resolved', resolvedAt: new Date() })
      .where(eq(cases.id, opened!.id));
    await say(c, 'talk to a human');
    const [reopened] = await h.db.select().from(cases).where(eq(cases.id, opened!.id));
    expect(reopened).toMatchObject({ status: 'open', reopenCount: 1, resolvedAt: null });
    const trail = await h.db.select().from(auditLog).where(eq(auditLog.subject, opened!.id));
    expect(trail.map((r) => r.action)).toEqual([
      'case.opened',
      'case.buyer_replied',
      'case.buyer_replied',
      'case.reopened',
    ]);
  });

  it('stays quiet while staff hold the conversation, and answers again once the case is resolved', async () => {
    const c = chat();
    const first = await say(c, 'I want to talk to a human please');
    const conversationId = first.result.status === 'accepted' ? first.result.conversationId : '';
    const [held] = await h.db.select().from(cases).where(eq(cases.conversationId, conversationId));
    expect(held!.status).toBe('pending_staff');

    const during = await say(c, 'what is your refund policy?');
    expect(during.replies).toEqual([`Thanks, I've added that to case #${held!.number}.`]);
    const [still] = await h.db.select().from(cases).where(eq(cases.id, held!.id));
    expect(still!.status).toBe('pending_staff');
    const trail = await h.db.select().from(auditLog).where(eq(auditLog.subject, held!.id));
    expect(trail.map((r) => r.action)).toEqual(['case.opened', 'case.buyer_replied']);

    await h.db
      .update(cases)
      .set({ status: 'resolved', resolvedAt: new Date() })
      .where(eq(cases.id, held!.id));
    const after = await say(c, 'what is your refund policy?');
    expect(after.replies.join(' ')).toMatch(/refund/i);
    expect(after.replies.join(' ')).not.toMatch(/added that to case/);
  });
});
