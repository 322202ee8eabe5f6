import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { approvals, auditLog, cases, orders, tickets } from '../../db/schema/index.js';
import { parsePolicy } from '../../ops/config/policy.js';
import { buyerChat } from '../helpers/buyer-chat.js';
import { recordingSender } from '../helpers/deps.js';
import { givenStripePaidOrder } from '../helpers/orders.js';
import { usePipelineHarness } from '../helpers/pipeline-harness.js';
import { waitFor } from '../helpers/wait.js';

/** `require_approval_for` decides what waits for a person: what it lists is drafted for
 * staff; what it leaves out the bot does itself, within the policy, per-buyer limited and
 * audited under the actor `policy`. */
describe('safe automation follows require_approval_for (PostgreSQL + BullMQ + fake Stripe)', () => {
  const telegram = recordingSender('telegram');

  const h = usePipelineHarness({
    stripeKey: 'sk_test_automation',
    senders: [telegram.sender],
    queues: ['triage', 'outbound', 'approvals'],
  });

  const withPolicy = (yaml: string) => {
    h.deps.policy = parsePolicy(yaml);
  };
  const paidOrder = (over: { email?: string } = {}) =>
    givenStripePaidOrder(h.db, h.fake, { doorsInDays: 30, quantity: 1, ...over });
  const sentTo = (chatId: string) =>
    telegram.sent.filter((m) => m.chatId === chatId).map((m) => m.text);
  // Generous: on a loaded two-core machine a verification round trip crosses three queues.
  const reply = (chatId: string, pattern: RegExp) =>
    waitFor(
      `a reply matching ${pattern}`,
      () => (sentTo(chatId).some((t) => pattern.test(t)) ? sentTo(chatId) : undefined),
      20_000,
    );
  const approvalOf = (orderId: string) =>
    waitFor('an approval', async () => {
      const [row] = await h.db.select().from(approvals).where(eq(approvals.orderId, orderId));
      return row;
    });
  const verified = async (order: { code: string }, email: string, ask: string) => {
    const chat = buyerChat(h);
    await chat.say(`${ask} ${order.code}`);
    await reply(chat.chatId, /email/i);
    await chat.say(email);
    return chat;
  };

  it('by default a holder-name change and a refund wait for staff', async () => {
    withPolicy('');
    const { order, customer } = await paidOrder();
    await verified(order, customer.email, 'I need to change the name on my ticket, order');
    const edit = await approvalOf(order.id);
    expect(edit).toMatchObject({ kind: 'order_edit_commit', status: 'pending', decidedBy: null });
  });

  it('a holder-name change left out of the list is done by the bot: asked, changed, audited', async () => {
    withPolicy(
      'policy:\n  require_approval_for: [refund_commit, cancel_tickets, transfer_ticket, upgrade_ticket]\n',
    );
    const {
      order,
      customer,
      tickets: [ticket],
    } = await paidOrder();
    const chat = await verified(
      order,
      customer.email,
      'I need to change the name on my ticket, order',
    );
    await reply(chat.chatId, /Which name should the ticket/);
    await chat.say('Jane Doe-Smith');
    await reply(chat.chatId, /Done: order .* has been updated/);
    const [row] = await h.db.select().from(tickets).where(eq(tickets.id, ticket!.id));
    expect(row!.holderName).toBe('Jane Doe-Smith');
    const approval = await approvalOf(order.id);
    expect(approval).toMatchObject({
      status: 'executed',
      decidedBy: 'policy',
      edit: { type: 'change_holder_name', holderName: 'Jane Doe-Smith' },
    });
    const trail = await h.db.select().from(auditLog).where(eq(auditLog.subject, approval.id));
    expect(trail.map((r) => [r.actor, r.action])).toEqual([
      ['bot', 'approval.requested'],
      ['policy', 'approval.approved'],
      ['system', 'approval.executing'],
      ['system', 'approval.executed'],
    ]);
    // The holder's name stays out of the audit log.
    expect(JSON.stringify(trail.map((r) => r.details))).not.toContain('Jane');
    const [kase] = await h.db.select().from(cases).where(eq(cases.id, approval.caseId!));
    expect(kase!.status).toBe('resolved');
  });

  it('past the per-buyer limit the same change goes to staff', async () => {
    withPolicy(
      'policy:\n  require_approval_for: [refund_commit, cancel_tickets, transfer_ticket, upgrade_ticket]\n  automation_per_buyer_per_day: 1\n',
    );
    const email = `limit-${Date.now()}@example.com`;
    const first = await paidOrder({ email });
    const chat = await verified(first.order, email, 'please change the name on my ticket, order');
    await reply(chat.chatId, /Which name should the ticket/);
    await chat.say('Jane Doe');
    await reply(chat.chatId, /Done: order/);
    // A second order of the same buyer (same customer row).
    const [second] = await h.db
      .insert(orders)
      .values({
        ...first.order,
        id: undefined,
        code: `${first.order.code.slice(0, -1)}Z`,
        stripePaymentIntentId: null,
      })
      .returning();
    await h.db.insert(tickets).values({
      orderId: second!.id,
      eventId: second!.eventId,
      ticketTypeId: first.tickets[0]!.ticketTypeId,
      code: `${first.tickets[0]!.code.slice(0, -2)}ZZ`,
      holderName: 'Mia Buyer',
    });
    await chat.say(`and change the name on my ticket for order ${second!.code} too`);
    const pending = await approvalOf(second!.id);
    expect(pending).toMatchObject({ status: 'pending', decidedBy: null });
  });

  it('a refund left out of the list is paid by the bot within the policy, with no staff decision', async () => {
    withPolicy('policy:\n  require_approval_for: [order_edit_commit]\n');
    const { order, customer, paymentIntentId } = await paidOrder();
    const chat = await verified(order, customer.email, 'I want a refund for order');
    await reply(chat.chatId, /within our refund policy/);
    await reply(chat.chatId, /is on its way/);
    const approval = await waitFor('the executed refund', async () => {
      const [row] = await h.db
        .select()
        .from(approvals)
        .where(and(eq(approvals.orderId, order.id), eq(approvals.status, 'executed')));
      return row;
    });
    expect(approval).toMatchObject({
      decidedBy: 'policy',
      amountMinor: order.totalMinor - order.feeMinor,
    });
    const refunds = h.fake.refunds.filter((r) => r.payment_intent === paymentIntentId);
    expect(refunds.map((r) => r.amount)).toEqual([order.totalMinor - order.feeMinor]);
  });
});
