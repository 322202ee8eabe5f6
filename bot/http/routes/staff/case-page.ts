import type {
  ApprovalRow,
  auditForSubjects,
  CaseDetail,
  conversationMessages,
} from '../../../../db/queries/staff-console.js';
import type { CaseStatus } from '../../../../db/schema/index.js';
import { allowedTransitions } from '../../../../ops/cases/index.js';
import { maskEmail } from '../../../../ops/pipeline/index.js';
import { escapeHtml } from '../../html.js';
import { approvalFacts } from './approval-facts.js';
import { decisionForm } from './decision-form.js';
import { fieldValue, money, severityBadge, statusLabel, when } from './layout.js';

type Message = Awaited<ReturnType<typeof conversationMessages>>[number];
type AuditRow = Awaited<ReturnType<typeof auditForSubjects>>[number];

/** What each status button says: the verb a staff member has in mind. */
const STATUS_ACTIONS: Record<CaseStatus, string> = {
  open: 'Back to open',
  pending_customer: 'Waiting on customer',
  pending_staff: 'Waiting on staff',
  resolved: 'Resolve',
  closed: 'Close',
};

function facts(d: CaseDetail, maskContacts: boolean): string {
  const c = d.case;
  const fields = Object.entries(c.fields)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(fieldValue(v))}</dd>`)
    .join('');
  const customer = d.customer
    ? `${escapeHtml(d.customer.name)} · ${escapeHtml(maskContacts ? maskEmail(d.customer.email) : d.customer.email)} · tier ${escapeHtml(d.customer.tier)}`
    : '<span class="muted">not identified yet</span>';
  const order = d.order
    ? `<code>${escapeHtml(d.order.code)}</code> · ${escapeHtml(d.order.status)} · ${escapeHtml(money(d.order.totalMinor, d.order.currency))}` +
      (d.order.refundedMinor
        ? ` · refunded ${escapeHtml(money(d.order.refundedMinor, d.order.currency))}`
        : '')
    : '<span class="muted">none linked</span>';
  return `<div class="grid"><div class="card"><dl>
<dt>Status</dt><dd><strong>${escapeHtml(statusLabel(c.status))}</strong></dd>
<dt>Severity</dt><dd>${severityBadge(c.severity)}</dd>
<dt>Intent</dt><dd>${escapeHtml(c.intent)} <span class="muted">(${escapeHtml(c.category)})</span></dd>
<dt>Queue</dt><dd>${escapeHtml(c.queue)}</dd>
<dt>Customer</dt><dd>${customer}</dd>
<dt>Order</dt><dd>${order}</dd>
<dt>Event</dt><dd>${d.event ? escapeHtml(d.event.name) : '<span class="muted">—</span>'}</dd>
</dl></div><div class="card"><dl>
<dt>Opened</dt><dd>${escapeHtml(when(c.createdAt))}</dd>
<dt>First response due</dt><dd>${escapeHtml(when(c.firstResponseDueAt))}</dd>
<dt>First response</dt><dd>${escapeHtml(when(c.firstResponseAt))}</dd>
<dt>Resolution due</dt><dd>${escapeHtml(when(c.resolutionDueAt))}</dd>
<dt>Resolved</dt><dd>${escapeHtml(when(c.resolvedAt))}</dd>
<dt>Reopened</dt><dd>${c.reopenCount}×</dd>${fields}
</dl></div></div>`;
}

function thread(messages: Message[]): string {
  if (messages.length === 0) return '<p class="muted">No conversation.</p>';
  const items = messages
    .map((m) => {
      const who = m.direction === 'inbound' ? 'Buyer' : m.author ? `Staff: ${m.author}` : 'Bot';
      const status = m.direction === 'outbound' && !m.handledAt ? ' · sending…' : '';
      const intent = m.intent ? ` · ${m.intent}` : '';
      const buttons = m.buttons?.length
        ? `<div class="buttons">${m.buttons.map((b) => `<span>${escapeHtml(b.label)}</span>`).join('')}</div>`
        : '';
      const cls = `msg ${m.direction}${m.author ? ' staff' : ''}`;
      return `<div class="${cls}"><span class="meta">${escapeHtml(`${who} · ${when(m.createdAt)}${intent}${status}`)}</span>${escapeHtml(m.text)}${buttons}</div>`;
    })
    .join('');
  return `<div class="thread" id="conversation">${items}</div>`;
}

function approvalsTable(rows: ApprovalRow[], caseNumber: number): string {
  if (rows.length === 0) return '<p class="muted">No approval requests for this case.</p>';
  const body = rows
    .map((a) => {
      const f = approvalFacts(a);
      return `<tr><td>${escapeHtml(a.kind)}</td><td>${escapeHtml(a.status)}</td><td>${escapeHtml(f.amount)}</td>
