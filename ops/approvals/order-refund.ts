import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type OrderStatus, orders, tickets } from '../../db/schema/index.js';
import type { RefundMoney } from './money.js';

export type RefundApplied =
  | { ok: true; refundedMinor: number; status: OrderStatus; voided: string[] }
  | { ok: false; reason: string };

/** Writes a refund onto its order inside the caller's transaction: the order row is locked
 * (a charge.refunded webhook about the same payment waits), `refunded_minor` and the status
 * move, and the tickets the refund gives up are voided. */
export async function applyRefundToOrder(
  db: Db,
  p: { orderId: string; money: RefundMoney; ticketIds: string[] },
): Promise<RefundApplied> {
  const [order] = await db
    .select()
    .from(orders)
    .where(eq(orders.id, p.orderId))
    .limit(1)
    .for('update');
  if (!order) return { ok: false, reason: 'the order no longer exists' };
  let refundedMinor: number;
  if (p.money.method === 'stripe') {
    // Stripe's running total, as the webhook applies it: never counted twice, whichever of
    // the two writes first. Stripe already paid: this write may correct, never refuse.
    refundedMinor = Math.min(
      order.totalMinor,
      Math.max(order.refundedMinor, p.money.chargeRefundedMinor),
    );
  } else {
    refundedMinor = order.refundedMinor + p.money.amountMinor;
    if (refundedMinor > order.totalMinor) {
      return {
        ok: false,
        reason: `the order has ${order.totalMinor - order.refundedMinor} left to refund, less than ${p.money.amountMinor}`,
      };
    }
  }
  // A dispute or cancellation says more about the order than a refund does; keep it.
  const keeps = order.status === 'disputed' || order.status === 'canceled';
  const status: OrderStatus = keeps
    ? order.status
    : refundedMinor >= order.totalMinor
      ? 'refunded'
      : refundedMinor > 0
        ? 'partially_refunded'
        : order.status;
  await db.update(orders).set({ refundedMinor, status }).where(eq(orders.id, order.id));
  const voided = await voidTickets(db, order.id, p.ticketIds);
  return { ok: true, refundedMinor, status, voided };
}

/** Voids the listed tickets of the order that can still get someone in. A checked-in ticket
 * stays: it records an admission that happened. */
export async function voidTickets(db: Db, orderId: string, ticketIds: string[]): Promise<string[]> {
  if (ticketIds.length === 0) return [];
  const rows = await db
    .update(tickets)
    .set({ status: 'void' })
    .where(
      and(
        eq(tickets.orderId, orderId),
        inArray(tickets.id, ticketIds),
        eq(tickets.status, 'valid'),
      ),
    )
    .returning({ id: tickets.id });
  return rows.map((r) => r.id);
}
