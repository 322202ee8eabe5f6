import type { ApprovalRow } from '../../../../db/queries/cases.js';
import { escapeHtml } from '../../html.js';

/** Approve / reject controls for one pending approval. An order edit needs the exact change
 * as JSON (see ops/approvals/edit.ts); the bot only drafted the buyer's words. `back` is
 * where the page returns to with the outcome. */
export function decisionForm(
  approval: Pick<ApprovalRow, 'id' | 'kind' | 'status' | 'edit' | 'firstApprovedBy' | 'payload'>,
  back: string,
): string {
  if (approval.status !== 'pending') return '';
  const action = `/staff/approvals/${encodeURIComponent(approval.id)}/decision`;
  const hidden = `<input type="hidden" name="back" value="${escapeHtml(back)}">`;
  // A second approver confirms exactly what the first one stored, shown here; there is no
  // field to send another change (a different change is a new draft).
  const edit = approval.firstApprovedBy
    ? `<p class="muted">First approved by ${escapeHtml(approval.firstApprovedBy)}${
        approval.edit ? `: <code>${escapeHtml(JSON.stringify(approval.edit))}</code>` : ''
      }. Approving confirms exactly this.</p>`
    : approval.kind === 'order_edit_commit'
      ? `<textarea name="edit" rows="2" required placeholder='{"type":"transfer_ticket","ticketId":"tkt_…","holderName":"…"}' aria-label="The exact edit (JSON)"></textarea>`
      : '';
  // Offered on every approval: a hold can be raised after the draft, and the decision checks
  // the order's hold as it is now (only a supervisor's explicit override passes it).
  const override = `<label class="muted"><input type="checkbox" name="override_hold" value="yes"> ${
    approval.payload?.heldForReview === true ? '<strong>Held for risk review.</strong> ' : ''
  }Approve over a risk hold (supervisors; audited)</label>`;
  return `<form method="post" action="${action}" class="decide">${hidden}${edit}${override}
<button name="decision" value="approve" class="primary">Approve</button></form>
<form method="post" action="${action}" class="decide">${hidden}
<input name="reason" maxlength="300" placeholder="Reason the buyer will read" aria-label="Reason for rejecting">
<button name="decision" value="reject">Reject</button></form>`;
}
