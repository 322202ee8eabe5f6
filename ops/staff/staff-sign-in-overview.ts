import { membersWithPassword } from '../../db/queries/staff-credentials.js';
import { liveSessionCounts } from '../../db/queries/staff-sessions.js';
import { isDemoConsole, staffRoster } from '../config/index.js';
import type { StaffAuthDeps } from './staff-auth-deps.js';

export type StaffSignInRow = {
  id: string;
  name: string;
  roles: readonly string[];
  /** null for the demo's console operator, who signs in with the console token */
  passwordSet: boolean | null;
  liveSessions: number;
};

/** Each member of the policy file (or the demo's console operator), whether they can sign
 * in, and how many sessions they have open (`ticketops staff list`). */
export async function staffSignInOverview(deps: StaffAuthDeps): Promise<StaffSignInRow[]> {
  const [withPassword, sessions] = await Promise.all([
    membersWithPassword(deps.db),
    liveSessionCounts(deps.db, new Date()),
  ]);
  const demo = isDemoConsole(deps.policy);
  return staffRoster(deps.policy).map((m) => ({
    id: m.id,
    name: m.name,
    roles: m.roles,
    passwordSet: demo ? null : withPassword.has(m.id),
    liveSessions: sessions.get(m.id) ?? 0,
  }));
}
