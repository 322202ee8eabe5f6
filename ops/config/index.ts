/** The public face of ops/config: what other folders may import from it. */
export { type Env, envSchema, parseEnv } from './env.js';
export { deriveInstallKey, installKey } from './install-key.js';
export { loadPolicy, type Policy } from './policy.js';
export {
  CONSOLE_OPERATOR,
  checkStaff,
  isDemoConsole,
  STAFF_ACTIONS,
  type StaffMember,
  staffIdFor,
  staffRoster,
} from './staff-roster.js';
export { describeIssues } from './zod-issues.js';
