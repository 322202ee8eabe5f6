import type { ApprovalRow } from '../../../../db/queries/cases.js';
import { escapeHtml } from '../../html.js';

/** Approve / reject controls for one pending approval. An order edit needs the exact change
 * as JSON (see ops/approvals/edit.ts); the bot only drafted the buyer's words. `back` is
 * where the page returns to with the outcome. */
export function decisionForm(
  approval: Pick<ApprovalRow, 'id' | 'kind' | 'status'>,
  back: string,
): string {
  if (approval.status !== 'pending') return '';
  const action = `/staff/approvals/${encodeURIComponent(approval.id)}/decision`;
  const hidden = `<input type="hidden" name="back" value="${escapeHtml(back)}">`;
  const edit =
    approval.kind === 'order_edit_commit'
      ? `<textarea name="edit" rows="2" required placeholder='{"type":"transfer_ticket","ticketId":"tkt_…","holderName":"…"}' aria-label="The exact edit (JSON)"></textarea>`
      : '';
  return `<form method="post" action="${action}" class="decide">${hidden}${edit}
<button name="decision" value="approve" class="primary">Approve</button></form>
<form method="post" action="${action}" class="decide">${hidden}
<input name="reason" maxlength="300" placeholder="Reason the buyer will read" aria-label="Reason for rejecting">
<button name="decision" value="reject">Reject</button></form>`;
}
