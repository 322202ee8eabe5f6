import { createHash, timingSafeEqual } from 'node:crypto';
import { audit } from '../audit/index.js';
import { CONSOLE_OPERATOR, isDemoConsole } from '../config/index.js';
import { type IssuedSession, openAuditedSession } from './open-session.js';
import { type StaffAuthDeps, staffSubject } from './staff-auth-deps.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares secrets in constant time; hashing first makes the lengths equal. */
const sameSecret = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

export type ConsoleTokenSignIn = {
  token: string;
  consoleToken: string;
  previousToken?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
};

export type ConsoleTokenSignInOutcome =
  | { ok: true; session: IssuedSession }
  | { ok: false; why: 'members_configured' | 'wrong_token' };

/** The demo's sign-in: the shared console token opens a session as CONSOLE_OPERATOR. Once
 * the policy file lists staff members the token signs nobody in, whatever is typed: one
 * secret shared by everyone cannot tell a door member from an approver. */
export async function signInWithConsoleToken(
  deps: StaffAuthDeps,
  attempt: ConsoleTokenSignIn,
): Promise<ConsoleTokenSignInOutcome> {
  const why = !isDemoConsole(deps.policy)
    ? 'members_configured'
    : !sameSecret(attempt.token, attempt.consoleToken)
      ? 'wrong_token'
      : undefined;
  const subject = staffSubject(CONSOLE_OPERATOR.id);
  if (why) {
    await audit(deps.db, {
      actor: 'anonymous',
      action: 'staff.sign_in_refused',
      subject,
      details: { method: 'console_token', reason: why },
    });
    return { ok: false, why };
  }
  const session = await openAuditedSession(
    deps.db,
    {
      staffId: CONSOLE_OPERATOR.id,
      method: 'console_token',
      previousToken: attempt.previousToken,
      ip: attempt.ip,
      userAgent: attempt.userAgent,
    },
    { subject, details: { demo: true } },
  );
  return { ok: true, session };
}