<td>${escapeHtml(f.verdict)}</td><td>${escapeHtml(f.risk)}</td><td>${escapeHtml(a.requestedBy)}${a.decidedBy ? ` → ${escapeHtml(a.decidedBy)}` : ''}</td>
<td>${escapeHtml(when(a.expiresAt))}</td><td>${decisionForm(a, `/staff/cases/${caseNumber}`)}</td></tr>`;
    })
    .join('');
  return `<table id="case-approvals"><thead><tr><th>Kind</th><th>Status</th><th>Amount</th><th>Policy verdict</th><th>Risk / payment</th>
<th>Requested → decided</th><th>Expires</th><th>Decide</th></tr></thead><tbody>${body}</tbody></table>`;
}

export function auditTable(rows: AuditRow[]): string {
  if (rows.length === 0) return '<p class="muted">Nothing recorded.</p>';
  const body = rows
    .map(
      (r) =>
        `<tr><td>${r.seq}</td><td class="nowrap">${escapeHtml(when(r.at))}</td><td>${escapeHtml(r.actor)}</td><td>${escapeHtml(r.action)}</td>` +
        `<td><code>${escapeHtml(r.subject)}</code></td><td><code>${escapeHtml(JSON.stringify(r.details))}</code></td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>#</th><th>At</th><th>Actor</th><th>Action</th><th>Subject</th><th>Details</th></tr></thead><tbody>${body}</tbody></table>`;
}

function actions(d: CaseDetail): string {
  const c = d.case;
  const base = `/staff/cases/${c.number}`;
  const done = c.status === 'resolved' || c.status === 'closed';
  const buttons = allowedTransitions(c.status)
    .map(
      (to) =>
        `<form class="inline" method="post" action="${base}/status"><input type="hidden" name="status" value="${to}">` +
        `<button type="submit" name="action" value="${to}">${escapeHtml(to === 'open' && done ? 'Reopen' : STATUS_ACTIONS[to])}</button></form>`,
    )
    .join('');
  const replyForm = done
    ? `<p class="muted">This case is ${escapeHtml(statusLabel(c.status))}: reopen it to reply.</p>`
    : c.conversationId
      ? `<form method="post" action="${base}/reply"><label for="reply-text">Reply to the buyer (sent on their channel as you)</label>
<textarea id="reply-text" name="text" required maxlength="4000"></textarea>
<div class="actions"><button class="primary" type="submit">Send reply</button></div></form>`
      : '<p class="muted">No conversation to reply in.</p>';
  return `${replyForm}<div class="actions"><span class="muted">Set status:</span>${buttons}</div>`;
}

/** The case page: everything a staff member needs to answer, decide and close. */
export function renderCase(input: {
  detail: CaseDetail;
  messages: Message[];
  approvals: ApprovalRow[];
  audit: AuditRow[];
  maskContacts: boolean;
}): string {
  return `${facts(input.detail, input.maskContacts)}
<h2>Conversation</h2>${thread(input.messages)}${actions(input.detail)}
<h2>Approval requests</h2>${approvalsTable(input.approvals, input.detail.case.number)}
<h2>Audit trail</h2>${auditTable(input.audit)}`;
}
