import { escapeHtml, page } from '../../html.js';

/** The sign-in form's version of the console pages' demo notice: before signing in. */
export const DEMO_SIGN_IN_NOTICE =
  'Demo console: the shared console token signs in as the demo operator; configure staff.members and run ticketops staff add for real sign-in';

/** Only a path inside the console: `next` must not send a fresh session to another site. */
export const safeNext = (next: string | undefined) =>
  next?.startsWith('/staff') && !next.startsWith('//') ? next : '/staff';

export type LoginPageOptions = {
  /** demo mode: no staff members configured, the console token signs in */
  demo: boolean;
  next?: string | undefined;
  error?: string | undefined;
  /** the staff id typed last time, so a mistyped password does not cost retyping it */
  staffId?: string | undefined;
};

const FIELD = 'style="width:100%;padding:.4rem"';

/** The sign-in form. With staff members, each types their own id and password (the form
 * does not list members: it is the one console page anyone can open). In demo mode it asks
 * for the console token and says that this is the demo's way in. */
export function loginPage(options: LoginPageOptions): string {
  const error = options.error
    ? `<p role="alert" style="color:#c62828;font-weight:600">${escapeHtml(options.error)}</p>`
    : '';
  const fields = options.demo
    ? `<label>Console token<br><input type="password" name="password" autocomplete="current-password" required ${FIELD}></label>`
    : `<label>Staff id<br><input type="text" name="staffId" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(options.staffId ?? '')}" ${FIELD}></label>
<label>Password<br><input type="password" name="password" autocomplete="current-password" required ${FIELD}></label>`;
  const help = options.demo
    ? `<p class="muted">The token is <code>staff.console_token</code> in the policy file, or, when none is set,
the one this process printed when it started.</p>`
    : `<p class="muted">Sign in with your own staff id and password. No password yet? Ask an admin to run
<code>ticketops staff add &lt;your id&gt;</code>.</p>`;
  const notice = options.demo
    ? `<p role="note" style="background:#fff4d6;border:1px solid #e6c65c;padding:.45rem .8rem">${escapeHtml(DEMO_SIGN_IN_NOTICE)}</p>`
    : '';
  return page(
    'Staff sign-in · Ticketops',
    `<h1>Staff sign-in</h1>${notice}${error}
<form method="post" action="/staff/login" style="display:grid;gap:.7rem;max-width:24rem">
${fields}
<input type="hidden" name="next" value="${escapeHtml(safeNext(options.next))}">
<button type="submit" style="padding:.5rem">Sign in</button></form>
${help}`,
  );
}
