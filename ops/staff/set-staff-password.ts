import type { Db } from '../../db/client.js';
import { savePasswordHash } from '../../db/queries/staff-credentials.js';
import { revokeSessionsOfMember } from '../../db/queries/staff-sessions.js';
import { audit } from '../audit/index.js';
import type { StaffMember } from '../config/index.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { assertNewPassword } from './new-password.js';
import { hashPassword } from './password-hash.js';
import { type StaffAuthDeps, staffSubject } from './staff-auth-deps.js';

export type SetPasswordInput = {
  staffId: string;
  password: string;
  /** `add` refuses a member who already has a password; `passwd` replaces it */
  mode: 'add' | 'passwd';
  /** who ran the command, for the audit log */
  actor: string;
};

/** The member with this id in the policy file; a NotFoundError naming the ids there are. */
export function configuredMember(deps: Pick<StaffAuthDeps, 'policy'>, staffId: string) {
  const members = deps.policy.staff.members;
  const member = members.find((m) => m.id === staffId);
  if (member) return member;
  const known = members.length
    ? `members are: ${members.map((m) => m.id).join(', ')}`
    : 'the policy file lists no staff.members (demo mode signs in with the console token)';
  throw new NotFoundError(`staff member "${staffId}" is not in the policy file; ${known}`, {
    staffId,
  });
}

/** Sets a member's password (`ticketops staff add | passwd`). The member must be in the
 * policy file: roles come from there, the password only proves who is signing in. A new
 * password ends the member's open sessions, since the old one may be why it changed.
 * Audited without the password. */
export async function setStaffPassword(
  deps: StaffAuthDeps,
  input: SetPasswordInput,
): Promise<{ member: StaffMember; sessionsEnded: number }> {
  const member = configuredMember(deps, input.staffId);
  assertNewPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const saved = await savePasswordHash(db, member.id, passwordHash, {
      onlyIfNew: input.mode === 'add',
    });
    if (!saved) {
      throw new ValidationError(
        `staff member "${member.id}" already has a password; change it with ticketops staff passwd ${member.id}`,
        { staffId: member.id },
      );
    }
    const sessionsEnded =
      input.mode === 'passwd' ? await revokeSessionsOfMember(db, member.id, new Date()) : 0;
    await audit(db, {
      actor: input.actor,
      action: input.mode === 'add' ? 'staff.password_added' : 'staff.password_changed',
      subject: staffSubject(member.id),
      details: { sessionsEnded },
    });
    return { member, sessionsEnded };
  });
}
