import { revokeStaffSession } from '../../db/queries/staff-sessions.js';
import { audit } from '../audit/index.js';
import { looksLikeSessionToken, sessionIdOf } from './session-token.js';
import { type StaffAuthDeps, staffSubject } from './staff-auth-deps.js';

/** Ends the session behind a cookie in the database, so the cookie is refused from now on
 * even if a copy of it survives the browser clearing it. Audited when a live session ended. */
export async function signOutStaff(
  deps: Pick<StaffAuthDeps, 'db'>,
  token: string | undefined,
): Promise<{ ended: boolean }> {
  if (!looksLikeSessionToken(token)) return { ended: false };
  const staffId = await revokeStaffSession(deps.db, sessionIdOf(token), new Date());
  if (!staffId) return { ended: false };
  await audit(deps.db, {
    actor: staffId,
    action: 'staff.signed_out',
    subject: staffSubject(staffId),
  });
  return { ended: true };
}
