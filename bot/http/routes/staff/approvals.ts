import type { FastifyInstance } from 'fastify';
import { pendingApprovals } from '../../../../db/queries/staff-console.js';
import type { Runtime } from '../../../../ops/app/index.js';
import { escapeHtml } from '../../html.js';
import { approvalFacts } from './approval-facts.js';
import { decisionForm } from './decision-form.js';
import { age, staffPage, takeFlash, viewerOf, when } from './layout.js';

/** `/staff/approvals`: what waits for a human decision, soonest to expire first, each with
 * approve / reject forms (approval-decisions.ts). */
export function registerApprovalsPage(app: FastifyInstance, runtime: Runtime) {
  app.get('/staff/approvals', async (request, reply) => {
    const rows = await pendingApprovals(runtime.database.db);
    const now = new Date();
    const body = rows.length
      ? rows
          .map(({ approval: a, caseNumber, orderCode }) => {
            const f = approvalFacts(a);
            const caseLink = caseNumber
              ? `<a href="/staff/cases/${caseNumber}">#${caseNumber}</a>`
              : '—';
            return `<tr><td>${escapeHtml(a.kind)}</td><td>${caseLink}</td><td><code>${escapeHtml(orderCode ?? f.orderCode)}</code></td>
<td>${escapeHtml(f.amount)}</td><td>${escapeHtml(f.verdict)}</td><td>${escapeHtml(f.risk)}</td>
<td>${escapeHtml(a.requestedBy)}, ${escapeHtml(age(a.createdAt, now))} ago</td><td>${escapeHtml(when(a.expiresAt))}</td>
<td>${decisionForm(a, '/staff/approvals')}</td></tr>`;
          })
          .join('')
      : '<tr><td colspan="9" class="muted">Nothing waits for a decision.</td></tr>';
    const table = `<table id="approvals"><thead><tr><th>Kind</th><th>Case</th><th>Order</th><th>Amount</th><th>Policy verdict</th>
<th>Risk / payment</th><th>Requested</th><th>Expires</th><th>Decide</th></tr></thead><tbody>${body}</tbody></table>`;
    return reply.type('text/html; charset=utf-8').send(
      staffPage({
        title: 'Pending approvals',
        viewer: viewerOf(request),
        here: '/staff/approvals',
        body: table,
        flash: takeFlash(request, reply),
      }),
    );
  });
}
