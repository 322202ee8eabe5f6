import type { Approval } from '../../db/queries/approvals.js';

/** What an open risk review holds on its order: nothing, refunds, or every change. */
export type OrderHold = 'none' | 'refunds' | 'all';

/** Pure: does this hold stop this approval? A hold on refunds stops refunds and cancellations
 * that pay money back; a hold on everything also stops edits that move no money. */
export function holdStops(
  hold: OrderHold,
  approval: Pick<Approval, 'kind'>,
  edit?: Record<string, unknown> | null,
): boolean {
  if (hold === 'all') return true;
  if (hold === 'none') return false;
  if (approval.kind === 'refund_commit') return true;
  return typeof edit?.refundMinor === 'number' && edit.refundMinor > 0;
}

/** The hold an order's open review sets (its `hold` column), or `none` without a review. */
export const holdOf = (hold: string | undefined): OrderHold =>
  hold === 'refunds' || hold === 'all' ? hold : 'none';

/** The sentence staff read when a hold stops something. */
export const holdReason = (hold: OrderHold) =>
  hold === 'all'
    ? 'a risk review holds every change to this order'
    : 'a risk review holds refunds on this order';
