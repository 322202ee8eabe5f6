import type { Approval } from '../../db/queries/approvals.js';
import type { Policy } from '../config/index.js';
import { checkStaff, STAFF_ACTIONS, type StaffMember } from '../config/index.js';

export type { StaffMember };

export type RefusalWhy =
  | 'not_staff'
  | 'no_deciding_role'
  | 'own_request'
  | 'first_approver_again'
  | 'held'
  | 'override_needs_supervisor';

/** What a refused staff member reads, per reason. */
export const REFUSAL_TEXT: Record<RefusalWhy, string> = {
  not_staff: 'not a staff member in the policy file',
  no_deciding_role: 'needs the approver or supervisor role',
  own_request: 'the requester may not decide their own request',
  first_approver_again:
    'you already gave the first approval; a second, different approver must confirm',
  held: 'a risk review holds this order; a supervisor may approve over it, explicitly',
  override_needs_supervisor: 'only a supervisor may approve over a risk hold',
};

export type DeciderCheck =
  | { allowed: true; member: StaffMember }
  | { allowed: false; why: RefusalWhy };

/** Pure: may `staffId` decide this approval? Only staff holding a deciding role (with no
 * members configured, the console operator), never the requester (the database's four-eyes
 * CHECK is the backstop). */
export function checkDecider(
  policy: Policy,
  approval: Pick<Approval, 'requestedBy'> & Partial<Pick<Approval, 'firstApprovedBy'>>,
  staffId: string,
  decision: 'approve' | 'reject' = 'approve',
): DeciderCheck {
  const check = checkStaff(policy, staffId, 'decide_approvals');
  if (!check.allowed) {
    return { allowed: false, why: check.why === 'not_staff' ? 'not_staff' : 'no_deciding_role' };
  }
  const { member } = check;
  if (approval.requestedBy === staffId) return { allowed: false, why: 'own_request' };
  // Two approvals are two people: the first approver may still reject, never confirm.
  if (decision === 'approve' && approval.firstApprovedBy === staffId) {
    return { allowed: false, why: 'first_approver_again' };
  }
  return { allowed: true, member };
}

/** Pure: may this member approve over a risk hold? Only a supervisor, and only when they
 * said so explicitly (`overrideHold`). */
export function checkHoldOverride(
  member: StaffMember,
  overrideHold: boolean,
): { allowed: true } | { allowed: false; why: 'held' | 'override_needs_supervisor' } {
  if (!overrideHold) return { allowed: false, why: 'held' };
  if (!member.roles.some((r) => (STAFF_ACTIONS.override_holds as readonly string[]).includes(r))) {
    return { allowed: false, why: 'override_needs_supervisor' };
  }
  return { allowed: true };
}

/** Above the policy threshold an approval needs a second, different approver. */
export function needsSecondApprover(policy: Policy, amountMinor: number | null): boolean {
  const threshold = policy.policy.second_approver_above_minor;
  return threshold !== null && (amountMinor ?? 0) > threshold;
}
