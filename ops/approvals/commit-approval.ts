import type { Db } from '../../db/client.js';
import { type Approval, findApproval, transition } from '../../db/queries/approvals.js';
import { audit } from '../audit/index.js';
import { NotFoundError } from '../errors.js';
import type { ApprovalDeps } from './approval-deps.js';
import { commitOrderEdit } from './commit-order-edit.js';
import { commitRefund } from './commit-refund.js';
import type { CommitOutcome } from './fail-commit.js';

/** The `approvals.commit` job. Claims the approval (approved -> executing, one conditional
 * update, audited); a job that finds it already `executing` is a retry after a crash or a
 * transient failure and carries on the same way: each kind's commit reconciles (looks for the
 * money movement it may already have made) before acting, and writes its outcome only while
 * the row is still `executing`. Anything else has nothing left to do. */
export async function commitApproval(
  deps: ApprovalDeps,
  approvalId: string,
): Promise<CommitOutcome> {
  let approval = await findApproval(deps.db, approvalId);
  if (!approval) throw new NotFoundError(`approval ${approvalId} not found`, { approvalId });
  if (approval.status === 'approved') {
    approval = (await claim(deps, approval)) ?? (await findApproval(deps.db, approvalId));
  }
  if (approval?.status !== 'executing') {
    return { outcome: 'skipped', status: approval?.status ?? 'failed' };
  }
  return approval.kind === 'refund_commit'
    ? commitRefund(deps, approval)
    : commitOrderEdit(deps, approval);
}

function claim(deps: ApprovalDeps, approval: Approval): Promise<Approval | undefined> {
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const row = await transition(db, { id: approval.id, from: 'approved', to: 'executing' });
    if (row) {
      await audit(db, {
        actor: 'system',
        action: 'approval.executing',
        subject: row.id,
        details: { kind: row.kind, order: row.orderId, amountMinor: row.amountMinor },
      });
    }
    return row;
  });
}
