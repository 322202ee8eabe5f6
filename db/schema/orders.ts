import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, sqlList, tstz, updatedAt } from './columns.js';
import { customers } from './customers.js';
import { events, ticketTypes } from './events.js';

export const ORDER_STATUSES = [
  'pending',
  'paid',
  'partially_refunded',
  'refunded',
  'canceled',
  'disputed',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const TICKET_STATUSES = ['valid', 'checked_in', 'void', 'transferred'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** An order: what a buyer paid for one event. Money is integer minor units in `currency`;
 * `refunded_minor` never exceeds `total_minor`, so a double refund cannot be recorded. */
export const orders = pgTable(
  'orders',
  {
    id: idColumn('ord'),
    code: text('code').notNull(),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    status: text('status').$type<OrderStatus>().notNull().default('pending'),
    subtotalMinor: integer('subtotal_minor').notNull(),
    feeMinor: integer('fee_minor').notNull().default(0),
    totalMinor: integer('total_minor').notNull(),
    refundedMinor: integer('refunded_minor').notNull().default(0),
    currency: text('currency').notNull(),
    stripePaymentIntentId: text('stripe_payment_intent_id'),
    stripeChargeId: text('stripe_charge_id'),
    billingCountry: text('billing_country'),
    ipCountry: text('ip_country'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orders_code_uq').on(t.code),
    uniqueIndex('orders_payment_intent_uq').on(t.stripePaymentIntentId),
    index('orders_event_ix').on(t.eventId),
    index('orders_customer_ix').on(t.customerId),
    index('orders_charge_ix').on(t.stripeChargeId),
    check('orders_status_ck', sql.raw(`status in (${sqlList(ORDER_STATUSES)})`)),
    check('orders_code_ck', sql`${t.code} ~ '^ORD-[0-9A-Z]{5,10}$'`),
    check(
      'orders_amounts_ck',
      sql`${t.subtotalMinor} >= 0 and ${t.feeMinor} >= 0 and ${t.totalMinor} = ${t.subtotalMinor} + ${t.feeMinor}`,
    ),
    check(
      'orders_refunded_ck',
      sql`${t.refundedMinor} >= 0 and ${t.refundedMinor} <= ${t.totalMinor}`,
    ),
    check('orders_currency_ck', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

/** One admission. `code` is the secret in the QR code; a transfer voids it and issues a new
 * ticket, so a screenshot of the old code stops working. */
export const tickets = pgTable(
  'tickets',
  {
    id: idColumn('tkt'),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    ticketTypeId: text('ticket_type_id')
      .notNull()
      .references(() => ticketTypes.id),
    code: text('code').notNull(),
    holderName: text('holder_name'),
    status: text('status').$type<TicketStatus>().notNull().default('valid'),
    checkedInAt: tstz('checked_in_at'),
    replacedById: text('replaced_by_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('tickets_code_uq').on(t.code),
    index('tickets_order_ix').on(t.orderId),
    index('tickets_event_status_ix').on(t.eventId, t.status),
    check('tickets_status_ck', sql.raw(`status in (${sqlList(TICKET_STATUSES)})`)),
    check(
      'tickets_checked_in_ck',
      sql`(${t.status} = 'checked_in') = (${t.checkedInAt} is not null) or ${t.status} in ('void', 'transferred')`,
    ),
  ],
);
