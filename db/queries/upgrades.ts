import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { type TicketUpgradeStatus, ticketUpgrades } from '../schema/index.js';

export type TicketUpgrade = typeof ticketUpgrades.$inferSelect;
export type NewTicketUpgrade = typeof ticketUpgrades.$inferInsert;

/** Records the payment link of an approval's upgrade. Called only by the transaction that
 * moved the approval executing -> executed (`executeOnce`), so a replay never gets here; the
 * unique index on approval_id turns a second row into an error, not a silent skip. */
export async function insertUpgrade(db: Db, values: NewTicketUpgrade): Promise<TicketUpgrade> {
  const [created] = await db.insert(ticketUpgrades).values(values).returning();
  return created!;
}

/** The upgrade a payment link belongs to, locked for this transaction: two deliveries about
 * the same link (completed, then async_payment_succeeded) apply one after the other. */
export async function lockUpgradeByPaymentLink(
  db: Db,
  paymentLinkId: string,
): Promise<TicketUpgrade | undefined> {
  const [row] = await db
    .select()
    .from(ticketUpgrades)
    .where(eq(ticketUpgrades.stripePaymentLinkId, paymentLinkId))
    .limit(1)
    .for('update');
  return row;
}

/** awaiting_payment -> paid, naming the session that paid; undefined if it moved already. */
export async function markUpgradePaid(
  db: Db,
  p: { id: string; checkoutSessionId: string; paymentIntentId: string | null },
): Promise<TicketUpgrade | undefined> {
  const [row] = await db
    .update(ticketUpgrades)
    .set({
      status: 'paid',
      stripeCheckoutSessionId: p.checkoutSessionId,
      stripePaymentIntentId: p.paymentIntentId,
      paidAt: sql`now()`,
    })
    .where(and(eq(ticketUpgrades.id, p.id), eq(ticketUpgrades.status, 'awaiting_payment')))
    .returning();
  return row;
}

/** paid -> swapped or refused (with the reason staff read before refunding). */
export async function settlePaidUpgrade(
  db: Db,
  p: { id: string; status: Extract<TicketUpgradeStatus, 'swapped' | 'refused'>; reason?: string },
): Promise<void> {
  await db
    .update(ticketUpgrades)
    .set({ status: p.status, refusalReason: p.status === 'refused' ? (p.reason ?? null) : null })
    .where(and(eq(ticketUpgrades.id, p.id), eq(ticketUpgrades.status, 'paid')));
}
