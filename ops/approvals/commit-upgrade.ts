import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Approval } from '../../db/queries/approvals.js';
import type { OrderRow } from '../../db/queries/orders.js';
import { insertUpgrade } from '../../db/queries/upgrades.js';
import { tickets, ticketTypes } from '../../db/schema/index.js';
import { audit } from '../audit/index.js';
import { ExternalServiceError } from '../errors.js';
import { createUpgradeLink, readableStripeFailure } from '../integrations/stripe/index.js';
import { formatMoney, t } from '../replies/index.js';
import { type ApprovalDeps, orderCodeOf } from './approval-deps.js';
import type { OrderEdit } from './edit.js';
import { executeOnce } from './execute-once.js';
import { type CommitOutcome, failCommit } from './fail-commit.js';

type UpgradeEdit = Extract<OrderEdit, { type: 'upgrade_ticket' }>;
type TypeRow = { id: string; name: string; priceMinor: number; currency: string };

/** What an upgrade costs as the database holds it now: the ticket and both types. */
export type UpgradeQuote = {
  ticketId: string;
  from: TypeRow;
  to: TypeRow;
  /** > 0: the buyer pays the difference first; <= 0: the type changes at once */
  differenceMinor: number;
};

/** Prices an approved upgrade at commit time, or says why it can no longer be carried out.
 * Read without a lock: the cheaper path re-checks under one, the paid path when the money
 * arrives. */
export async function quoteUpgrade(
  db: Db,
  orderId: string,
  edit: UpgradeEdit,
): Promise<UpgradeQuote | string> {
  const [ticket] = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.id, edit.ticketId), eq(tickets.orderId, orderId)))
    .limit(1);
  if (!ticket) return `ticket ${edit.ticketId} is not on this order`;
  if (ticket.status !== 'valid') return `ticket ${ticket.id} is ${ticket.status} now, not valid`;
  const types = await db
    .select({
      id: ticketTypes.id,
      name: ticketTypes.name,
      priceMinor: ticketTypes.priceMinor,
      currency: ticketTypes.currency,
    })
    .from(ticketTypes)
    .where(inArray(ticketTypes.id, [ticket.ticketTypeId, edit.toTicketTypeId]));
  const from = types.find((x) => x.id === ticket.ticketTypeId);
  const to = types.find((x) => x.id === edit.toTicketTypeId);
  if (!from || !to) return 'the ticket type of this upgrade no longer exists';
  return { ticketId: ticket.id, from, to, differenceMinor: to.priceMinor - from.priceMinor };
}

/** An upgrade that costs more: nothing about the ticket changes now. The buyer gets a
 * single-use Stripe Payment Link for the difference, the link is recorded in
 * `ticket_upgrades`, and the approval is executed with a result saying it awaits payment.
 * The ticket changes type when Stripe reports the link paid (webhook-upgrade.ts). */
export async function commitPaidUpgrade(
  deps: ApprovalDeps,
  approval: Approval,
  order: OrderRow,
  quote: UpgradeQuote,
): Promise<CommitOutcome> {
  const amountMinor = quote.differenceMinor;
  if (!deps.stripe) {
    return failCommit(
      deps,
      approval,
      `the new type costs ${amountMinor} more and Stripe is not configured to collect it: charge the difference and change the ticket by hand`,
    );
  }
  if (quote.to.currency !== order.currency) {
    return failCommit(
      deps,
      approval,
      `the new type is priced in ${quote.to.currency}, the order was paid in ${order.currency}`,
    );
  }
  let link: Awaited<ReturnType<typeof createUpgradeLink>>;
  try {
    link = await createUpgradeLink(deps.stripe, {
      approvalId: approval.id,
      ticketId: quote.ticketId,
      amountMinor,
      currency: order.currency,
      productName: `Upgrade to ${quote.to.name}, order ${order.code}`,
    });
  } catch (error) {
    if (error instanceof ExternalServiceError && !error.retryable) {
      return failCommit(deps, approval, readableStripeFailure(error, 'the upgrade payment link'));
    }
    throw error;
  }
  const result = {
    type: 'upgrade_ticket',
    status: 'awaiting_payment',
    ticketId: quote.ticketId,
    fromTicketTypeId: quote.from.id,
    toTicketTypeId: quote.to.id,
    amountMinor,
    currency: order.currency,
    paymentLinkId: link.paymentLinkId,
    paymentLinkUrl: link.url,
  };
  const outcome = await executeOnce(
    deps,
    approval,
    async (db) => {
      const upgrade = await insertUpgrade(db, {
        approvalId: approval.id,
        orderId: order.id,
        ticketId: quote.ticketId,
        fromTicketTypeId: quote.from.id,
        toTicketTypeId: quote.to.id,
        amountMinor,
        currency: order.currency,
        stripePriceId: link.priceId,
        stripePaymentLinkId: link.paymentLinkId,
        url: link.url,
      });
      await audit(db, {
        actor: 'system',
        action: 'ticket_upgrade.awaiting_payment',
        subject: upgrade.id,
        details: {
          approval: approval.id,
          order: order.id,
          ticket: quote.ticketId,
          amountMinor,
          currency: order.currency,
          priceId: link.priceId,
          paymentLinkId: link.paymentLinkId,
        },
      });
      return { ...result, upgradeId: upgrade.id };
    },
    (locale) =>
      t(locale, 'upgrade_payment_link', {
        orderCode: orderCodeOf(approval.payload),
        ticketType: quote.to.name,
        amount: formatMoney(amountMinor, order.currency, locale),
        url: link.url,
      }),
  );
  if (outcome.outcome === 'executed') {
    deps.log.info(
      { approvalId: approval.id, upgradeId: outcome.result.upgradeId, amountMinor },
      'approvals: upgrade awaits payment',
    );
  }
  return outcome;
}
