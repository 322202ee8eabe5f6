import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { findApproval } from '../../db/queries/approvals.js';
import { auditLog, riskReviews, tickets } from '../../db/schema/index.js';
import { commitApproval } from '../../ops/approvals/commit-approval.js';
import { decideApproval } from '../../ops/approvals/decide-approval.js';
import { parsePolicy } from '../../ops/config/policy.js';
import { ForbiddenError, ValidationError } from '../../ops/errors.js';
import { givenBuyerCase, givenRefundApprovals } from '../../testkit/refund-approvals.js';
import { givenEditApproval } from '../helpers/orders.js';
import { usePipelineHarness } from '../helpers/pipeline-harness.js';
import { APPROVERS } from '../helpers/staff-policy.js';
import { waitFor } from '../helpers/wait.js';

/** What a second approver confirms, and what a risk hold stops: the two places where one
 * person's judgement must not be overridden by accident. */
describe('second approvals and risk holds (PostgreSQL + BullMQ + fake Stripe)', () => {
  const h = usePipelineHarness({
    policy: `${APPROVERS}\npolicy:\n  second_approver_above_minor: 1000\n`,
    stripeKey: 'sk_test_second_look',
    queues: ['approvals'],
  });

  const trail = async (subject: string) =>
    (await h.db.select().from(auditLog).where(eq(auditLog.subject, subject))).map((r) => r.action);
  const settled = (approvalId: string) =>
    waitFor('the commit to settle', async () => {
      const row = await findApproval(h.db, approvalId);
      return row?.status === 'executed' || row?.status === 'failed' ? row : undefined;
    });

  it('a second approver confirms exactly the stored draft; a different edit is refused, not swapped in', async () => {
    const {
      approval,
      tickets: [t1],
      paymentIntentId,
    } = await givenEditApproval(h.db, h.fake, 'cancel_ticket');
    const cancel = { type: 'cancel_tickets', ticketIds: [t1!.id], refundMinor: 3900 };
    const first = await decideApproval(h.deps, {
      approvalId: approval.id,
      staffId: 'ana',
      decision: 'approve',
      edit: cancel,
    });
    expect(first.outcome).toBe('awaiting_second_approver');
    // A different (and smaller) edit from the second approver is a new draft, not a yes.
    await expect(
      decideApproval(h.deps, {
        approvalId: approval.id,
        staffId: 'dee',
        decision: 'approve',
        edit: { type: 'change_holder_name', ticketId: t1!.id, holderName: 'Other Name' },
      }),
    ).rejects.toThrow(ValidationError);
    const still = await findApproval(h.db, approval.id);
    expect(still).toMatchObject({ status: 'pending', firstApprovedBy: 'ana', decidedBy: null });
    expect(h.fake.refunds.filter((r) => r.payment_intent === paymentIntentId)).toEqual([]);
    // Restating the same edit, or saying nothing, confirms the draft.
    const second = await decideApproval(h.deps, {
      approvalId: approval.id,
      staffId: 'dee',
      decision: 'approve',
      edit: cancel,
    });
    expect(second).toMatchObject({ outcome: 'decided', decision: 'approved' });
    const done = await settled(approval.id);
    expect(done.status).toBe('executed');
    expect(h.fake.refunds.filter((r) => r.payment_intent === paymentIntentId)).toHaveLength(1);
  });

  it('the first approver approving again is a clear refusal, audited, whatever edit they send', async () => {
    const {
      approval,
      tickets: [t1],
    } = await givenEditApproval(h.db, h.fake, 'cancel_ticket');
    await decideApproval(h.deps, {
      approvalId: approval.id,
      staffId: 'ana',
      decision: 'approve',
      edit: { type: 'cancel_tickets', ticketIds: [t1!.id], refundMinor: 3900 },
    });
    for (const edit of [
      undefined,
      { type: 'change_holder_name', ticketId: t1!.id, holderName: 'Other Name' },
    ]) {
      const attempt = decideApproval(h.deps, {
        approvalId: approval.id,
        staffId: 'ana',
        decision: 'approve',
        ...(edit ? { edit } : {}),
      });
      await expect(attempt).rejects.toThrow(ForbiddenError);
      await expect(attempt).rejects.toThrow(/already gave the first approval/);
    }
    expect(await trail(approval.id)).toEqual([
      'approval.first_approved',
      'approval.decision_refused',
      'approval.decision_refused',
    ]);
    expect(await findApproval(h.db, approval.id)).toMatchObject({ status: 'pending' });
  });

  const holdOn = (orderId: string, hold: 'refunds' | 'all') =>
    h.db.insert(riskReviews).values({
      orderId,
      findings: [{ rule: 'dispute', reason: 'a dispute is open', weight: 80 }],
      score: 80,
      hold,
    });

  it('a hold on refunds stops approvers; only a supervisor overrides it, explicitly and audited', async () => {
    const lenient = { ...h.deps, policy: parsePolicy(APPROVERS) };
    const [a] = await givenRefundApprovals(h.db, { count: 1, status: 'pending', stripe: h.fake });
    await givenBuyerCase(h.db, a!);
    await holdOn(a!.orderId, 'refunds');
    const approve = (staffId: string, overrideHold?: boolean) =>
      decideApproval(lenient, {
        approvalId: a!.approvalId,
        staffId,
        decision: 'approve',
        ...(overrideHold === undefined ? {} : { overrideHold }),
      });
    await expect(approve('ana')).rejects.toThrow(/risk review holds refunds/);
    await expect(approve('ana', true)).rejects.toThrow(ForbiddenError);
    await expect(approve('bo')).rejects.toThrow(/risk review holds refunds/);
    expect(await findApproval(h.db, a!.approvalId)).toMatchObject({ status: 'pending' });
    const decided = await approve('bo', true);
    expect(decided).toMatchObject({ outcome: 'decided', decision: 'approved' });
    expect((await settled(a!.approvalId)).status).toBe('executed');
    const actions = await trail(a!.approvalId);
    expect(actions.filter((x) => x === 'approval.decision_refused')).toHaveLength(3);
    expect(actions).toContain('approval.hold_overridden');
  });

  it('a hold that appears after the approval stops the commit before any money moves', async () => {
    const [a] = await givenRefundApprovals(h.db, { count: 1, stripe: h.fake });
    await holdOn(a!.orderId, 'refunds');
    const outcome = await commitApproval(h.deps, a!.approvalId);
    expect(outcome).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/hold/) });
    expect(h.fake.refunds.filter((r) => r.payment_intent === a!.paymentIntentId)).toEqual([]);
    const [ticket] = await h.db.select().from(tickets).where(eq(tickets.id, a!.ticketIds[0]!));
    expect(ticket!.status).toBe('valid');
  });
});
