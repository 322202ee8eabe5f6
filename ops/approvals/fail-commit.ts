import type { Db } from '../../db/client.js';
import { type Approval, findApproval, transition } from '../../db/queries/approvals.js';
import { audit } from '../audit/index.js';
import { handCaseToStaff } from '../cases/index.js';
import { sendStoredReplies, storeBuyerReply, t } from '../replies/index.js';
import { type ApprovalDeps, orderCodeOf } from './approval-deps.js';

export type CommitOutcome =
  | { outcome: 'executed'; result: Record<string, unknown> }
  | { outcome: 'failed'; reason: string }
  /** nothing left to do: a replay, or the approval is not approved (rejected, expired...) */
  | { outcome: 'skipped'; status: Approval['status'] };

/** Thrown inside a commit transaction when the edit can no longer be carried out: rolls back
 * what the transaction wrote, then `failCommit` records why. */
export class CommitRefused extends Error {}

/** executing -> failed with a reason staff can read (in `result.error`, so the approver's own
 * note stays), audited, the case handed back to staff (a person has to finish by hand what
 * was approved) and the buyer told a person will follow up. Guarded by
 * `status = 'executing'`: a replay finds nothing to fail. */
export async function failCommit(
  deps: ApprovalDeps,
  approval: Approval,
  reason: string,
): Promise<CommitOutcome> {
  const reply = await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const row = await transition(db, {
      id: approval.id,
      from: 'executing',
      to: 'failed',
      result: { error: reason },
    });
    if (!row) return null;
    await audit(db, {
      actor: 'system',
      action: 'approval.failed',
      subject: approval.id,
      details: { kind: approval.kind, order: approval.orderId, reason },
    });
    await handCaseToStaff(db, { caseId: approval.caseId, why: 'approval_failed', subject: row.id });
    return storeBuyerReply(db, approval.caseId, (locale) =>
      t(locale, 'approval_follow_up', { orderCode: orderCodeOf(approval.payload) }),
    );
  });
  if (reply === null) return skipped(deps, approval.id);
  await sendStoredReplies(deps, [reply]);
  deps.log.warn({ approvalId: approval.id, reason }, 'approvals: commit failed');
  return { outcome: 'failed', reason };
}

/** The answer for a commit whose final write matched nothing: another run got there first. */
export async function skipped(deps: ApprovalDeps, approvalId: string): Promise<CommitOutcome> {
  const current = await findApproval(deps.db, approvalId);
  return { outcome: 'skipped', status: current?.status ?? 'failed' };
}
