import { and, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { orders, type RiskFinding, riskReviews, tickets } from '../../db/schema/index.js';
import type { OrderHold } from '../approvals/index.js';

/** What one webhook did to the database: applied to an order, or nothing worth keeping. */
export type Effect =
  | { status: 'applied'; effect: string; orderId: string; followUp?: FollowUp }
  | { status: 'ignored'; reason: string };

/** Work for after the webhook's transaction committed, never inside it: stored buyer replies
 * to hand to the outbound queue (the pipeline sweeper sends them anyway if this is lost) and
 * a used payment link to switch off. */
export type FollowUp = { replyIds: (string | undefined)[]; deactivatePaymentLinkId?: string };

export type OrderRow = typeof orders.$inferSelect;

/** The order a payment belongs to, locked for this transaction so two webhooks about one
 * payment (refund and dispute arriving together) apply one after the other. */
export async function lockOrderForPayment(
  db: Db,
  ref: { chargeId?: string | null; paymentIntentId?: string | null },
): Promise<OrderRow | undefined> {
  const matches = [
    ref.chargeId ? eq(orders.stripeChargeId, ref.chargeId) : undefined,
    ref.paymentIntentId ? eq(orders.stripePaymentIntentId, ref.paymentIntentId) : undefined,
  ].filter((m) => m !== undefined);
  if (matches.length === 0) return undefined;
  const [order] = await db
    .select()
    .from(orders)
    .where(or(...matches))
    .limit(1)
    .for('update');
  return order;
}

/** Voids the tickets still usable at the door. Checked-in tickets stay as they are: they
 * record an admission that happened. */
export async function voidValidTickets(db: Db, orderId: string): Promise<number> {
  const voided = await db
    .update(tickets)
    .set({ status: 'void' })
    .where(and(eq(tickets.orderId, orderId), eq(tickets.status, 'valid')))
    .returning({ id: tickets.id });
  return voided.length;
}

/** Opens a risk review on the order, or adds the finding to the one already open (at most one
 * open review per order): the score adds up to 100 and the stronger hold wins. */
export async function raiseRiskReview(
  db: Db,
  orderId: string,
  finding: RiskFinding,
  hold: OrderHold,
): Promise<string> {
  const [review] = await db
    .insert(riskReviews)
    .values({ orderId, findings: [finding], score: Math.min(100, finding.weight), hold })
    .onConflictDoUpdate({
      target: riskReviews.orderId,
      targetWhere: sql`status = 'open'`,
      set: {
        findings: sql.raw('risk_reviews.findings || excluded.findings'),
        score: sql.raw('least(100, risk_reviews.score + excluded.score)'),
        hold: sql.raw(`case
          when 'all' in (risk_reviews.hold, excluded.hold) then 'all'
          when 'refunds' in (risk_reviews.hold, excluded.hold) then 'refunds'
          else 'none' end`),
      },
    })
    .returning({ id: riskReviews.id });
  return review!.id;
}

/** Stripe's expandable fields are an id or the object; we only need the id. */
export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}
