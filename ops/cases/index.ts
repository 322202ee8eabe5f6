/** The public face of ops/cases: what other folders may import from it. */
export { handCaseToStaff } from './hand-to-staff.js';
export { routeCase } from './routing.js';
export { describeDuration, slaDueTimes } from './sla.js';
export { checkSla } from './sla-check.js';
export {
  allowedTransitions,
  replyAsStaff,
  type StaffReplied,
  type StatusChange,
  setCaseStatus,
} from './staff-actions.js';
