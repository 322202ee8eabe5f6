import { sql } from 'drizzle-orm';
import { check, index, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, sqlList, tstz, updatedAt } from './columns.js';

/** How a console session was opened: a member's own password, or the shared console token,
 * which only the demo identity (policy file without staff members) may use. */
export const SIGN_IN_METHODS = ['password', 'console_token'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

/** One password per staff member. Members themselves live in the policy file; a row here
 * for an id the policy no longer lists signs nobody in. `password_hash` is self-describing
 * (`scrypt$N$r$p$salt$hash`), so the cost can be raised later without a migration; the
 * password itself is never stored or logged. */
export const staffCredentials = pgTable('staff_credentials', {
  staffId: text('staff_id').primaryKey(),
  passwordHash: text('password_hash').notNull(),
  updatedAt: updatedAt(),
});

/** Console sessions, server-side so they can be revoked. `id` is the SHA-256 of the random
 * token in the cookie: a copy of this table opens no session. A session counts while
 * `revoked_at` is null and `expires_at` is in the future. No foreign key to the credentials:
 * the demo identity signs in with the console token and has no password row. */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    id: text('id').primaryKey(),
    staffId: text('staff_id').notNull(),
    method: text('method').$type<SignInMethod>().notNull(),
    createdAt: createdAt(),
    expiresAt: tstz('expires_at').notNull(),
    revokedAt: tstz('revoked_at'),
    /** where the sign-in came from, for the member's own review; optional */
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    index('staff_sessions_staff_ix').on(t.staffId, t.expiresAt),
    check('staff_sessions_method_ck', sql.raw(`method in (${sqlList(SIGN_IN_METHODS)})`)),
    check('staff_sessions_expiry_ck', sql`${t.expiresAt} > ${t.createdAt}`),
  ],
);
