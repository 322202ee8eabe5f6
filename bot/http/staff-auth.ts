import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Policy } from '../../ops/config/policy.js';
import { CookieSigner } from './cookie-signer.js';

export const STAFF_COOKIE = 'tops_staff';
/** A console session lasts a working shift; then the token is asked for again. */
export const STAFF_SESSION_MS = 12 * 3600_000;
/** Who signs in when the policy file lists no staff members (demo mode). */
export const DEFAULT_STAFF_ID = 'staff';

export type ConsoleToken = { token: string; generated: boolean };

/** The console token from the policy file, or, when none is configured, a random one for
 * this run: the console is never open without a secret. */
export function resolveConsoleToken(policy: Policy): ConsoleToken {
  const configured = policy.staff.console_token;
  if (configured) return { token: configured, generated: false };
  return { token: randomBytes(18).toString('base64url'), generated: true };
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares secrets in constant time; hashing first makes lengths equal. */
export const sameSecret = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

/** Signs and checks `staffId.expiry` session cookies. The key derives from the console
 * token, so changing the token signs everyone out. */
export class StaffSessions {
  private readonly signer: CookieSigner;

  constructor(token: string) {
    this.signer = new CookieSigner(token, 'ticketops staff session v1');
  }

  issue(staffId: string, now = Date.now()): string {
    return this.signer.sign(
      `${Buffer.from(staffId).toString('base64url')}.${now + STAFF_SESSION_MS}`,
    );
  }

  /** The staff id of a valid, unexpired cookie; undefined for anything else. */
  verify(cookie: string | undefined, now = Date.now()): string | undefined {
    const payload = this.signer.unsign(cookie);
    const [id, expiry] = payload?.split('.') ?? [];
    if (!id || !expiry || !(Number(expiry) > now)) return undefined;
    return Buffer.from(id, 'base64url').toString('utf8');
  }
}

/** Failed sign-ins per client address in a sliding window: enough to stop guessing the
 * token, not enough to lock out someone who mistyped it twice. */
export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max = 10,
    private readonly windowMs = 15 * 60_000,
  ) {}

  private recent(ip: string, now: number): number[] {
    const kept = (this.failures.get(ip) ?? []).filter((at) => now - at < this.windowMs);
    if (kept.length) this.failures.set(ip, kept);
    else this.failures.delete(ip);
    return kept;
  }

  /** Seconds until the address may try again, or 0 when it may try now. */
  blockedFor(ip: string, now = Date.now()): number {
    const recent = this.recent(ip, now);
    if (recent.length < this.max) return 0;
    return Math.ceil((recent[0]! + this.windowMs - now) / 1000);
  }

  fail(ip: string, now = Date.now()): void {
    this.failures.set(ip, [...this.recent(ip, now), now]);
  }

  succeed(ip: string): void {
    this.failures.delete(ip);
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** set by the staff guard on /staff and /api/staff routes */
    staffId?: string;
  }
}

/** preHandler for staff pages: a missing or bad session goes to the sign-in form. */
export const staffPageGuard =
  (sessions: StaffSessions) => async (request: FastifyRequest, reply: FastifyReply) => {
    const staffId = sessions.verify(request.cookies[STAFF_COOKIE]);
    if (!staffId) {
      const next = encodeURIComponent(request.url);
      return reply.redirect(`/staff/login?next=${next}`, 303);
    }
    request.staffId = staffId;
  };

/** preHandler for the staff API: 401 JSON instead of a redirect. */
export const staffApiGuard =
  (sessions: StaffSessions) => async (request: FastifyRequest, reply: FastifyReply) => {
    const staffId = sessions.verify(request.cookies[STAFF_COOKIE]);
    if (!staffId) {
      return reply.code(401).send({ error: 'staff session required: sign in at /staff/login' });
    }
    request.staffId = staffId;
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
