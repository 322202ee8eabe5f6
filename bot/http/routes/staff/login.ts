import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Policy } from '../../../../ops/config/policy.js';
import { escapeHtml, page } from '../../html.js';
import {
  DEFAULT_STAFF_ID,
  type SignInLimiter,
  STAFF_COOKIE,
  STAFF_SESSION_MS,
  type StaffSessions,
  sameOrigin,
  sameSecret,
} from '../../staff-auth.js';

const signInForm = z.object({
  staffId: z.string().trim().min(1).max(100),
  token: z.string().min(1).max(500),
  next: z.string().max(2000).optional(),
});

/** Only a path inside the console: `next` must not send a fresh session to another site. */
const safeNext = (next: string | undefined) =>
  next?.startsWith('/staff') && !next.startsWith('//') ? next : '/staff';

/** Who may be picked on the sign-in form: the configured members, or the one demo identity. */
const signInIds = (policy: Policy) =>
  policy.staff.members.length > 0
    ? policy.staff.members.map((m) => ({ id: m.id, label: `${m.name} (${m.roles.join(', ')})` }))
    : [{ id: DEFAULT_STAFF_ID, label: 'staff (demo: no staff.members configured)' }];

function loginPage(policy: Policy, options: { next?: string; error?: string }): string {
  const choices = signInIds(policy)
    .map((m) => `<option value="${escapeHtml(m.id)}">${escapeHtml(m.label)}</option>`)
    .join('');
  const error = options.error
    ? `<p role="alert" style="color:#c62828;font-weight:600">${escapeHtml(options.error)}</p>`
    : '';
  return page(
    'Staff sign-in · Ticketops',
    `<h1>Staff sign-in</h1>${error}
<form method="post" action="/staff/login" style="display:grid;gap:.7rem;max-width:24rem">
<label>Staff member<br><select name="staffId" style="width:100%;padding:.4rem">${choices}</select></label>
<label>Console token<br><input type="password" name="token" autocomplete="current-password" required style="width:100%;padding:.4rem"></label>
<input type="hidden" name="next" value="${escapeHtml(safeNext(options.next))}">
<button type="submit" style="padding:.5rem">Sign in</button></form>
<p class="muted">The token is <code>staff.console_token</code> in the policy file, or, when none is set,
the one this process printed when it started.</p>`,
  );
}

/** Sign-in and sign-out. A wrong token is a 401 with the form again; too many from one
 * address is a 429 until the window passes. */
export function registerStaffLogin(
  app: FastifyInstance,
  deps: { policy: Policy; token: string; sessions: StaffSessions; limiter: SignInLimiter },
) {
  const html = (reply: FastifyReply, status: number, body: string) =>
    reply.code(status).type('text/html; charset=utf-8').send(body);

  app.get(
    '/staff/login',
    async (request: FastifyRequest<{ Querystring: { next?: string } }>, reply) =>
      html(reply, 200, loginPage(deps.policy, { next: request.query.next })),
  );

  app.post('/staff/login', async (request, reply) => {
    const form = signInForm.safeParse(request.body);
    const next = form.success ? form.data.next : undefined;
    if (!sameOrigin(request))
      return html(
        reply,
        403,
        loginPage(deps.policy, { error: 'Sign-in from another site refused.' }),
      );
    const wait = deps.limiter.blockedFor(request.ip);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      const minutes = Math.ceil(wait / 60);
      return html(
        reply,
        429,
        loginPage(deps.policy, {
          next,
          error: `Too many failed sign-ins from this address. Try again in ${minutes} min.`,
        }),
      );
    }
    if (!form.success) {
      return html(
        reply,
        400,
        loginPage(deps.policy, { next, error: 'Pick a staff member and enter the console token.' }),
      );
    }
    const known = signInIds(deps.policy).some((m) => m.id === form.data.staffId);
    if (!known || !sameSecret(form.data.token, deps.token)) {
      deps.limiter.fail(request.ip);
      request.log.warn({ ip: request.ip }, 'staff: sign-in refused');
      return html(
        reply,
        401,
        loginPage(deps.policy, { next, error: 'Wrong staff member or console token.' }),
      );
    }
    deps.limiter.succeed(request.ip);
    reply.setCookie(STAFF_COOKIE, deps.sessions.issue(form.data.staffId), {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      maxAge: STAFF_SESSION_MS / 1000,
    });
    return reply.redirect(safeNext(next), 303);
  });

  app.post('/staff/logout', async (_request, reply) => {
    reply.clearCookie(STAFF_COOKIE, { path: '/' });
    return reply.redirect('/staff/login', 303);
  });
}
