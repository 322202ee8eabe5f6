import type { Db } from '../../db/client.js';
import {
  type Approval,
  decideIfOpen,
  findApproval,
  recordFirstApproval,
} from '../../db/queries/approvals.js';
import { findOpenMoneyApproval, isOpenMoneyConflict } from '../../db/queries/money-approvals.js';
import { openReviewHold } from '../../db/queries/orders.js';
import type { ApprovalStatus } from '../../db/schema/index.js';
import { audit } from '../audit/index.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { sendStoredReplies, storeBuyerReply, t } from '../replies/index.js';
import { type ApprovalDeps, orderCodeOf } from './approval-deps.js';
import {
  checkDecider,
  checkHoldOverride,
  needsSecondApprover,
  REFUSAL_TEXT,
  type RefusalWhy,
} from './decider-check.js';
import { expireApproval, NotDueYet } from './expire.js';
import { holdOf, holdReason, holdStops } from './hold.js';
import { type PreparedApproval, prepareApproval } from './prepare.js';

export type DecideInput = {
  approvalId: string;
  staffId: string;
  decision: 'approve' | 'reject';
  /** shown to the buyer on a rejection; kept on the row, never in the audit log */
  reason?: string;
  /** order_edit_commit: the exact change (see edit.ts); refused for refunds. A second
   * approver may restate the stored change, never send another one. */
  edit?: unknown;
  /** a supervisor approving over the order's risk hold, knowingly (audited) */
  overrideHold?: boolean;
};

export type DecideOutcome =
  | { outcome: 'decided'; decision: 'approved' | 'rejected'; approval: Approval }
  | { outcome: 'awaiting_second_approver'; approval: Approval }
  | { outcome: 'already_decided'; status: ApprovalStatus }
  | { outcome: 'expired' };

/** A staff member approves or rejects. Every write is one conditional update on a pending,
 * unexpired row, so a double click or two people racing produce exactly one decision; the
 * losers are told what happened instead. Approving enqueues the commit job. */
export async function decideApproval(
  deps: ApprovalDeps,
  input: DecideInput,
): Promise<DecideOutcome> {
  const approval = await findApproval(deps.db, input.approvalId);
  if (!approval) throw new NotFoundError(`approval ${input.approvalId} not found`);
  const check = checkDecider(deps.policy, approval, input.staffId, input.decision);
  if (!check.allowed) return refuse(deps, approval, input, check.why);
  if (approval.status !== 'pending') return { outcome: 'already_decided', status: approval.status };
  const prepared =
    input.decision === 'approve' ? await prepareApproval(deps, approval, input.edit) : {};
  if (input.decision === 'approve') {
    const edit = prepared.edit ?? approval.edit;
    const hold = holdOf(
      approval.orderId ? await openReviewHold(deps.db, approval.orderId) : undefined,
    );
    if (holdStops(hold, approval, edit)) {
      const override = checkHoldOverride(check.member, input.overrideHold === true);
      if (!override.allowed) {
        const text =
          override.why === 'held'
            ? `${holdReason(hold)}; a supervisor may approve over it, explicitly`
            : undefined;
        return refuse(deps, approval, input, override.why, text);
      }
      prepared.holdOverriddenBy = input.staffId;
    }
    await assertNoOtherMoneyApproval(deps, approval, edit);
  }
  // Each round is one conditional write; a miss means someone else moved the row, so read
  // it again and answer from what is there now (at most a first and a second approval).
  let current: Approval | undefined = approval;
  for (let round = 0; round < 3 && current; round++) {
    if (current.status !== 'pending') return { outcome: 'already_decided', status: current.status };
    const step =
      input.decision === 'reject'
        ? await reject(deps, current, input)
        : await approveStep(deps, current, input, prepared);
    if (step) return step;
    const settled = await settleAfterMiss(deps, input.approvalId);
    if (settled) return settled;
    current = await findApproval(deps.db, input.approvalId);
  }
  // Three misses in a row: answer from the row as last read.
  return { outcome: 'already_decided', status: current?.status ?? 'pending' };
}

async function approveStep(
  deps: ApprovalDeps,
  current: Approval,
  input: DecideInput,
  prepared: PreparedApproval,
): Promise<DecideOutcome | undefined> {
  const base = {
    id: current.id,
    staffId: input.staffId,
    edit: prepared.edit,
    amountMinor: prepared.amountMinor,
    holdOverriddenBy: prepared.holdOverriddenBy,
  };
  if (current.firstApprovedBy) {
    // A second approval confirms exactly what the first approver stored, whatever its
    // amount: a different edit would be a new draft nobody approved first.
    if (current.firstApprovedBy === input.staffId) {
      return { outcome: 'awaiting_second_approver', approval: current };
    }
    prepared.assertSameEdit?.(current.edit);
  } else if (needsSecondApprover(deps.policy, prepared.amountMinor ?? current.amountMinor)) {
    const row = await moneyConflictAsRefusal(current, () =>
      inTransaction(deps, async (db) => {
        const first = await recordFirstApproval(db, base);
        if (first) await auditDecision(db, first, input.staffId, 'approval.first_approved');
        if (first && prepared.holdOverriddenBy) await auditOverride(db, first, input.staffId);
        return first;
      }),
    );
    return row && { outcome: 'awaiting_second_approver', approval: row };
  }
  const row = await moneyConflictAsRefusal(current, () =>
    inTransaction(deps, async (db) => {
      const decided = await decideIfOpen(db, {
        ...base,
        status: 'approved',
        reason: input.reason ?? null,
        firstApprovedBy: current.firstApprovedBy,
        // the second approver approves the edit the first one supplied
        ...(current.firstApprovedBy ? { edit: undefined, amountMinor: undefined } : {}),
      });
      if (decided) await auditDecision(db, decided, input.staffId, 'approval.approved');
      if (decided && prepared.holdOverriddenBy) await auditOverride(db, decided, input.staffId);
      return decided;
    }),
  );
  if (!row) return undefined;
  try {
    await deps.jobs.enqueue('approvals.commit', { approvalId: row.id });
  } catch (error) {
    // The decision stands; the approvals sweep enqueues the commit of a stranded approval.
    deps.log.warn({ err: error, approvalId: row.id }, 'approvals: commit enqueue failed');
  }
  return { outcome: 'decided', decision: 'approved', approval: row };
}

