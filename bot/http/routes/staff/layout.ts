import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatMoney } from '../../../../ops/replies/index.js';
import { escapeHtml } from '../../html.js';

const STYLE = `
*{box-sizing:border-box}
body{font:14px/1.5 system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{background:#1d2430;color:#fff;padding:.6rem 1.5rem;display:flex;gap:1.5rem;align-items:center}
header a{color:#cfd8e3;text-decoration:none}header a:hover,header a.here{color:#fff}
header .who{margin-left:auto;color:#9aa7b6}header form{display:inline}
header button{background:none;border:1px solid #4b5767;color:#cfd8e3;border-radius:4px;padding:.1rem .5rem;cursor:pointer}
main{max-width:72rem;margin:1.2rem auto;padding:0 1.5rem}
h1{font-size:1.4rem;margin:.2rem 0 1rem}h2{font-size:1.05rem;margin:1.6rem 0 .5rem}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dde3ea}
td,th{padding:.35rem .6rem;border-bottom:1px solid #e8ecf1;text-align:left;vertical-align:top}
th{font-weight:600;background:#eef1f5;font-size:.85rem}
a{color:#1f5fbf}.muted{color:#5b6675}code{background:#eef1f5;padding:0 .25rem;border-radius:3px}
.badge{display:inline-block;padding:0 .45rem;border-radius:9px;font-size:.8rem;background:#e3e8ef}
.P1{background:#c62828;color:#fff}.P2{background:#ef6c00;color:#fff}.P3{background:#fbc02d}.P4{background:#cfd8dc}
.breached{color:#c62828;font-weight:600}.flash{padding:.5rem .8rem;border-radius:4px;margin:0 0 1rem}
.flash.ok{background:#e3f4e6;border:1px solid #9bd3a5}.flash.err{background:#fdecea;border:1px solid #f1a39b}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.card{background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:.8rem 1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dt{color:#5b6675}dd{margin:0}
.thread{display:flex;flex-direction:column;gap:.5rem;background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:1rem;max-height:32rem;overflow:auto}
.msg{max-width:75%;padding:.45rem .7rem;border-radius:8px;white-space:pre-wrap;overflow-wrap:anywhere}
.msg.inbound{background:#eef1f5;align-self:flex-start}.msg.outbound{background:#dcebff;align-self:flex-end}
.msg.staff{background:#d9f2e0}.msg .meta{display:block;font-size:.75rem;color:#5b6675;margin-bottom:.15rem}
.buttons{margin-top:.3rem}.buttons span{display:inline-block;border:1px solid #8aa6cc;border-radius:4px;padding:0 .4rem;margin-right:.3rem;font-size:.8rem}
form.inline{display:inline}form.decide{display:inline-flex;gap:.3rem;margin:.1rem .3rem .1rem 0}form.decide textarea{min-width:16rem}button,select,input,textarea{font:inherit}
button{padding:.35rem .8rem;border-radius:4px;border:1px solid #8a96a6;background:#fff;cursor:pointer}
button.primary{background:#1f5fbf;border-color:#1f5fbf;color:#fff}
textarea{width:100%;min-height:5rem;padding:.5rem;border:1px solid #b9c3cf;border-radius:4px}
.actions{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center;margin:.6rem 0}
.filters{display:flex;gap:.6rem;align-items:center;margin:.4rem 0 .8rem}
.demo{background:#fff4d6;border-bottom:1px solid #e6c65c;margin:0;padding:.45rem 1.5rem}
.nowrap{white-space:nowrap}td code{overflow-wrap:anywhere}label[for=reply-text]{display:block;margin:.8rem 0 .3rem;font-weight:600}
`;

const NAV = [
  ['/staff', 'Queues'],
  ['/staff/approvals', 'Approvals'],
  ['/staff/audit', 'Audit log'],
] as const;

/** Shown on every console page while the shared console token is the way in: nobody should
 * take the demo's sign-in for the real one. */
export const DEMO_CONSOLE_NOTICE =
  'Demo console: signed in with the shared console token as the demo operator; configure staff.members and run ticketops staff add for real sign-in';

/** Who is looking at a console page. */
export type StaffViewer = { staffId: string; demo: boolean };

/** The viewer of a request the staff guard let through. */
export const viewerOf = (request: FastifyRequest): StaffViewer => ({
  staffId: request.staffId!,
  demo: request.staffDemo === true,
});

/** The staff console's page frame: navigation, who is signed in, the demo notice when it
 * applies, an optional flash line. */
export function staffPage(options: {
  title: string;
  viewer: StaffViewer;
  here: string;
  body: string;
  flash?: Flash | undefined;
}): string {
  const nav = NAV.map(
    ([href, label]) =>
      `<a href="${href}"${href === options.here ? ' class="here"' : ''}>${escapeHtml(label)}</a>`,
  ).join('');
  const flash = options.flash
    ? `<p class="flash ${options.flash.ok ? 'ok' : 'err'}" role="status">${escapeHtml(options.flash.text)}</p>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} · Ticketops staff</title><style>${STYLE}</style></head><body>
<header><strong>Ticketops staff</strong>${nav}<span class="who">Signed in as ${escapeHtml(options.viewer.staffId)}</span>
<form method="post" action="/staff/logout"><button type="submit">Sign out</button></form></header>
${options.viewer.demo ? `<p class="demo" role="note">${escapeHtml(DEMO_CONSOLE_NOTICE)}</p>` : ''}<main><h1>${escapeHtml(options.title)}</h1>${flash}${options.body}</main></body></html>`;
}

/** "3 h 20 min", "2 d 4 h": how long ago, for ages in a queue. */
export function age(since: Date, now = new Date()): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** Timestamps read in UTC, to the minute: staff across time zones compare the same string. */
export const when = (at: Date | null | undefined): string =>
  at ? `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—';

export const money = (minor: number | null | undefined, currency: string | null | undefined) =>
  minor === null || minor === undefined ? '—' : formatMoney(minor, currency ?? 'EUR');

export const statusLabel = (status: string) => status.replaceAll('_', ' ');

export const severityBadge = (severity: string) =>
  `<span class="badge ${escapeHtml(severity)}">${escapeHtml(severity)}</span>`;

export type Flash = { ok: boolean; text: string };
const FLASH_COOKIE = 'tops_flash';

/** Remembers one line to show on the page a form post redirects to. A cookie, not the query
 * string, so nobody can link a colleague to a page carrying text of their choosing. */
export function setFlash(reply: FastifyReply, flash: Flash): void {
  const value = Buffer.from(JSON.stringify(flash)).toString('base64url');
  reply.setCookie(FLASH_COOKIE, value, {
    path: '/staff',
    httpOnly: true,
    sameSite: 'lax',
    maxAge: 60,
  });
}

/** Reads the flash line once and clears it. */
export function takeFlash(request: FastifyRequest, reply: FastifyReply): Flash | undefined {
  const raw = request.cookies[FLASH_COOKIE];
  if (!raw) return undefined;
  reply.clearCookie(FLASH_COOKIE, { path: '/staff' });
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Flash>;
    return typeof parsed.text === 'string'
      ? { ok: parsed.ok === true, text: parsed.text.slice(0, 300) }
      : undefined;
  } catch {
    return undefined;
  }
}

/** A value from a case's structured fields, readable in a table cell. */
export const fieldValue = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
