import type { Db } from '../../db/client.js';
import { revokeSessionsOfMember } from '../../db/queries/staff-sessions.js';
import { audit } from '../audit/index.js';
import { CONSOLE_OPERATOR } from '../config/index.js';
import { NotFoundError } from '../errors.js';
import { type StaffAuthDeps, staffSubject } from './staff-auth-deps.js';

/** Ends every open console session of a member (`ticketops staff revoke`): a lost laptop, a
 * member leaving. Takes effect on their next request, in every process. The demo's console
 * operator may be named too. Audited with the number of sessions ended. */
export async function revokeStaffSessions(
  deps: StaffAuthDeps,
  input: { staffId: string; actor: string },
): Promise<{ sessionsEnded: number }> {
  const known =
    input.staffId === CONSOLE_OPERATOR.id ||
    deps.policy.staff.members.some((m) => m.id === input.staffId);
  if (!known) {
    throw new NotFoundError(`staff member "${input.staffId}" is not in the policy file`, {
      staffId: input.staffId,
    });
  }
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const sessionsEnded = await revokeSessionsOfMember(db, input.staffId, new Date());
    await audit(db, {
      actor: input.actor,
      action: 'staff.sessions_revoked',
      subject: staffSubject(input.staffId),
      details: { sessionsEnded },
    });
    return { sessionsEnded };
  });
}
