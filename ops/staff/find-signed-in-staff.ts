import { findLiveStaffSession } from '../../db/queries/staff-sessions.js';
import { CONSOLE_OPERATOR, isDemoConsole } from '../config/index.js';
import { looksLikeSessionToken, sessionIdOf } from './session-token.js';
import type { StaffAuthDeps } from './staff-auth-deps.js';

/** Who a console request comes from. `demo` is true for the console operator signed in with
 * the shared token: every page says so. */
export type SignedInStaff = { staffId: string; demo: boolean };

/** The member behind a session cookie, or undefined: no such session, revoked, expired, or
 * opened in a way this policy file no longer allows (a console-token session once members
 * are configured, a member since removed from the file).
 *
 * One primary-key read per staff request, no cache: staff traffic is a few clicks a minute,
 * and this way `ticketops staff revoke` and sign-out take effect on the very next request,
 * in every process. */
export async function findSignedInStaff(
  deps: StaffAuthDeps,
  token: string | undefined,
  now = new Date(),
): Promise<SignedInStaff | undefined> {
  if (!looksLikeSessionToken(token)) return undefined;
  const session = await findLiveStaffSession(deps.db, sessionIdOf(token), now);
  if (!session) return undefined;
  if (session.method === 'console_token') {
    return isDemoConsole(deps.policy) && session.staffId === CONSOLE_OPERATOR.id
      ? { staffId: CONSOLE_OPERATOR.id, demo: true }
      : undefined;
  }
  const member = deps.policy.staff.members.find((m) => m.id === session.staffId);
  return member ? { staffId: member.id, demo: false } : undefined;
}
