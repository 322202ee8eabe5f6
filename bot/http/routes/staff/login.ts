import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CONSOLE_OPERATOR, isDemoConsole } from '../../../../ops/config/index.js';
import {
  type IssuedSession,
  STAFF_SESSION_MS,
  type StaffAuthDeps,
  signInWithConsoleToken,
  signInWithPassword,
  signOutStaff,
} from '../../../../ops/staff/index.js';
import { STAFF_COOKIE, sameOrigin } from '../../staff-auth.js';
import type { StaffSignInLimits } from '../../staff-sign-in-limits.js';
import { type LoginPageOptions, loginPage, safeNext } from './login-page.js';

const signInForm = z.object({
  staffId: z.string().trim().max(100).optional(),
  password: z.string().min(1).max(1000),
  next: z.string().max(2000).optional(),
});

type Refusal = { status: number; error: string };

const REFUSALS = {
  unknown_member: { status: 401, error: 'Wrong staff id or password.' },
  wrong_password: { status: 401, error: 'Wrong staff id or password.' },
  wrong_token: { status: 401, error: 'Wrong console token.' },
  members_configured: {
    status: 401,
    error: 'The console token no longer signs in: sign in with your staff id and password.',
  },
} satisfies Record<string, Refusal>;

const noPassword = (staffId: string): Refusal => ({
  status: 403,
  error: `No password is set for ${staffId} yet: ask an admin to run ticketops staff passwd ${staffId}`,
});

export type StaffLoginDeps = StaffAuthDeps & { consoleToken: string; limits: StaffSignInLimits };

/** Sign-in and sign-out. A refused sign-in is the form again with a 401 (403 for a member
 * with no password yet); too many failures from one address, or against one member, is a
 * 429 with Retry-After until the window passes. */
export function registerStaffLogin(app: FastifyInstance, deps: StaffLoginDeps) {
  const demo = isDemoConsole(deps.policy);
  const html = (reply: FastifyReply, status: number, options: Omit<LoginPageOptions, 'demo'>) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(loginPage({ demo, ...options }));

  app.get(
    '/staff/login',
    async (request: FastifyRequest<{ Querystring: { next?: string } }>, reply) =>
      html(reply, 200, { next: request.query.next }),
  );

  app.post('/staff/login', async (request, reply) => {
    const form = signInForm.safeParse(request.body);
    const next = form.success ? form.data.next : undefined;
    // In the demo there is no id to type: the token is the console operator's.
    const staffId = demo ? undefined : form.data?.staffId;
    if (!sameOrigin(request)) {
      return html(reply, 403, { error: 'Sign-in from another site refused.' });
    }
    // Counted per member only for members that exist: invented ids would grow the table.
    const member = deps.policy.staff.members.find((m) => m.id === staffId)?.id;
    const block = deps.limits.blocked(request.ip, member);
    if (block) {
      request.log.warn({ ip: request.ip, staffId: member, by: block.by }, 'staff: sign-in limited');
      reply.header('retry-after', String(block.seconds));
      const minutes = Math.ceil(block.seconds / 60);
      const from = block.by === 'address' ? 'from this address' : `for ${member}`;
      return html(reply, 429, {
        next,
        staffId,
        error: `Too many failed sign-ins ${from}. Try again in ${minutes} min.`,
      });
    }
    if (!form.success || (!demo && !staffId)) {
      const what = demo ? 'the console token' : 'your staff id and password';
      return html(reply, 400, { next, staffId, error: `Enter ${what}.` });
    }
    const attempt = {
      previousToken: request.cookies[STAFF_COOKIE],
      ip: request.ip,
      userAgent: request.headers['user-agent'],
    };
    const outcome = demo
      ? await signInWithConsoleToken(deps, {
          ...attempt,
          token: form.data.password,
          consoleToken: deps.consoleToken,
        })
      : await signInWithPassword(deps, {
          ...attempt,
          staffId: staffId!,
          password: form.data.password,
        });
    if (!outcome.ok) {
      deps.limits.fail(request.ip, member);
      request.log.warn(
        { ip: request.ip, staffId: member, why: outcome.why },
        'staff: sign-in refused',
      );
      const refusal =
        outcome.why === 'no_password' ? noPassword(outcome.member.id) : REFUSALS[outcome.why];
      return html(reply, refusal.status, { next, staffId, error: refusal.error });
    }
    deps.limits.succeed(request.ip, staffId ?? CONSOLE_OPERATOR.id);
    setSessionCookie(request, reply, outcome.session);
    return reply.redirect(safeNext(next), 303);
  });

  app.post('/staff/logout', async (request, reply) => {
    await signOutStaff(deps, request.cookies[STAFF_COOKIE]);
    reply.clearCookie(STAFF_COOKIE, { path: '/' });
    return reply.redirect('/staff/login', 303);
  });
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, session: IssuedSession) {
  reply.setCookie(STAFF_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: STAFF_SESSION_MS / 1000,
  });
}
