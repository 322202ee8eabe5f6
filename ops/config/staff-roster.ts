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

/** What staff do in the console and the staff channels, and the roles that may do it: the
 * one place that says who may do what. Door staff and organizers may read, not act. */
export const STAFF_ACTIONS = {
  /** reply to buyers, change a case's status */
  work_cases: ['agent', 'approver', 'supervisor'],
  /** approve or reject refunds and order edits */
  decide_approvals: ['approver', 'supervisor'],
  /** approve over a risk hold on the order */
  override_holds: ['supervisor'],
} as const satisfies Record<string, readonly StaffMember['roles'][number][]>;

export type StaffAction = keyof typeof STAFF_ACTIONS;

export type StaffCheck =
  | { allowed: true; member: StaffMember }
  | { allowed: false; why: 'not_staff' | 'missing_role' };

/** Pure: may `staffId` do `action`? Only a member of the roster (the configured members, or
 * the console operator when there are none) holding one of the action's roles. */
export function checkStaff(policy: Policy, staffId: string, action: StaffAction): StaffCheck {
  const member = staffRoster(policy).find((m) => m.id === staffId);
  if (!member) return { allowed: false, why: 'not_staff' };
  const roles: readonly string[] = STAFF_ACTIONS[action];
  if (!member.roles.some((r) => roles.includes(r))) return { allowed: false, why: 'missing_role' };
  return { allowed: true, member };
}

/** The staff member a chat-platform user is, by the ids the policy lists for them
 * (`staff.members[].discord_user_id` / `telegram_user_id`); undefined for anyone else. The
 * demo's console operator has no platform identity: in chat, only listed members are staff. */
export function staffIdFor(
  policy: Policy,
  platform: 'discord' | 'telegram',
  platformUserId: string,
): string | undefined {
  const key = platform === 'discord' ? 'discord_user_id' : 'telegram_user_id';
  return policy.staff.members.find((m) => m[key] !== undefined && m[key] === platformUserId)?.id;
}
