import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { approvals, orders } from '../db/schema/index.js';
import type { FakeStripe } from './fake-stripe.js';
import type { RefundSetup } from './refund-approvals.js';

/** Compares what Stripe holds with what the database says, per approval:
 * - a double refund: more than one Stripe refund carries the approval's id;
 * - a lost commit: the approval did not end `executed`, or its recorded refund is not the one
 *   at Stripe, or the order's refunded amount is not the approved amount. */
export async function countRefunds(db: Db, fake: FakeStripe, setups: RefundSetup[]) {
  const byApproval = new Map<string, string[]>();
  for (const refund of fake.refunds) {
    const id = (refund.metadata as Record<string, unknown> | undefined)?.approval_id;
    if (typeof id === 'string')
      byApproval.set(id, [...(byApproval.get(id) ?? []), String(refund.id)]);
  }
  const ids = setups.map((s) => s.approvalId);
  const rows = new Map<string, typeof approvals.$inferSelect>();
  const refunded = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    for (const r of await db.select().from(approvals).where(inArray(approvals.id, chunk)))
      rows.set(r.id, r);
    const orderIds = setups.slice(i, i + 1000).map((s) => s.orderId);
    for (const o of await db.select().from(orders).where(inArray(orders.id, orderIds))) {
      refunded.set(o.id, o.refundedMinor);
    }
  }
  let doubleRefunds = 0;
  let lostCommits = 0;
  let reconciled = 0;
  const statuses: Record<string, number> = {};
  for (const s of setups) {
    const row = rows.get(s.approvalId);
    const atStripe = byApproval.get(s.approvalId) ?? [];
    if (atStripe.length > 1) doubleRefunds++;
    statuses[row?.status ?? 'missing'] = (statuses[row?.status ?? 'missing'] ?? 0) + 1;
    if (row?.result?.reconciled === true) reconciled++;
    const ok =
      row?.status === 'executed' &&
      atStripe.length === 1 &&
      row.result?.refundId === atStripe[0] &&
      refunded.get(s.orderId) === s.amountMinor;
    if (!ok) lostCommits++;
  }
  const posts = fake.requestsTo('POST', '/v1/refunds');
  return {
    refundsAtStripe: fake.refunds.length,
    doubleRefunds,
    lostCommits,
    statuses,
    reconciledAfterCrash: reconciled,
    refundPosts: posts.length,
    idempotentReplays: posts.filter((p) => p.replayed).length,
  };
}
