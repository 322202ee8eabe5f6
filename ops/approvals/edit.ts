import { z } from 'zod';
import { fullTypeProblem } from '../../db/queries/ticket-types.js';
import { describeIssues } from '../config/index.js';
import { ValidationError } from '../errors.js';

const id = z.string().trim().min(1).max(64);
const holderName = z.string().trim().min(1).max(120);

/** The exact change an approving staff member supplies for an `order_edit_commit`. The bot
 * only drafts what the buyer asked for in their words; a person states the edit, and the
 * commit carries out precisely this, nothing inferred.
 *
 * - `cancel_tickets`: voids the tickets. `refundMinor` > 0 also refunds that amount through
 *   the same refund path as `refund_commit` (Stripe, or the manual payout), only if the
 *   refund policy allows a refund on the order and up to what it allows; 0 voids only (e.g.
 *   a buyer giving back a comp ticket, or a refund already made elsewhere).
 * - `transfer_ticket`: a new ticket with a new code for the new holder; the old one becomes
 *   `transferred` (its code stops working at the door) and points at the new one.
 * - `change_holder_name`: corrects the name on a ticket; the code stays valid.
 * - `upgrade_ticket`: moves a ticket to another type of the same event (the code stays).
 *   When the new type costs no more it changes at once. When it costs more, the commit sends
 *   the buyer a Stripe Payment Link for the difference and the ticket changes only once that
 *   is paid (commit-upgrade.ts, webhook-upgrade.ts): never an unpaid swap. */
export const orderEditSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('cancel_tickets'),
      ticketIds: z.array(id).min(1).max(50),
      refundMinor: z.number().int().min(0).default(0),
    })
    .strict(),
  z.object({ type: z.literal('transfer_ticket'), ticketId: id, holderName }).strict(),
  z.object({ type: z.literal('change_holder_name'), ticketId: id, holderName }).strict(),
  z.object({ type: z.literal('upgrade_ticket'), ticketId: id, toTicketTypeId: id }).strict(),
]);

export type OrderEdit = z.infer<typeof orderEditSchema>;

/** Parses an edit from a button form, the CLI or the stored approval row. */
export function parseOrderEdit(raw: unknown): OrderEdit {
  const parsed = orderEditSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError(`order edit: invalid:\n${describeIssues(parsed.error.issues)}`);
  }
  return parsed.data;
}

/** The money an edit moves back to the buyer (what the second-approver threshold compares). */
export const editRefundMinor = (edit: OrderEdit): number =>
  edit.type === 'cancel_tickets' ? edit.refundMinor : 0;

/** Facts about an edit's tickets as the database holds them, for `problemWithEdit`. */
export type EditFacts = {
  tickets: { id: string; status: string; ticketTypeId: string; eventId: string }[];
  /** per ticket type of the event; `capacity` and `held` (valid or checked-in tickets) when
   * known, for upgrades into a type that may be full */
  prices: Map<string, { priceMinor: number; eventId: string; capacity?: number; held?: number }>;
  /** how much the refund policy allows on the order now; null when it allows none */
  refundableMinor: number | null;
  refundRefusal?: string;
};

/** Pure: why this edit cannot be carried out on this order, or undefined when it can. The
 * same check runs at approval (staff see it at once) and again at commit under a row lock. */
export function problemWithEdit(edit: OrderEdit, facts: EditFacts): string | undefined {
  const byId = new Map(facts.tickets.map((t) => [t.id, t]));
  const ids = edit.type === 'cancel_tickets' ? edit.ticketIds : [edit.ticketId];
  for (const ticketId of ids) {
    const ticket = byId.get(ticketId);
    if (!ticket) return `ticket ${ticketId} is not on this order`;
    if (ticket.status !== 'valid') return `ticket ${ticketId} is ${ticket.status}, not valid`;
  }
  if (edit.type === 'cancel_tickets' && edit.refundMinor > 0) {
    if (facts.refundableMinor === null) {
      return `the refund policy allows no refund (${facts.refundRefusal ?? 'not eligible'}); approve with refundMinor 0 to void only`;
    }
    if (edit.refundMinor > facts.refundableMinor) {
      return `refundMinor ${edit.refundMinor} exceeds the ${facts.refundableMinor} the refund policy allows`;
    }
  }
  if (edit.type === 'upgrade_ticket') {
    const ticket = byId.get(edit.ticketId)!;
    const to = facts.prices.get(edit.toTicketTypeId);
    if (!to || to.eventId !== ticket.eventId) return 'the new ticket type is not of this event';
    if (edit.toTicketTypeId === ticket.ticketTypeId) return 'the ticket already has this type';
    if (to.capacity !== undefined && to.held !== undefined) {
      const full = fullTypeProblem({ capacity: to.capacity, held: to.held });
      if (full) return full;
    }
  }
  return undefined;
}