async function reject(
  deps: ApprovalDeps,
  current: Approval,
  input: DecideInput,
): Promise<DecideOutcome | undefined> {
  const reason = input.reason?.trim() || 'our team could not approve it';
  const done = await inTransaction(deps, async (db) => {
    const row = await decideIfOpen(db, {
      id: current.id,
      status: 'rejected',
      staffId: input.staffId,
      reason,
    });
    if (!row) return undefined;
    await auditDecision(db, row, input.staffId, 'approval.rejected');
    const orderCode = orderCodeOf(row.payload);
    const reply = await storeBuyerReply(db, row.caseId, (locale) =>
      row.kind === 'refund_commit'
        ? t(locale, 'refund_rejected', { orderCode, reason })
        : t(locale, 'order_edit_rejected', { orderCode, reason }),
    );
    return { row, reply };
  });
  if (!done) return undefined;
  await sendStoredReplies(deps, [done.reply]);
  return { outcome: 'decided', decision: 'rejected', approval: done.row };
}

/** The conditional write matched nothing: decided by someone else, or expired. An expired
 * row still marked pending is expired now (audited, buyer told). Undefined: still open. */
async function settleAfterMiss(
  deps: ApprovalDeps,
  approvalId: string,
): Promise<DecideOutcome | undefined> {
  try {
    const expired = await expireApproval(deps, approvalId);
    if (expired.outcome === 'expired') return { outcome: 'expired' };
    if (expired.outcome === 'not_found') throw new NotFoundError(`approval ${approvalId} gone`);
    return expired.status === 'expired'
      ? { outcome: 'expired' }
      : { outcome: 'already_decided', status: expired.status };
  } catch (error) {
    if (error instanceof NotDueYet) return undefined;
    throw error;
  }
}

/** A refused decision: audited, then thrown for the caller to show. */
async function refuse(
  deps: ApprovalDeps,
  approval: Approval,
  input: DecideInput,
  why: RefusalWhy,
  text = REFUSAL_TEXT[why],
): Promise<never> {
  await audit(deps.db, {
    actor: input.staffId,
    action: 'approval.decision_refused',
    subject: approval.id,
    details: { why, decision: input.decision },
  });
  throw new ForbiddenError(`approval ${approval.id}: ${text}`, {
    approvalId: approval.id,
    why,
  });
}

const openMoneyText = (other: { id: string; kind: string }) =>
  `a refund is already open on this order (${other.kind} ${other.id}); decide that one first`;

/** Approving an edit that pays money back while another refund on the order is open would
 * let both pay out the same remainder: refused with the other one's id. */
async function assertNoOtherMoneyApproval(
  deps: ApprovalDeps,
  approval: Approval,
  edit: Record<string, unknown> | null | undefined,
) {
  if (approval.kind !== 'order_edit_commit' || !approval.orderId) return;
  if (!(typeof edit?.refundMinor === 'number' && edit.refundMinor > 0)) return;
  const other = await findOpenMoneyApproval(deps.db, approval.orderId, approval.id);
  if (other) throw new ValidationError(openMoneyText(other));
}

/** The same refusal when a race reaches the one-open-money-approval index first. */
async function moneyConflictAsRefusal<T>(approval: Approval, write: () => Promise<T>) {
  try {
    return await write();
  } catch (error) {
    if (isOpenMoneyConflict(error)) {
      throw new ValidationError(
        openMoneyText({ kind: 'refund', id: `on order ${approval.orderId}` }),
      );
    }
    throw error;
  }
}

function auditOverride(db: Db, row: Approval, staffId: string) {
  return audit(db, {
    actor: staffId,
    action: 'approval.hold_overridden',
    subject: row.id,
    details: { kind: row.kind, order: row.orderId },
  });
}

function auditDecision(db: Db, row: Approval, staffId: string, action: string) {
  return audit(db, {
    actor: staffId,
    action,
    subject: row.id,
    details: {
      kind: row.kind,
      order: row.orderId,
      amountMinor: row.amountMinor,
      editType: typeof row.edit?.type === 'string' ? row.edit.type : undefined,
      firstApprovedBy: row.firstApprovedBy ?? undefined,
    },
  });
}

function inTransaction<T>(deps: ApprovalDeps, work: (db: Db) => Promise<T>): Promise<T> {
  return deps.db.transaction((tx) => work(tx as unknown as Db));
}
