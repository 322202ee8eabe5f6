import { isDeepStrictEqual } from 'node:util';
import type { Approval } from '../../db/queries/approvals.js';
import { ValidationError } from '../errors.js';
import type { ApprovalDeps } from './approval-deps.js';
import { editRefundMinor, type OrderEdit, parseOrderEdit, problemWithEdit } from './edit.js';
import { loadEditFacts } from './edit-facts.js';

export type PreparedApproval = {
  /** the checked edit to store with the approval (order edits, first or only approver) */
  edit?: OrderEdit;
  /** what the approval moves once the edit is known (the second-approver threshold) */
  amountMinor?: number;
  /** the second approver may restate the edit, but not change it */
  assertSameEdit?: (stored: Record<string, unknown> | null) => void;
  /** set when a supervisor approves over a risk hold */
  holdOverriddenBy?: string;
};

/** Checks what an approving staff member supplied before anything is written, so a bad edit
 * is refused with a reason they can act on instead of failing later in the commit job. */
export async function prepareApproval(
  deps: ApprovalDeps,
  approval: Approval,
  rawEdit: unknown,
): Promise<PreparedApproval> {
  if (approval.kind === 'refund_commit') {
    if (rawEdit !== undefined) throw new ValidationError('a refund approval takes no edit');
    return {};
  }
  if (rawEdit === undefined) {
    // Second approver approving the edit the first one stored.
    if (approval.edit) return {};
    throw new ValidationError(
      'approving an order edit needs the exact change (cancel_tickets, transfer_ticket, change_holder_name or upgrade_ticket)',
    );
  }
  const edit = parseOrderEdit(rawEdit);
  if (!approval.orderId) throw new ValidationError('this approval names no order to edit');
  const facts = await loadEditFacts(deps.db, deps.policy, approval.orderId);
  if (!facts) throw new ValidationError(`order ${approval.orderId} no longer exists`);
  const problem = problemWithEdit(edit, facts);
  if (problem) throw new ValidationError(`order edit refused: ${problem}`);
  return {
    edit,
    amountMinor: editRefundMinor(edit),
    assertSameEdit(stored) {
      if (stored && !isDeepStrictEqual(parseOrderEdit(stored), edit)) {
        throw new ValidationError(
          'this edit differs from the one the first approver stored: approve that one as shown, or reject it and draft the new change',
        );
      }
    },
  };
}
