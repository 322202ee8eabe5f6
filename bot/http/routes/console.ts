import type { FastifyInstance } from 'fastify';
import { listEventsWithCounts } from '../../../db/queries/events.js';
import type { Runtime } from '../../../ops/app/index.js';
import { escapeHtml, page } from '../html.js';

/** The web console's landing page: what this instance runs on and the events it holds. */
export function registerConsoleRoutes(app: FastifyInstance, runtime: Runtime) {
  app.get('/', async (_request, reply) => {
    const events = await listEventsWithCounts(runtime.database.db);
    const rows = events
      .map(
        (e) =>
          `<tr><td>${escapeHtml(e.name)}<br><span class="muted">${escapeHtml(e.slug)}</span></td>` +
          `<td>${escapeHtml(e.venue)}</td><td>${escapeHtml(e.startsAt.toISOString())}</td>` +
          `<td>${escapeHtml(e.status)}</td><td>${e.orders}</td><td>${e.tickets}</td></tr>`,
      )
      .join('');
    const body = `<h1>Ticketops</h1>
<p class="muted">Database: <code>${runtime.database.kind}</code> · jobs: <code>${runtime.jobs.kind}</code> ·
<a href="/healthz">health</a> · <a href="/metrics">metrics</a></p>
<p><a href="/chat">Buyer chat</a> — ask what a ticket buyer would ask ·
<a href="/staff">Staff console</a> — queues, cases, approvals, audit log</p>
<h2>Events</h2>
<table><thead><tr><th>Event</th><th>Venue</th><th>Starts (UTC)</th><th>Status</th><th>Orders</th><th>Tickets</th></tr></thead>
<tbody>${rows || '<tr><td colspan="6" class="muted">No events yet: run <code>ticketops seed --demo</code>.</td></tr>'}</tbody></table>`;
    return reply.type('text/html; charset=utf-8').send(page('Ticketops', body));
  });
}
