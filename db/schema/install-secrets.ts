import { pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.js';

/** Random secrets made once per install, the first time any process needs one, and never
 * changed: every worker, bot and CLI on this database reads the same value, on PostgreSQL
 * and PGlite alike. Keys for a purpose are derived from a secret (see ops/config/install-key),
 * never used raw. Rotating one invalidates what was keyed with it (contact digests in pending
 * verifications, the audit head signature), so there is no rotation. A database dump carries
 * the secret: it protects digests and signatures against whoever sees the other tables
 * (staff views, logs, exports), not against the database owner. */
export const installSecrets = pgTable('install_secrets', {
  name: text('name').primaryKey(),
  /** 32 random bytes, hex */
  secret: text('secret').notNull(),
  createdAt: createdAt(),
});
