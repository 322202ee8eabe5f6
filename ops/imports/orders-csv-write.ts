import { inArray, sql } from 'drizzle-orm';
import { type BulkColumn, bulkInsert, rowsOf } from '../../db/bulk-insert.js';
import type { Db } from '../../db/client.js';
import { newId, newTicketCode } from '../../db/ids.js';
import { ORDER_VALUE_COLUMNS, TICKET_VALUE_COLUMNS } from '../../db/order-columns.js';
import { customers, events, orders, ticketTypes } from '../../db/schema/index.js';
import type { OrderCsvRow } from './orders-csv-row.js';

/** One order as read from the CSV: its first row carries the order columns. */
export type ImportedOrder = {
  code: string;
  first: OrderCsvRow;
  lines: number[];
  items: { ticketType: string; quantity: number; holders: string[] }[];
};

type Rejection = { line: number; orderCode: string; reason: string };
type EventCatalog = { id: string; ticketTypes: Map<string, string> } | null;

const CUSTOMER_COLUMNS: BulkColumn[] = [
  ['id', 'text'],
  ['email', 'text'],
  ['name', 'text'],
  ['country', 'text'],
  ['created_at', 'timestamptz'],
];
const ORDER_COLUMNS: BulkColumn[] = [...ORDER_VALUE_COLUMNS, ['created_at', 'timestamptz']];

/** Writes batches of imported orders, one transaction per batch. Events and ticket types are
 * looked up once per import, not once per row. */
export class OrderBatchWriter {
  private readonly catalog = new Map<string, EventCatalog>();

  constructor(private readonly db: Db) {}

