/** The public face of ops/approvals: what other folders may import from it. */
export { type AutomatableAction, needsApproval, POLICY_ACTOR } from './automation.js';
export { type DecideOutcome, decideApproval } from './decide.js';
export { orderCodeOf } from './deps.js';
export { commitApproval } from './execute.js';
export { expireApproval, scheduleApprovalExpiry } from './expire.js';
export { holdOf, holdStops, type OrderHold } from './hold.js';
export { refundVerdict } from './refund-verdict.js';
export { sweepApprovals } from './sweep.js';
