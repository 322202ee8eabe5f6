import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Db } from '../../db/client.js';
import { type Approval, findApproval } from '../../db/queries/approvals.js';
import { fullTypeProblem, roomInTypeLocked } from '../../db/queries/ticket-types.js';
import {
  lockUpgradeByPaymentLink,
  markUpgradePaid,
  settlePaidUpgrade,
  type TicketUpgrade,
} from '../../db/queries/upgrades.js';
import { tickets, ticketTypes } from '../../db/schema/index.js';
import { orderCodeOf } from '../approvals/index.js';
import { audit } from '../audit/index.js';
import { handCaseToStaff } from '../cases/index.js';
import { storeBuyerReply, t } from '../replies/index.js';
import { type Effect, idOf } from './order-effects.js';

/** A Checkout Session that paid an upgrade's payment link (see approvals/commit-upgrade.ts).
 * Undefined when the session came from no upgrade link: the shop's own checkout, which the
 * order path records as before. Runs in the webhook's transaction (deduped by event id), so
 * a replay does nothing twice; the upgrade row is locked for it.
 *
 * Paid and the ticket still valid, on its order, of the type approved from: the ticket
 * changes type (`swapped`), the buyer is told. Anything else (ticket voided, transferred or
 * checked in meanwhile, amount or currency not what the link asked): `refused`, never a
 * silent swap; the case goes back to staff to refund, and the buyer is told a person
 * follows up. */
export async function settleUpgradePayment(
  db: Db,
  eventId: string,
  session: Stripe.Checkout.Session,
): Promise<Effect | undefined> {
  const linkId = idOf(session.payment_link);
  if (!linkId) return undefined;
  const upgrade = await lockUpgradeByPaymentLink(db, linkId);
  if (!upgrade) return undefined;
  if (upgrade.stripeCheckoutSessionId === session.id) {
    return { status: 'ignored', reason: 'upgrade already settled for this checkout session' };
  }
  const approval = await findApproval(db, upgrade.approvalId);
  const paymentIntentId = idOf(session.payment_intent);
  if (upgrade.status !== 'awaiting_payment') {
    return flagSecondPayment(db, eventId, { upgrade, approval, session, paymentIntentId });
  }
  // Delayed methods (SEPA, bank transfer) complete unpaid; async_payment_succeeded follows.
  if (session.payment_status === 'unpaid') {
    return { status: 'ignored', reason: 'upgrade payment not settled yet' };
  }
  const paid = settledAmount(session);
  await markUpgradePaid(db, { id: upgrade.id, checkoutSessionId: session.id, paymentIntentId });
  await audit(db, {
    actor: 'stripe',
    action: 'ticket_upgrade.paid',
    subject: upgrade.id,
    details: {
      stripeEventId: eventId,
      checkoutSessionId: session.id,
      paymentIntentId,
      amountMinor: paid.amountMinor,
      currency: paid.currency,
    },
  });
  const ctx = { upgrade, approval, eventId, linkId };
  if (paid.amountMinor !== upgrade.amountMinor || paid.currency !== upgrade.currency) {
    return refuse(
      db,
      ctx,
      `paid ${paid.amountMinor} ${paid.currency}, the upgrade asked ${upgrade.amountMinor} ${upgrade.currency}`,
    );
  }
  const [ticket] = await db
    .select()
    .from(tickets)
    .where(eq(tickets.id, upgrade.ticketId))
    .limit(1)
    .for('update');
  const problem = !ticket
    ? 'the ticket no longer exists'
    : ticket.orderId !== upgrade.orderId
      ? 'the ticket is no longer on this order'
      : ticket.status !== 'valid'
        ? `ticket ${ticket.id} is ${ticket.status} now, not valid`
        : ticket.ticketTypeId !== upgrade.fromTicketTypeId
          ? `ticket ${ticket.id} changed type since the upgrade was approved`
          : undefined;
  if (problem) return refuse(db, ctx, problem);
  // The type may have filled up while the buyer was paying: never oversell it.
  const room = await roomInTypeLocked(db, upgrade.toTicketTypeId);
  const full = room ? fullTypeProblem(room) : 'the new ticket type no longer exists';
  if (full) return refuse(db, ctx, full);
  return swap(db, ctx);
}

type Context = {
  upgrade: TicketUpgrade;
  approval: Approval | undefined;
  eventId: string;
  linkId: string;
};

/** The audit row of a paid upgrade's outcome: which Stripe event settled it, for which
 * approval, order and ticket, plus what the outcome adds. */
