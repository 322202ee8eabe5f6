/** Demo orders, generated in index ranges so a million of them stream through in chunks:
 * only the current chunk's rows are in memory. Order `i` depends on the seed, on `i` and on
 * the codes already handed out, never on chunk boundaries. */
import type { OrderStatus } from '../db/schema/orders.js';
import { type AdmissionOutput, DoorCounters, writeAdmissions } from './admissions.js';
import { ORDERS, RowBatch, SCANS, TICKETS } from './batches.js';
import {
  COUNTRY_WEIGHTS,
  FAR_IP_COUNTRIES,
  FEE_PER_TICKET_MINOR,
  STATUS_WEIGHTS_PAST,
  STATUS_WEIGHTS_UPCOMING,
  TICKETS_PER_ORDER,
} from './catalog.js';
import { demoId, OrderCodes, stripeRefs } from './codes.js';
import { demoCustomer } from './customers.js';
import { type DemoEvent, type DemoEvents, PAST_EVENT_SHARE } from './events.js';
import { Rng, STREAM } from './rng.js';
import { isFreshAccount, type RiskFlavor, riskFlavorOf, showcaseOrder } from './showcase.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

export type OrderChunk = AdmissionOutput & { orders: RowBatch };

export class DemoOrderGenerator {
  private readonly rng = new Rng();
  private readonly customerRng = new Rng();
  private readonly codes = new OrderCodes();
  private readonly door = new DoorCounters();

  constructor(
    private readonly seed: number,
    private readonly now: number,
    private readonly events: DemoEvents,
    private readonly customers: number,
    private readonly total: number,
  ) {}

  /** Orders `from` .. `to - 1` with their tickets and scans, in new batches (the previous
   * chunk may still be on its way to the database). Call with consecutive ranges. */
  chunk(from: number, to: number): OrderChunk {
    const out: OrderChunk = {
      orders: new RowBatch(ORDERS),
      tickets: new RowBatch(TICKETS),
      scans: new RowBatch(SCANS),
    };
    for (let i = from; i < to; i++) this.order(i, out);
    return out;
  }

  private order(i: number, out: OrderChunk): void {
    const rng = this.rng.reseed(this.seed, STREAM.orders, i);
    const showcase = showcaseOrder(i);
    const risk = riskFlavorOf(i, this.customers);
    const event =
      showcase || risk || !rng.chance(PAST_EVENT_SHARE) ? this.events.upcoming : this.events.past;
    const customer = demoCustomer(
      this.seed,
      this.buyerIndex(i, risk),
      this.customers,
      this.now,
      this.customerRng,
    );
    const past = event === this.events.past;
    // Risky orders are paid: a fraudster's card goes through, that is the problem.
    const status: OrderStatus =
      showcase?.status ??
      (risk ? 'paid' : rng.weighted(past ? STATUS_WEIGHTS_PAST : STATUS_WEIGHTS_UPCOMING));
    const bulk = risk === 'new_account_bulk' || risk === 'both';
    let tickets = showcase?.tickets ?? (bulk ? rng.int(6, 10) : rng.weighted(TICKETS_PER_ORDER));
    if (status === 'partially_refunded' && tickets < 2) tickets = 2;
    const ticketType = bulk
      ? event.ticketTypes[1]
      : rng.weighted(event.ticketTypes.map((t) => [t, t.weight] as const));
    if (!ticketType) throw new Error('demo: event without ticket types');

    const createdAt = bulk
      ? customer.createdAt +
        rng.int(10 * MINUTE, Math.min(20 * 60 * MINUTE, this.now - customer.createdAt - MINUTE))
      : status === 'pending'
        ? this.now - rng.int(2, 90) * MINUTE
        : saleTime(event, (i + rng.next()) / this.total);
    const updatedAt = Math.max(
      createdAt,
      Math.min(this.now, createdAt + settledAfter(rng, status, event, createdAt)),
    );
    const refundedTickets =
      status === 'refunded'
        ? tickets
        : status === 'partially_refunded'
          ? rng.int(1, tickets - 1)
          : 0;
    const subtotal = ticketType.priceMinor * tickets;
    const fee = FEE_PER_TICKET_MINOR * tickets;
    // A full refund returns the fee too; a partial one returns the refunded tickets' price.
    const refunded =
      status === 'refunded' ? subtotal + fee : ticketType.priceMinor * refundedTickets;
    const stripe = stripeRefs(rng, createdAt);
    const charged = status !== 'pending' && status !== 'canceled';
    const ipCountry =
      risk === 'country_mismatch' || risk === 'both'
        ? farCountry(rng, customer.country)
        : rng.chance(0.96)
          ? customer.country
          : rng.weighted(COUNTRY_WEIGHTS);
    const id = demoId('ord', createdAt, rng);
    out.orders.push([
      id,
      this.codes.next(rng),
      event.id,
      customer.id,
      status,
      subtotal,
      fee,
      subtotal + fee,
      refunded,
      ticketType.currency,
      stripe.paymentIntentId,
      charged ? stripe.chargeId : null,
      customer.country,
      ipCountry,
      createdAt,
      updatedAt,
    ]);
    const order = {
      id,
      status,
      createdAt,
      updatedAt,
      ticketTypeId: ticketType.id,
      tickets,
      refundedTickets,
      buyerName: customer.name,
    };
    writeAdmissions(rng, event, order, this.now, this.door, out);
  }

  /** Each customer buys at least once (order `i` < customer count is customer `i`'s);
   * repeat orders go to established accounts, never to the fresh ones made for risk cases. */
  private buyerIndex(i: number, risk: RiskFlavor | null): number {
    if (risk || i < this.customers) return i;
    let k = this.rng.int(0, this.customers - 1);
    while (k > 0 && isFreshAccount(k, this.customers)) k--;
    return k;
  }
}

/** Sales bunch up after the announcement and in the last days before the show: points of
 * (share of sales, share of the sales period elapsed), linear in between. */
const SALES_CURVE: readonly (readonly [sold: number, elapsed: number])[] = [
  [0, 0],
  [0.305, 0.1],
  [0.745, 0.9],
  [1, 1],
];

/** Orders are numbered in the order they were placed (`sold` = i / total), so ids and codes
 * grow with time as in a real shop, and the database appends to its indexes instead of
 * inserting all over them. */
function saleTime(event: DemoEvent, sold: number): number {
  let previous = SALES_CURVE[0] ?? [0, 0];
  for (const point of SALES_CURVE) {
    if (sold <= point[0]) {
      const span = point[0] - previous[0];
      const t = span > 0 ? (sold - previous[0]) / span : 0;
      const elapsed = previous[1] + t * (point[1] - previous[1]);
      return event.salesFrom + Math.floor(elapsed * (event.salesUntil - event.salesFrom));
    }
    previous = point;
  }
  return event.salesUntil - 1;
}

/** When the order last changed: payment confirmed, refund issued, dispute opened. */
function settledAfter(rng: Rng, status: OrderStatus, event: DemoEvent, createdAt: number): number {
  switch (status) {
    case 'paid':
      return rng.int(2_000, 40_000);
    case 'pending':
      return 0;
    case 'canceled':
      // Stripe gives up on an unfinished payment after a while.
      return rng.int(30, 24 * 60) * MINUTE;
    case 'disputed':
      // Chargebacks arrive weeks later, often after the show.
      return Math.max(event.endsAt - createdAt, 0) + rng.int(2, 30) * DAY;
    default:
      return rng.int(1, 30) * DAY;
  }
}

function farCountry(rng: Rng, billing: string): string {
  const country = rng.pick(FAR_IP_COUNTRIES);
  return country === billing ? 'BR' : country;
}
