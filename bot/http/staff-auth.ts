import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { audit } from '../../ops/audit/index.js';
import type { Policy } from '../../ops/config/index.js';
import { findSignedInStaff, type StaffAuthDeps } from '../../ops/staff/index.js';
import { SignInLimiter } from './sign-in-limiter.js';

/** The console's session cookie: an opaque random token, looked up (hashed) server-side. */
export const STAFF_COOKIE = 'tops_staff';

export type ConsoleToken = { token: string; generated: boolean };

/** The console token from the policy file, or, when none is configured, a random one for
 * this run. It signs the demo in (no staff members configured) and keys the web chat's
 * cookie signer; with staff members configured it signs nobody in. */
export function resolveConsoleToken(policy: Policy): ConsoleToken {
  const configured = policy.staff.console_token;
  if (configured) return { token: configured, generated: false };
  return { token: randomBytes(18).toString('base64url'), generated: true };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** set by the staff guard on /staff and /api/staff routes */
    staffId?: string;
    /** set with staffId: true when the demo operator signed in with the shared console token */
    staffDemo?: boolean;
  }
}

async function signedIn(deps: StaffAuthDeps, request: FastifyRequest): Promise<boolean> {
  const staff = await findSignedInStaff(deps, request.cookies[STAFF_COOKIE]);
  if (!staff) return false;
  request.staffId = staff.staffId;
  request.staffDemo = staff.demo;
  return true;
}

/** What the guards need: the session look-up, and how many anonymous attempts per client
 * address are audited in a window (`anonymousAuditLimiter`): every refused staff action leaves
 * a trace, but a script hammering the console cannot flood the audit log (the rest is refused
 * all the same, and logged). One limiter per console, shared by its guards. */
export type StaffGuardDeps = StaffAuthDeps & { anonymousAudits: SignInLimiter };

export const anonymousAuditLimiter = (): SignInLimiter => new SignInLimiter(10, 10 * 60_000);

/** A staff action (anything but reading) tried without a session: audited, then refused. */
async function auditAnonymousAttempt(deps: StaffGuardDeps, request: FastifyRequest) {
  const { anonymousAudits } = deps;
  if (request.method === 'GET' || request.method === 'HEAD') return;
  request.log.warn({ url: request.routeOptions.url }, 'staff: action without a session refused');
  if (anonymousAudits.blockedFor(request.ip) > 0) return;
  anonymousAudits.fail(request.ip);
  await audit(deps.db, {
    actor: 'anonymous',
    action: 'staff.action_refused',
    subject: `${request.method} ${request.routeOptions.url ?? 'unknown route'}`,
    details: { why: 'no_session' },
  });
}

/** preHandler for staff pages: a missing, ended or expired session goes to the sign-in form. */
export const staffPageGuard =
  (deps: StaffGuardDeps) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (await signedIn(deps, request)) return;
    await auditAnonymousAttempt(deps, request);
    const next = encodeURIComponent(request.url);
    return reply.redirect(`/staff/login?next=${next}`, 303);
  };

/** preHandler for the staff API: 401 JSON instead of a redirect. */
export const staffApiGuard =
  (deps: StaffGuardDeps) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (await signedIn(deps, request)) return;
    await auditAnonymousAttempt(deps, request);
    return reply.code(401).send({ error: 'staff session required: sign in at /staff/login' });
  };

/** Refuses a form post from another site. SameSite=Lax already keeps the cookie off
 * cross-site posts; this is the second lock on the same door. */
export function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
