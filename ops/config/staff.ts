import type { Policy } from './policy.js';

export type StaffMember = Policy['staff']['members'][number];

/** The one console identity of an install whose policy file lists no staff (the demo, a
 * single organizer working alone): whoever holds the console token works every role. */
export const CONSOLE_OPERATOR: StaffMember = {
  id: 'staff',
  name: 'Console operator',
  roles: ['agent', 'approver', 'supervisor'],
};

/** Whether this install is the demo: the policy file lists no staff members, so the shared
 * console token is the only way into the console and it signs in as CONSOLE_OPERATOR. */
export const isDemoConsole = (policy: Policy): boolean => policy.staff.members.length === 0;

/** Who the staff are: the configured members, or the console operator when there are none. */
export function staffRoster(policy: Policy): readonly StaffMember[] {
  return policy.staff.members.length > 0 ? policy.staff.members : [CONSOLE_OPERATOR];
}