function auditUpgrade(
  db: Db,
  action: 'ticket_upgrade.swapped' | 'ticket_upgrade.refused',
  upgrade: TicketUpgrade,
  eventId: string,
  outcome: Record<string, unknown>,
) {
  return audit(db, {
    actor: 'stripe',
    action,
    subject: upgrade.id,
    details: {
      stripeEventId: eventId,
      approval: upgrade.approvalId,
      order: upgrade.orderId,
      ticket: upgrade.ticketId,
      ...outcome,
    },
  });
}

async function swap(db: Db, { upgrade, approval, eventId, linkId }: Context): Promise<Effect> {
  await db
    .update(tickets)
    .set({ ticketTypeId: upgrade.toTicketTypeId })
    .where(eq(tickets.id, upgrade.ticketId));
  await settlePaidUpgrade(db, { id: upgrade.id, status: 'swapped' });
  await auditUpgrade(db, 'ticket_upgrade.swapped', upgrade, eventId, {
    fromTicketTypeId: upgrade.fromTicketTypeId,
    toTicketTypeId: upgrade.toTicketTypeId,
  });
  const [type] = await db
    .select({ name: ticketTypes.name })
    .from(ticketTypes)
    .where(eq(ticketTypes.id, upgrade.toTicketTypeId));
  const reply = await storeBuyerReply(db, approval?.caseId ?? null, (locale) =>
    t(locale, 'upgrade_done', {
      orderCode: orderCodeOf(approval?.payload ?? {}),
      ticketType: type?.name ?? 'the new type',
    }),
  );
  return {
    status: 'applied',
    effect: `ticket ${upgrade.ticketId} upgraded`,
    orderId: upgrade.orderId,
    followUp: { replyIds: [reply], deactivatePaymentLinkId: linkId },
  };
}

async function refuse(db: Db, ctx: Context, reason: string): Promise<Effect> {
  const { upgrade, approval, eventId, linkId } = ctx;
  await settlePaidUpgrade(db, { id: upgrade.id, status: 'refused', reason });
  await auditUpgrade(db, 'ticket_upgrade.refused', upgrade, eventId, {
    reason,
    // what staff owe the buyer back
    refundDueMinor: upgrade.amountMinor,
    currency: upgrade.currency,
  });
  await handCaseToStaff(db, {
    caseId: approval?.caseId ?? null,
    why: 'upgrade_refused',
    subject: upgrade.id,
  });
  const reply = await storeBuyerReply(db, approval?.caseId ?? null, (locale) =>
    t(locale, 'upgrade_needs_staff', { orderCode: orderCodeOf(approval?.payload ?? {}) }),
  );
  return {
    status: 'applied',
    effect: `upgrade refused: ${reason}`,
    orderId: upgrade.orderId,
    followUp: { replyIds: [reply], deactivatePaymentLinkId: linkId },
  };
}

/** A second completed session on a link that was already settled. The link allows one
 * completed session, so this should not happen; if it does, the money came in twice and a
 * person has to refund one of them. Nothing about the ticket changes. */
async function flagSecondPayment(
  db: Db,
  eventId: string,
  p: {
    upgrade: TicketUpgrade;
    approval: Approval | undefined;
    session: Stripe.Checkout.Session;
    paymentIntentId: string | null;
  },
): Promise<Effect> {
  await audit(db, {
    actor: 'stripe',
    action: 'ticket_upgrade.second_payment',
    subject: p.upgrade.id,
    details: {
      stripeEventId: eventId,
      checkoutSessionId: p.session.id,
      paymentIntentId: p.paymentIntentId,
      upgradeStatus: p.upgrade.status,
      amountMinor: p.session.amount_total,
    },
  });
  await handCaseToStaff(db, {
    caseId: p.approval?.caseId ?? null,
    why: 'upgrade_refused',
    subject: p.upgrade.id,
  });
  return {
    status: 'applied',
    effect: 'second payment on a settled upgrade link, flagged for staff',
    orderId: p.upgrade.orderId,
  };
}

/** What the buyer paid in the currency the link was priced in. With Adaptive Pricing the
 * session shows the buyer's own currency; `currency_conversion` keeps the source amounts. */
function settledAmount(session: Stripe.Checkout.Session): {
  amountMinor: number;
  currency: string;
} {
  const converted = session.currency_conversion;
  if (converted?.source_currency) {
    return {
      amountMinor: converted.amount_total,
      currency: converted.source_currency.toUpperCase(),
    };
  }
  return {
    amountMinor: session.amount_total ?? 0,
    currency: (session.currency ?? '').toUpperCase(),
  };
}
