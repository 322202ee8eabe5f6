import type { Policy } from '../config/index.js';
import type { OrderEdit } from './edit.js';

/** An action the bot could take itself: a refund, or one exact order edit. */
export type AutomatableAction =
  | { kind: 'refund_commit' }
  | { kind: 'order_edit_commit'; editType: OrderEdit['type'] };

/** Pure: does this action wait for a staff approval under `policy.require_approval_for`? A
 * refund waits when `refund_commit` is listed; an edit when `order_edit_commit` or its own
 * type is. The actor that approves the rest is `policy`, never a person's id. */
export function needsApproval(policy: Policy, action: AutomatableAction): boolean {
  const listed = policy.policy.require_approval_for as readonly string[];
  if (action.kind === 'refund_commit') return listed.includes('refund_commit');
  return listed.includes('order_edit_commit') || listed.includes(action.editType);
}

/** The decider recorded on an approval that safe automation approved. */
export const POLICY_ACTOR = 'policy';
