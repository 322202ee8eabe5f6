/** Staff sign-in: passwords per member, server-side console sessions, the demo's shared
 * console token. The one face of ops/staff for the HTTP routes and the CLI. */
export { findSignedInStaff, type SignedInStaff } from './find-signed-in-staff.js';
export type { IssuedSession } from './open-session.js';
export { revokeStaffSessions } from './revoke-staff-sessions.js';
export { STAFF_SESSION_MS } from './session-token.js';
export { configuredMember, setStaffPassword } from './set-staff-password.js';
export { signInWithConsoleToken } from './sign-in-with-console-token.js';
export { type SignInRefusal, signInWithPassword } from './sign-in-with-password.js';
export { signOutStaff } from './sign-out.js';
export type { StaffAuthDeps } from './staff-auth-deps.js';
export { type StaffSignInRow, staffSignInOverview } from './staff-sign-in-overview.js';
