import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { newTicketCode } from '../db/ids.js';
import {
  type ApprovalStatus,
  approvals,
  cases,
  conversations,
  customers,
  orders,
  tickets,
} from '../db/schema/index.js';
import type { FakeStripe } from './fake-stripe.js';
import { GA_PRICE_MINOR, givenGaEvent } from './ga-event.js';

const DAY = 24 * 3600_000;
const FEE = 300;

export type RefundSetup = {
  approvalId: string;
  orderId: string;
  paymentIntentId: string | null;
  amountMinor: number;
  ticketIds: string[];
};

/** `count` paid orders (one ticket each) and a refund approval on each, written straight to
 * the tables in bulk, as the pipeline and a staff decision would have left them. With a fake
 * Stripe, each order is paid by a Stripe payment of the order total; without, the orders
 * look imported (bank transfer, no payment intent). */
export async function givenRefundApprovals(
  db: Db,
  options: {
    count: number;
    status?: Extract<ApprovalStatus, 'pending' | 'approved' | 'executing'>;
    stripe?: FakeStripe;
    expiresInMs?: number;
    tag?: string;
  },
): Promise<RefundSetup[]> {
  const tag = options.tag ?? Math.random().toString(36).slice(2, 8);
  const { event, ga } = await givenGaEvent(db, {
    slug: `faults-${tag}`,
    name: 'Fault Night',
    doorsAt: new Date(Date.now() + 30 * DAY),
    capacity: options.count + 10,
    gaCapacity: options.count + 10,
  });
  const setups: RefundSetup[] = [];
  for (let start = 0; start < options.count; start += 500) {
    const batch = Array.from({ length: Math.min(500, options.count - start) }, (_, k) => start + k);
    const buyers = await db
      .insert(customers)
      .values(
        batch.map((i) => ({
          email: `buyer-${tag}-${i}@example.com`,
          name: 'Bench Buyer',
          country: 'DE',
        })),
      )
      .returning({ id: customers.id });
    const orderRows = await db
      .insert(orders)
      .values(
        batch.map((i, k) => ({
          code: `ORD-${tag
            .toUpperCase()
            .replace(/[^0-9A-Z]/g, '')
            .slice(0, 3)}${String(i).padStart(6, '0')}`,
          eventId: event.id,
          customerId: buyers[k]!.id,
          status: 'paid' as const,
          subtotalMinor: GA_PRICE_MINOR,
          feeMinor: FEE,
          totalMinor: GA_PRICE_MINOR + FEE,
          currency: 'EUR',
          stripePaymentIntentId: options.stripe
            ? options.stripe.addPayment({ amount: GA_PRICE_MINOR + FEE, currency: 'eur' })
                .paymentIntentId
            : null,
        })),
      )
      .returning();
    const ticketRows = await db
      .insert(tickets)
      .values(
        orderRows.map((o) => ({
          orderId: o.id,
          eventId: event.id,
          ticketTypeId: ga.id,
          code: newTicketCode(),
          holderName: 'Bench Buyer',
        })),
      )
      .returning({ id: tickets.id, orderId: tickets.orderId });
    const ticketOf = new Map(ticketRows.map((t) => [t.orderId, t.id]));
    const status = options.status ?? 'approved';
    const decided = status !== 'pending';
    const approvalRows = await db
      .insert(approvals)
      .values(
        orderRows.map((o, k) => ({
          kind: 'refund_commit' as const,
          status,
          orderId: o.id,
          amountMinor: GA_PRICE_MINOR,
          currency: 'EUR',
          payload: {
            orderCode: o.code,
            ticketIds: [ticketOf.get(o.id)!],
            paymentIntentId: o.stripePaymentIntentId,
          },
          requestedBy: 'bot',
          decidedBy: decided ? 'ana' : null,
          decidedAt: decided ? new Date() : null,
          expiresAt: new Date(Date.now() + (options.expiresInMs ?? DAY)),
          idempotencyKey: `refund_commit:${tag}-${start + k}`,
        })),
      )
      .returning({ id: approvals.id, orderId: approvals.orderId });
    const approvalOf = new Map(approvalRows.map((a) => [a.orderId, a.id]));
    for (const o of orderRows) {
      setups.push({
        approvalId: approvalOf.get(o.id)!,
        orderId: o.id,
        paymentIntentId: o.stripePaymentIntentId,
        amountMinor: GA_PRICE_MINOR,
        ticketIds: [ticketOf.get(o.id)!],
      });
    }
  }
  return setups;
}

/** A buyer conversation on `channel` with a billing case about the approval's order, linked
 * to the approval, so its outcome has someone to tell. Returns the case and the chat id. */
export async function givenBuyerCase(
  db: Db,
  setup: Pick<RefundSetup, 'approvalId' | 'orderId'>,
  channel: 'telegram' | 'web' = 'telegram',
): Promise<{ caseId: string; chatId: string }> {
  const { orderId } = setup;
  const chatId = `chat-${Math.random().toString(36).slice(2, 10)}`;
  const [conversation] = await db
    .insert(conversations)
    .values({ channel, chatId, status: 'open' })
    .returning({ id: conversations.id });
  const [row] = await db
    .insert(cases)
    .values({
      conversationId: conversation!.id,
      orderId,
      intent: 'get_refund',
      category: 'billing',
      severity: 'P3',
      queue: 'billing',
    })
    .returning({ id: cases.id });
  await db.update(approvals).set({ caseId: row!.id }).where(eq(approvals.id, setup.approvalId));
  return { caseId: row!.id, chatId };
}
