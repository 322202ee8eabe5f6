import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { findApproval } from '../../db/queries/approvals.js';
import { approvals, auditLog, messages, orders } from '../../db/schema/index.js';
import { decideApproval } from '../../ops/approvals/decide-approval.js';
import { scheduleApprovalExpiry } from '../../ops/approvals/expire.js';
import { sweepApprovals } from '../../ops/approvals/sweep-approvals.js';
import { parsePolicy } from '../../ops/config/policy.js';
import { ForbiddenError } from '../../ops/errors.js';
import { givenBuyerCase, givenRefundApprovals } from '../../testkit/refund-approvals.js';
import { recordingSender } from '../helpers/deps.js';
import { usePipelineHarness } from '../helpers/pipeline-harness.js';
import { waitFor } from '../helpers/wait.js';

const STAFF = `
staff:
  members:
    - { id: ana, name: Ana, roles: [approver] }
    - { id: bo, name: Bo, roles: [supervisor] }
    - { id: cy, name: Cy, roles: [agent] }
`;

describe('deciding approvals (PostgreSQL + BullMQ + fake Stripe)', () => {
  const telegram = recordingSender('telegram');

  const h = usePipelineHarness({
    policy: STAFF,
    stripeKey: 'sk_test_decide',
    senders: [telegram.sender],
    queues: ['outbound', 'approvals'],
  });

  const pending = async (options: { expiresInMs?: number } = {}) => {
    const [setup] = await givenRefundApprovals(h.db, {
      count: 1,
      status: 'pending',
      stripe: h.fake,
      ...options,
    });
    const buyer = await givenBuyerCase(h.db, setup!);
    return { ...setup!, ...buyer };
  };
  const refundsOf = (paymentIntentId: string | null) =>
    h.fake.refunds.filter((r) => r.payment_intent === paymentIntentId);
  const sentTo = (chatId: string) =>
    telegram.sent.filter((m) => m.chatId === chatId).map((m) => m.text);
  const trail = async (approvalId: string) =>
    (await h.db.select().from(auditLog).where(eq(auditLog.subject, approvalId))).map(
      (r) => r.action,
    );
  const executed = (approvalId: string) =>
    waitFor('the commit', async () => {
      const row = await findApproval(h.db, approvalId);
      return row?.status === 'executed' || row?.status === 'failed' ? row : undefined;
    });

  it('approve: one refund at Stripe, order and tickets updated, buyer told, every step audited', async () => {
    const a = await pending();
    const outcome = await decideApproval(h.deps, {
      approvalId: a.approvalId,
      staffId: 'ana',
      decision: 'approve',
    });
    expect(outcome).toMatchObject({ outcome: 'decided', decision: 'approved' });
    const row = await executed(a.approvalId);
    expect(row).toMatchObject({ status: 'executed', decidedBy: 'ana' });
    const refunds = refundsOf(a.paymentIntentId);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({
      amount: a.amountMinor,
      metadata: { approval_id: a.approvalId },
    });
    expect(row.result).toMatchObject({
      method: 'stripe',
      refundId: refunds[0]!.id,
      amountMinor: a.amountMinor,
    });
    const posts = h.fake
      .requestsTo('POST', '/v1/refunds')
      .filter((r) => r.params.payment_intent === a.paymentIntentId);
    expect(posts.map((p) => p.idempotencyKey)).toEqual([row.idempotencyKey]);
    const [order] = await h.db.select().from(orders).where(eq(orders.id, a.orderId));
    expect(order).toMatchObject({ refundedMinor: a.amountMinor, status: 'partially_refunded' });
    await waitFor('the buyer reply', () => (sentTo(a.chatId).length > 0 ? true : undefined));
    expect(sentTo(a.chatId).join('\n')).toMatch(
      /Your refund of €45\.00 for order ORD-\w+ is on its way/,
    );
    expect(await trail(a.approvalId)).toEqual([
      'approval.approved',
      'approval.executing',
      'approval.executed',
    ]);
  });

  it('reject: the buyer gets the reason on their channel and no money moves', async () => {
    const a = await pending();
    const outcome = await decideApproval(h.deps, {
      approvalId: a.approvalId,
      staffId: 'bo',
      decision: 'reject',
      reason: 'the event already took place for this ticket',
    });
    expect(outcome).toMatchObject({ outcome: 'decided', decision: 'rejected' });
    await waitFor('the buyer reply', () => (sentTo(a.chatId).length > 0 ? true : undefined));
    expect(sentTo(a.chatId)[0]).toMatch(/can't refund order ORD-\w+: the event already took place/);
    expect(refundsOf(a.paymentIntentId)).toEqual([]);
    expect(await findApproval(h.db, a.approvalId)).toMatchObject({
      status: 'rejected',
      decidedBy: 'bo',
    });
    expect(await trail(a.approvalId)).toEqual(['approval.rejected']);
  });

  it('a double click and two staff racing give exactly one decision and one refund', async () => {
    const a = await pending();
    const clicks = await Promise.all([
      ...Array.from({ length: 4 }, () =>
        decideApproval(h.deps, {
          approvalId: a.approvalId,
          staffId: 'ana',
          decision: 'approve' as const,
        }),
      ),
      decideApproval(h.deps, { approvalId: a.approvalId, staffId: 'bo', decision: 'approve' }),
      decideApproval(h.deps, {
        approvalId: a.approvalId,
        staffId: 'bo',
        decision: 'reject',
        reason: 'no',
      }),
    ]);
    const decided = clicks.filter((c) => c.outcome === 'decided');
    expect(decided).toHaveLength(1);
    expect(clicks.filter((c) => c.outcome === 'already_decided')).toHaveLength(5);
    const row = await waitFor('the outcome', async () => {
      const r = await findApproval(h.db, a.approvalId);
      return r && r.status !== 'approved' && r.status !== 'executing' ? r : undefined;
    });
    const decisions = (await trail(a.approvalId)).filter(
      (x) => x === 'approval.approved' || x === 'approval.rejected',
    );
    expect(decisions).toHaveLength(1);
    expect(refundsOf(a.paymentIntentId)).toHaveLength(row.status === 'executed' ? 1 : 0);
  });

  it('refuses people who are not deciding staff, and the requester, and audits the attempt', async () => {
    const a = await pending();
    for (const staffId of ['mallory', 'cy']) {
      await expect(
        decideApproval(h.deps, { approvalId: a.approvalId, staffId, decision: 'approve' }),
      ).rejects.toBeInstanceOf(ForbiddenError);
    }
    await h.db.update(approvals).set({ requestedBy: 'ana' }).where(eq(approvals.id, a.approvalId));
    await expect(
      decideApproval(h.deps, { approvalId: a.approvalId, staffId: 'ana', decision: 'approve' }),
    ).rejects.toThrow(/requester may not decide/);
    expect(await findApproval(h.db, a.approvalId)).toMatchObject({
      status: 'pending',
      decidedBy: null,
    });
    expect(await trail(a.approvalId)).toEqual([
      'approval.decision_refused',
      'approval.decision_refused',
      'approval.decision_refused',
    ]);
    // The database backstop: even a direct write cannot make the requester the decider.
    await expect(
      h.db
        .update(approvals)
        .set({ status: 'approved', decidedBy: 'ana', decidedAt: new Date() })
        .where(eq(approvals.id, a.approvalId)),
    ).rejects.toThrow();
  });

  it('above the threshold a second, different approver decides', async () => {
    const strict = {
      ...h.deps,
      policy: parsePolicy(`${STAFF}\npolicy:\n  second_approver_above_minor: 1000\n`),
    };
    const a = await pending();
    const first = await decideApproval(strict, {
      approvalId: a.approvalId,
      staffId: 'ana',
      decision: 'approve',
    });
    expect(first.outcome).toBe('awaiting_second_approver');
    // The first approver cannot also be the second one.
    await expect(
      decideApproval(strict, { approvalId: a.approvalId, staffId: 'ana', decision: 'approve' }),
    ).rejects.toThrow(ForbiddenError);
    expect(refundsOf(a.paymentIntentId)).toEqual([]);
    const second = await decideApproval(strict, {
      approvalId: a.approvalId,
      staffId: 'bo',
      decision: 'approve',
    });
    expect(second).toMatchObject({
      outcome: 'decided',
      decision: 'approved',
      approval: { firstApprovedBy: 'ana', decidedBy: 'bo' },
    });
    await executed(a.approvalId);
    expect(refundsOf(a.paymentIntentId)).toHaveLength(1);
    expect((await trail(a.approvalId)).slice(0, 3)).toEqual([
      'approval.first_approved',
      'approval.decision_refused',
      'approval.approved',
    ]);
  });

  it('expires at expires_at through the delayed job; a late click is told so; the buyer hears a person follows up', async () => {
    const a = await pending({ expiresInMs: 1_000 });
    await scheduleApprovalExpiry(h.deps, a.approvalId);
    const row = await waitFor('the expiry', async () => {
      const r = await findApproval(h.db, a.approvalId);
      return r?.status === 'expired' ? r : undefined;
    });
    expect(row.decidedBy).toBeNull();
    expect(
      await decideApproval(h.deps, {
        approvalId: a.approvalId,
        staffId: 'ana',
        decision: 'approve',
      }),
    ).toEqual({ outcome: 'already_decided', status: 'expired' });
    await waitFor('the buyer reply', () => (sentTo(a.chatId).length > 0 ? true : undefined));
    expect(sentTo(a.chatId)[0]).toMatch(/A person from our team will follow up/);
    expect(await trail(a.approvalId)).toEqual(['approval.expired']);
  });

  it('a click after expiry with no expiry job expires it; the sweep expires the rest', async () => {
    const clicked = await pending({ expiresInMs: -1_000 });
    expect(
      await decideApproval(h.deps, {
        approvalId: clicked.approvalId,
        staffId: 'ana',
        decision: 'approve',
      }),
    ).toEqual({ outcome: 'expired' });
    const forgotten = await pending({ expiresInMs: -1_000 });
    const swept = await sweepApprovals({ db: h.deps.db, jobs: h.deps.jobs }, 'test-round');
    expect(swept.expired).toBeGreaterThanOrEqual(1);
    await waitFor('the sweep expiry', async () =>
      (await findApproval(h.db, forgotten.approvalId))?.status === 'expired' ? true : undefined,
    );
    for (const a of [clicked, forgotten])
      expect(await trail(a.approvalId)).toEqual(['approval.expired']);
    const replies = await h.db.select().from(messages).where(eq(messages.direction, 'outbound'));
    expect(replies.filter((m) => /follow up/.test(m.text)).length).toBeGreaterThanOrEqual(2);
  });
});
