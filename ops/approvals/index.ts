/** The public face of ops/approvals: what other folders may import from it. */

export { orderCodeOf } from './approval-deps.js';
export { type AutomatableAction, needsApproval, POLICY_ACTOR } from './automation.js';
export { commitApproval } from './commit-approval.js';
export { type DecideInput, type DecideOutcome, decideApproval } from './decide-approval.js';
export { expireApproval, scheduleApprovalExpiry } from './expire.js';
export { holdOf, holdStops, type OrderHold } from './hold.js';
export { refundVerdict } from './refund-verdict.js';
export { sweepApprovals } from './sweep-approvals.js';
