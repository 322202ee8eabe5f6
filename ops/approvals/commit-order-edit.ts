import { and, eq } from 'drizzle-orm';
import { newTicketCode } from '../../db/ids.js';
import type { Approval } from '../../db/queries/approvals.js';
import { findOrderById, openReviewHold } from '../../db/queries/orders.js';
import { fullTypeProblem, roomInTypeLocked } from '../../db/queries/ticket-types.js';
import { tickets } from '../../db/schema/index.js';
import type { ApprovalDeps } from './approval-deps.js';
import { recordRefund } from './commit-refund.js';
import { commitPaidUpgrade, quoteUpgrade } from './commit-upgrade.js';
import { type OrderEdit, orderEditSchema } from './edit.js';
import { executeOnce } from './execute-once.js';
import { type CommitOutcome, CommitRefused, failCommit } from './fail-commit.js';
import { holdOf, holdReason, holdStops } from './hold.js';
import { refundMoney } from './money.js';
import { voidTickets } from './order-refund.js';
import { reserveRefund } from './refund-room.js';

type TicketEdit = Exclude<OrderEdit, { type: 'cancel_tickets' }>;

/** Carries out an approved `order_edit_commit` held in `executing`: exactly the edit the
 * approving staff member supplied (checked when they approved, re-checked here under a row
 * lock for edits that do not move money). An upgrade to a dearer type only sends the buyer
 * a payment link here; the ticket changes when the payment arrives. */
export async function commitOrderEdit(
  deps: ApprovalDeps,
  approval: Approval,
): Promise<CommitOutcome> {
  const parsed = orderEditSchema.safeParse(approval.edit);
  if (!parsed.success) return failCommit(deps, approval, 'the approval carries no valid edit');
  const edit = parsed.data;
  const order = approval.orderId ? await findOrderById(deps.db, approval.orderId) : undefined;
  if (!order) return failCommit(deps, approval, 'the order of this edit no longer exists');
  // A hold that appeared since the approval stops the edit, unless a supervisor approved
  // over it; refunding cancellations check again under the order lock (reserveRefund).
  const hold = holdOf(await openReviewHold(deps.db, order.id));
  if (holdStops(hold, approval, approval.edit) && !approval.holdOverriddenBy) {
    return failCommit(deps, approval, `${holdReason(hold)}; a supervisor may approve over it`);
  }
  try {
    if (edit.type === 'upgrade_ticket') {
      // A dearer type is paid for first (payment link); the same price or less swaps now.
      const quote = await quoteUpgrade(deps.db, order.id, edit);
      if (typeof quote === 'string') return failCommit(deps, approval, quote);
      if (quote.differenceMinor > 0) return await commitPaidUpgrade(deps, approval, order, quote);
    }
    if (edit.type !== 'cancel_tickets') return await commitTicketEdit(deps, approval, edit);
    if (edit.refundMinor === 0) {
      return await recordVoidOnly(deps, approval, edit.ticketIds);
    }
    // Cancelling with a refund: the same money path as a refund approval. Tickets are voided
    // if still valid; one scanned since the approval stays checked in, and the money that a
    // person approved still moves (the audit row says how many were voided).
    if (!approval.moneyRequestedAt) {
      const room = await reserveRefund(deps, approval, edit.refundMinor);
      if (!room.ok) return failCommit(deps, approval, room.reason);
    }
    const moved = await refundMoney(deps, approval, order, edit.refundMinor);
    if (!moved.ok) return failCommit(deps, approval, moved.reason);
    return await recordRefund(deps, approval, moved.money, edit.ticketIds, {
      replyKey: 'order_edit_done',
    });
  } catch (error) {
    if (error instanceof CommitRefused) return failCommit(deps, approval, error.message);
    throw error;
  }
}

async function recordVoidOnly(deps: ApprovalDeps, approval: Approval, ticketIds: string[]) {
  return executeOnce(deps, approval, async (db) => {
    const voided = await voidTickets(db, approval.orderId!, ticketIds);
    return { type: 'cancel_tickets', voidedTicketIds: voided, refundMinor: 0 };
  });
}

async function commitTicketEdit(deps: ApprovalDeps, approval: Approval, edit: TicketEdit) {
  return executeOnce(deps, approval, async (db) => {
    const [ticket] = await db
      .select()
      .from(tickets)
      .where(and(eq(tickets.id, edit.ticketId), eq(tickets.orderId, approval.orderId!)))
      .limit(1)
      .for('update');
    if (!ticket) throw new CommitRefused(`ticket ${edit.ticketId} is not on this order`);
    if (ticket.status !== 'valid') {
      throw new CommitRefused(`ticket ${ticket.id} is ${ticket.status} now, not valid`);
    }
    if (edit.type === 'change_holder_name') {
      await db
        .update(tickets)
        .set({ holderName: edit.holderName })
        .where(eq(tickets.id, ticket.id));
      return { type: edit.type, ticketId: ticket.id };
    }
    if (edit.type === 'upgrade_ticket') {
      // Only an upgrade that costs no more gets here (a dearer one waits for its payment,
      // commit-upgrade.ts); the code stays, only the type changes, if the type has room.
      const room = await roomInTypeLocked(db, edit.toTicketTypeId);
      if (!room) throw new CommitRefused('the new ticket type no longer exists');
      const full = fullTypeProblem(room);
      if (full) throw new CommitRefused(full);
      await db
        .update(tickets)
        .set({ ticketTypeId: edit.toTicketTypeId })
        .where(eq(tickets.id, ticket.id));
      return { type: edit.type, ticketId: ticket.id, fromTicketTypeId: ticket.ticketTypeId };
    }
    // Transfer: a new secret for the new holder, so the old code (and any screenshot of it)
    // stops working at the door.
    const [fresh] = await db
      .insert(tickets)
      .values({
        orderId: ticket.orderId,
        eventId: ticket.eventId,
        ticketTypeId: ticket.ticketTypeId,
        code: newTicketCode(),
        holderName: edit.holderName,
      })
      .returning({ id: tickets.id });
    await db
      .update(tickets)
      .set({ status: 'transferred', replacedById: fresh!.id })
      .where(eq(tickets.id, ticket.id));
    return { type: edit.type, oldTicketId: ticket.id, newTicketId: fresh!.id };
  });
}
