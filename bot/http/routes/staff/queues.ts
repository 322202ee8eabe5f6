import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  type CaseListRow,
  caseCountsByQueue,
  LIVE_STATUSES,
  listCases,
} from '../../../../db/queries/staff-console.js';
import { CASE_STATUSES, type CaseStatus } from '../../../../db/schema/index.js';
import type { Runtime } from '../../../../ops/app/index.js';
import { escapeHtml } from '../../html.js';
import { age, severityBadge, staffPage, statusLabel, takeFlash, viewerOf, when } from './layout.js';

type QueueQuery = { queue?: string; status?: string };

/** A case whose first human reply is overdue: recorded by the SLA job, or due and unmet now. */
export function firstResponseBreached(row: CaseListRow, now = new Date()): boolean {
  const recorded = (row.fields.sla_breaches as Record<string, unknown> | undefined)?.first_response;
  if (recorded) return true;
  return !row.firstResponseAt && !!row.firstResponseDueAt && row.firstResponseDueAt < now;
}

/** Parses the filter: `status` is one status or `live` (everything not done). */
export function queueFilter(query: QueueQuery) {
  const status = CASE_STATUSES.includes(query.status as CaseStatus)
    ? (query.status as CaseStatus)
    : undefined;
  return {
    queue: query.queue?.trim() || undefined,
    status,
    statuses: status ? [status] : LIVE_STATUSES,
  };
}

function countsTable(queues: string[], counts: Map<string, number>): string {
  const head = CASE_STATUSES.map((s) => `<th>${escapeHtml(statusLabel(s))}</th>`).join('');
  const rows = queues
    .map((q) => {
      const cells = CASE_STATUSES.map((s) => {
        const n = counts.get(`${q}|${s}`) ?? 0;
        const link = `/staff?queue=${encodeURIComponent(q)}&status=${s}`;
        return `<td>${n ? `<a href="${escapeHtml(link)}">${n}</a>` : '<span class="muted">0</span>'}</td>`;
      }).join('');
      return `<tr><th><a href="/staff?queue=${escapeHtml(encodeURIComponent(q))}">${escapeHtml(q)}</a></th>${cells}</tr>`;
    })
    .join('');
  return `<table><thead><tr><th>Queue</th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function caseRows(rows: CaseListRow[], now: Date): string {
  if (rows.length === 0) return '<tr><td colspan="8" class="muted">No cases match.</td></tr>';
  return rows
    .map((c) => {
      const breached = firstResponseBreached(c, now)
        ? ' <span class="breached">breached</span>'
        : '';
      const due = c.firstResponseAt
        ? `<span class="muted">answered</span>`
        : escapeHtml(when(c.firstResponseDueAt));
      return `<tr><td><a href="/staff/cases/${c.number}">#${c.number}</a></td><td>${severityBadge(c.severity)}</td>
<td>${escapeHtml(c.intent)}</td><td>${escapeHtml(c.queue)}</td><td>${escapeHtml(statusLabel(c.status))}</td>
<td>${escapeHtml(c.customerTier ?? c.tier)}</td><td class="nowrap">${due}${breached}</td><td class="nowrap">${escapeHtml(age(c.createdAt, now))}</td></tr>`;
    })
    .join('');
}

function filterForm(queues: string[], filter: ReturnType<typeof queueFilter>): string {
  const option = (value: string, label: string, selected: boolean) =>
    `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
  const queueOptions = [option('', 'all queues', !filter.queue)]
    .concat(queues.map((q) => option(q, q, q === filter.queue)))
    .join('');
  const statusOptions = [option('live', 'open, pending (not done)', !filter.status)]
    .concat(CASE_STATUSES.map((s) => option(s, statusLabel(s), s === filter.status)))
    .join('');
  return `<form class="filters" method="get" action="/staff"><label>Queue <select name="queue">${queueOptions}</select></label>
<label>Status <select name="status">${statusOptions}</select></label><button type="submit">Filter</button></form>`;
}

/** `/staff`: how full each queue is, and the cases to work, most urgent first. */
export function registerQueuesPage(app: FastifyInstance, runtime: Runtime) {
  app.get('/staff', async (request: FastifyRequest<{ Querystring: QueueQuery }>, reply) => {
    const db = runtime.database.db;
    const filter = queueFilter(request.query);
    const [counts, rows] = await Promise.all([caseCountsByQueue(db), listCases(db, filter)]);
    // Queues from the policy first, in its order, then any left over from an older policy.
    const queues = runtime.policy.queues.map((q) => q.name);
    for (const c of counts) if (!queues.includes(c.queue)) queues.push(c.queue);
    const byKey = new Map(counts.map((c) => [`${c.queue}|${c.status}`, c.n]));
    const now = new Date();
    const title = filter.status ? `${statusLabel(filter.status)} cases` : 'Cases to work';
    const body = `${countsTable(queues, byKey)}
<h2>${escapeHtml(title)}${filter.queue ? ` in ${escapeHtml(filter.queue)}` : ''}</h2>${filterForm(queues, filter)}
<table id="cases"><thead><tr><th>Case</th><th>Sev.</th><th>Intent</th><th>Queue</th><th>Status</th><th>Tier</th>
<th>First response due</th><th>Age</th></tr></thead><tbody>${caseRows(rows, now)}</tbody></table>`;
    return reply.type('text/html; charset=utf-8').send(
      staffPage({
        title: 'Queues',
        viewer: viewerOf(request),
        here: '/staff',
        body,
        flash: takeFlash(request, reply),
      }),
    );
  });
}
