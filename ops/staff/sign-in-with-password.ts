import type { Db } from '../../db/client.js';
import { findPasswordHash } from '../../db/queries/staff-credentials.js';
import { audit } from '../audit/index.js';
import type { StaffMember } from '../config/index.js';
import { MAX_PASSWORD_LENGTH, passwordLength } from './new-password.js';
import { type IssuedSession, openAuditedSession } from './open-session.js';
import { hashPassword, verifyPassword } from './password-hash.js';
import { type StaffAuthDeps, staffSubject } from './staff-auth-deps.js';

export type PasswordSignIn = {
  staffId: string;
  password: string;
  previousToken?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
};

/** Why a sign-in was refused. `unknown_member` and `wrong_password` must look the same to
 * the person signing in; `no_password` is told plainly so they know whom to ask. */
export type SignInRefusal = 'unknown_member' | 'no_password' | 'wrong_password';

export type PasswordSignInOutcome =
  | { ok: true; member: StaffMember; session: IssuedSession }
  | { ok: false; why: 'no_password'; member: StaffMember }
  | { ok: false; why: Exclude<SignInRefusal, 'no_password'> };

let decoy: Promise<string> | undefined;
/** A hash to check against when there is nothing real to check, so a refusal for an id
 * nobody has takes as long as one for a wrong password. */
const decoyHash = () => {
  decoy ??= hashPassword('ticketops decoy password, matches nothing');
  return decoy;
};

const auditRefusal = (db: Db, actor: string, staffId: string, reason: SignInRefusal) =>
  audit(db, {
    actor,
    action: 'staff.sign_in_refused',
    subject: staffSubject(staffId),
    details: { method: 'password', reason },
  });

/** Signs a staff member in with their own password (docs/architecture.md, the life of an approval: staff sign in as
 * themselves). The member must be in the policy file and have a password set with
 * `ticketops staff add`. Every outcome is audited, never the password; an id nobody has is
 * audited without repeating it (people type passwords into the wrong box). */
export async function signInWithPassword(
  deps: StaffAuthDeps,
  attempt: PasswordSignIn,
): Promise<PasswordSignInOutcome> {
  const member = deps.policy.staff.members.find((m) => m.id === attempt.staffId);
  const stored = member ? await findPasswordHash(deps.db, member.id) : undefined;
  // Over-long input is refused after the same work as any other refusal.
  const tooLong = passwordLength(attempt.password) > MAX_PASSWORD_LENGTH;
  const matches = await verifyPassword(
    tooLong ? '' : attempt.password,
    stored && !tooLong ? stored : await decoyHash(),
  );
  if (!member) {
    await auditRefusal(deps.db, 'anonymous', 'unknown', 'unknown_member');
    return { ok: false, why: 'unknown_member' };
  }
  if (!stored) {
    await auditRefusal(deps.db, member.id, member.id, 'no_password');
    return { ok: false, why: 'no_password', member };
  }
  if (!matches || tooLong) {
    await auditRefusal(deps.db, member.id, member.id, 'wrong_password');
    return { ok: false, why: 'wrong_password' };
  }
  const session = await openAuditedSession(
    deps.db,
    {
      staffId: member.id,
      method: 'password',
      previousToken: attempt.previousToken,
      ip: attempt.ip,
      userAgent: attempt.userAgent,
    },
    { subject: staffSubject(member.id), details: { roles: member.roles } },
  );
  return { ok: true, member, session };
}
