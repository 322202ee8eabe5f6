import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { findApproval } from '../../db/queries/approvals.js';
import { approvals } from '../../db/schema/index.js';
import { decideApproval } from '../../ops/approvals/decide-approval.js';
import { buyerChat } from '../helpers/buyer-chat.js';
import { recordingSender } from '../helpers/deps.js';
import { givenStripePaidOrder } from '../helpers/orders.js';
import { usePipelineHarness } from '../helpers/pipeline-harness.js';
import { waitFor } from '../helpers/wait.js';

/** The whole loop: a buyer asks on Telegram, the real pipeline drafts the
 * approval, a staff member approves, the commit refunds at (fake) Stripe, the buyer is told. */
describe('buyer asks, staff approves, refund committed, buyer told', () => {
  const telegram = recordingSender('telegram');

  const h = usePipelineHarness({
    policy: 'staff:\n  members:\n    - { id: ana, name: Ana, roles: [approver] }\n',
    stripeKey: 'sk_test_loop',
    senders: [telegram.sender],
    queues: ['triage', 'outbound', 'approvals'],
  });

  it('runs the loop end to end with one refund', async () => {
    const { order, customer, paymentIntentId } = await givenStripePaidOrder(h.db, h.fake, {
      doorsInDays: 30,
    });
    const { chatId, say } = buyerChat(h);
    await say(`I want a refund for order ${order.code}`);
    await waitFor('the email question', () =>
      telegram.sent.some((m) => m.chatId === chatId) ? true : undefined,
    );
    await say(customer.email);
    const approval = await waitFor('the drafted approval', async () => {
      const [row] = await h.db
        .select()
        .from(approvals)
        .where(and(eq(approvals.orderId, order.id), eq(approvals.status, 'pending')));
      return row;
    });
    const outcome = await decideApproval(h.deps, {
      approvalId: approval.id,
      staffId: 'ana',
      decision: 'approve',
    });
    expect(outcome.outcome).toBe('decided');
    const done = await waitFor('the commit', async () => {
      const row = await findApproval(h.db, approval.id);
      return row?.status === 'executed' ? row : undefined;
    });
    const refunds = h.fake.refunds.filter((r) => r.payment_intent === paymentIntentId);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.amount).toBe(order.totalMinor - order.feeMinor);
    expect(done.result).toMatchObject({ refundId: refunds[0]!.id });
    const told = await waitFor('the buyer to be told', () => {
      const texts = telegram.sent.filter((m) => m.chatId === chatId).map((m) => m.text);
      return texts.some((t) => /is on its way/.test(t)) ? texts : undefined;
    });
    expect(told.join('\n')).toMatch(
      new RegExp(`refund of €\\d+\\.\\d\\d for order ${order.code} is on its way`),
    );
  });
});
