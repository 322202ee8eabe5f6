import { automatedApprovalsSince } from '../../db/queries/approvals.js';
import {
  type AutomatableAction,
  holdStops,
  needsApproval,
  type OrderHold,
} from '../approvals/index.js';
import type { MessageContext } from './context.js';

const DAY_MS = 24 * 3600_000;

/** May the bot carry out this action itself instead of drafting it for staff? Only when the
 * policy leaves it out of `require_approval_for`, no risk hold covers it, and the buyer has
 * not used up today's automated actions (`automation_per_buyer_per_day`): a buyer who keeps
 * asking reaches a person. */
export async function mayAutomate(
  ctx: MessageContext,
  action: AutomatableAction,
  p: { customerId: string; hold: OrderHold; edit?: Record<string, unknown> },
): Promise<boolean> {
  const { policy, db } = ctx.deps;
  if (needsApproval(policy, action)) return false;
  if (holdStops(p.hold, { kind: action.kind }, p.edit)) return false;
  const limit = policy.policy.automation_per_buyer_per_day;
  if (limit === 0) return false;
  const used = await automatedApprovalsSince(db, {
    customerId: p.customerId,
    since: new Date(ctx.now.getTime() - DAY_MS),
  });
  return used < limit;
}
