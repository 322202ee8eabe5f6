import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { approvals } from './approvals.js';
import { createdAt, idColumn, sqlList, tstz, updatedAt } from './columns.js';
import { ticketTypes } from './events.js';
import { orders, tickets } from './orders.js';

export const TICKET_UPGRADE_STATUSES = ['awaiting_payment', 'paid', 'swapped', 'refused'] as const;
export type TicketUpgradeStatus = (typeof TICKET_UPGRADE_STATUSES)[number];

/** A paid ticket upgrade: an approved `upgrade_ticket` edit whose new type costs more. The
 * buyer pays the difference through a Stripe Payment Link; the ticket changes type only when
 * `checkout.session.completed` for that link arrives (status `swapped`). A payment that cannot
 * be applied (ticket voided, transferred or used meanwhile, wrong amount) ends `refused` and
 * the case goes back to staff, who refund it: a ticket is never swapped unpaid, and money is
 * never kept silently. One row per approval; one approval per payment link. */
export const ticketUpgrades = pgTable(
  'ticket_upgrades',
  {
    id: idColumn('upg'),
    approvalId: text('approval_id')
      .notNull()
      .references(() => approvals.id),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    ticketId: text('ticket_id')
      .notNull()
      .references(() => tickets.id),
    fromTicketTypeId: text('from_ticket_type_id')
      .notNull()
      .references(() => ticketTypes.id),
    toTicketTypeId: text('to_ticket_type_id')
      .notNull()
      .references(() => ticketTypes.id),
    /** the price difference the buyer pays, in minor units of `currency` (the order's) */
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    stripePriceId: text('stripe_price_id').notNull(),
    stripePaymentLinkId: text('stripe_payment_link_id').notNull(),
    /** the link the buyer was sent */
    url: text('url').notNull(),
    status: text('status').$type<TicketUpgradeStatus>().notNull().default('awaiting_payment'),
    /** the Checkout Session that paid (what a staff refund starts from) */
    stripeCheckoutSessionId: text('stripe_checkout_session_id'),
    stripePaymentIntentId: text('stripe_payment_intent_id'),
    paidAt: tstz('paid_at'),
    /** why a paid upgrade was not applied; staff read it before refunding */
    refusalReason: text('refusal_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('ticket_upgrades_approval_uq').on(t.approvalId),
    uniqueIndex('ticket_upgrades_payment_link_uq').on(t.stripePaymentLinkId),
    index('ticket_upgrades_ticket_ix').on(t.ticketId),
    index('ticket_upgrades_status_ix').on(t.status),
    check('ticket_upgrades_status_ck', sql.raw(`status in (${sqlList(TICKET_UPGRADE_STATUSES)})`)),
    check('ticket_upgrades_amount_ck', sql`${t.amountMinor} > 0`),
    check('ticket_upgrades_currency_ck', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    // Past awaiting_payment, a payment arrived: it names its session and when.
    check(
      'ticket_upgrades_paid_ck',
      sql`${t.status} = 'awaiting_payment' or (${t.stripeCheckoutSessionId} is not null and ${t.paidAt} is not null)`,
    ),
    // A refused upgrade says why.
    check(
      'ticket_upgrades_refused_ck',
      sql`(${t.status} = 'refused') = (${t.refusalReason} is not null)`,
    ),
  ],
);