  async write(batch: ImportedOrder[]) {
    const result = {
      imported: 0,
      skippedExisting: 0,
      tickets: 0,
      customersCreated: 0,
      rejected: [] as Rejection[],
    };
    await this.loadEvents(batch.map((o) => o.first.event_slug));
    const reject = (order: ImportedOrder, reason: string) =>
      result.rejected.push({ line: order.lines[0]!, orderCode: order.code, reason });

    await this.db.transaction(async (tx) => {
      const existing = await tx
        .select({ code: orders.code, paymentIntent: orders.stripePaymentIntentId })
        .from(orders)
        .where(
          inArray(
            orders.code,
            batch.map((o) => o.code),
          ),
        );
      const existingCodes = new Set(existing.map((o) => o.code));
      const intents = batch.flatMap((o) => o.first.stripe_payment_intent ?? []);
      const takenIntents = new Set(
        intents.length === 0
          ? []
          : (
              await tx
                .select({ pi: orders.stripePaymentIntentId })
                .from(orders)
                .where(inArray(orders.stripePaymentIntentId, intents))
            ).map((o) => o.pi),
      );

      const fresh: (ImportedOrder & { eventId: string; typeIds: string[] })[] = [];
      for (const order of batch) {
        if (existingCodes.has(order.code)) {
          result.skippedExisting++;
          continue;
        }
        const row = order.first;
        const event = this.catalog.get(row.event_slug);
        if (!event) {
          reject(order, `no event "${row.event_slug}"`);
          continue;
        }
        const typeIds = order.items.map((i) => event.ticketTypes.get(i.ticketType.toLowerCase()));
        const unknown = order.items.find((_, i) => typeIds[i] === undefined);
        if (unknown) {
          reject(order, `no ticket type "${unknown.ticketType}" for ${row.event_slug}`);
          continue;
        }
        if (row.stripe_payment_intent && takenIntents.has(row.stripe_payment_intent)) {
          reject(
            order,
            `stripe_payment_intent ${row.stripe_payment_intent} belongs to another order`,
          );
          continue;
        }
        if (row.stripe_payment_intent) takenIntents.add(row.stripe_payment_intent);
        fresh.push({ ...order, eventId: event.id, typeIds: typeIds as string[] });
      }
      if (fresh.length === 0) return;

      // A new buyer's account age starts at their earliest imported order.
      const buyers = new Map<
        string,
        { email: string; name: string; country: string | null; createdAt: Date }
      >();
      for (const { first: row } of fresh) {
        const createdAt = row.created_at ? new Date(row.created_at) : new Date();
        const known = buyers.get(row.email);
        if (!known || known.createdAt > createdAt) {
          buyers.set(row.email, {
            email: row.email,
            name: row.name ?? row.email.split('@')[0]!,
            country: row.billing_country ?? null,
            createdAt,
          });
        }
      }
      const created = rowsOf<{ id: string }>(
        await tx.execute(
          bulkInsert(
            'customers',
            CUSTOMER_COLUMNS,
            [...buyers.values()].map((b) => [
              newId('cus'),
              b.email,
              b.name,
              b.country,
              b.createdAt,
            ]),
            sql`on conflict do nothing returning id`,
          ),
        ),
      );
      result.customersCreated += created.length;
      const customerIds = new Map(
        (
          await tx
            .select({ id: customers.id, email: customers.email })
            .from(customers)
            .where(inArray(customers.email, [...buyers.keys()]))
        ).map((c) => [c.email, c.id]),
      );

      const now = new Date();
      const orderRows = fresh.map(({ code, eventId, first: row }) => [
        newId('ord'),
        code,
        eventId,
        customerIds.get(row.email)!,
        row.status,
        row.totalMinor - row.fee_minor,
        row.fee_minor,
        row.totalMinor,
        row.refunded_minor,
        row.currency,
        row.stripe_payment_intent ?? null,
        row.stripe_charge ?? null,
        row.billing_country ?? null,
        row.ip_country ?? null,
        row.created_at ? new Date(row.created_at) : now,
      ]);
      const inserted = rowsOf<{ id: string; code: string }>(
        await tx.execute(
          // Another import running at the same time may have taken a code: that order is its.
          bulkInsert(
            'orders',
            ORDER_COLUMNS,
            orderRows,
            sql`on conflict do nothing returning id, code`,
          ),
        ),
      );
      result.imported += inserted.length;
      result.skippedExisting += fresh.length - inserted.length;

      const orderIds = new Map(inserted.map((o) => [o.code, o.id]));
      const ticketRows = fresh.flatMap((order) => {
        const orderId = orderIds.get(order.code);
        if (!orderId) return [];
        const row = order.first;
        const status = row.status === 'refunded' || row.status === 'canceled' ? 'void' : 'valid';
        return order.items.flatMap((item, i) =>
          Array.from({ length: item.quantity }, (_, n) => [
            newId('tkt'),
            orderId,
            order.eventId,
            order.typeIds[i]!,
            newTicketCode(),
            item.holders[n] ?? row.name ?? null,
            status,
          ]),
        );
      });
      if (ticketRows.length > 0)
        await tx.execute(bulkInsert('tickets', TICKET_VALUE_COLUMNS, ticketRows));
      result.tickets += ticketRows.length;
    });
    return result;
  }

  private async loadEvents(slugs: string[]): Promise<void> {
    const missing = [...new Set(slugs)].filter((s) => !this.catalog.has(s));
    if (missing.length === 0) return;
    for (const slug of missing) this.catalog.set(slug, null);
    const found = await this.db
      .select({ id: events.id, slug: events.slug })
      .from(events)
      .where(inArray(events.slug, missing));
    if (found.length === 0) return;
    const types = await this.db
      .select({ id: ticketTypes.id, name: ticketTypes.name, eventId: ticketTypes.eventId })
      .from(ticketTypes)
      .where(
        inArray(
          ticketTypes.eventId,
          found.map((e) => e.id),
        ),
      );
    for (const event of found) {
      const byName = new Map(
        types.filter((t) => t.eventId === event.id).map((t) => [t.name.trim().toLowerCase(), t.id]),
      );
      this.catalog.set(event.slug, { id: event.id, ticketTypes: byName });
    }
  }
}
