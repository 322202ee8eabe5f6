import type { Approval } from '../../db/queries/approvals.js';
import type { Policy } from '../config/policy.js';
import { type StaffMember, staffRoster } from '../config/staff.js';

export type { StaffMember };

/** The roles that may decide an approval (DESIGN section 5: "staff with the configured role"). */
export const DECIDING_ROLES = ['approver', 'supervisor'] as const;

export type DeciderCheck =
  | { allowed: true; member: StaffMember }
  | { allowed: false; why: 'not_staff' | 'no_deciding_role' | 'own_request' };

/** Pure: may `staffId` decide this approval? Only staff holding a deciding role (with no
 * members configured, the console operator), never the requester (the database's four-eyes
 * CHECK is the backstop). */
export function checkDecider(
  policy: Policy,
  approval: Pick<Approval, 'requestedBy'>,
  staffId: string,
): DeciderCheck {
  const member = staffRoster(policy).find((m) => m.id === staffId);
  if (!member) return { allowed: false, why: 'not_staff' };
  if (!member.roles.some((r) => (DECIDING_ROLES as readonly string[]).includes(r))) {
    return { allowed: false, why: 'no_deciding_role' };
  }
  if (approval.requestedBy === staffId) return { allowed: false, why: 'own_request' };
  return { allowed: true, member };
}

/** Above the policy threshold an approval needs a second, different approver. */
export function needsSecondApprover(policy: Policy, amountMinor: number | null): boolean {
  const threshold = policy.policy.second_approver_above_minor;
  return threshold !== null && (amountMinor ?? 0) > threshold;
}
