import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, sqlList, tstz } from './columns.js';

export const CUSTOMER_TIERS = ['standard', 'member', 'vip'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

export const CHANNELS = ['telegram', 'whatsapp', 'discord', 'web'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A buyer. `created_at` is the account's age, which risk rules read. The email is stored
 * lowercased so lookups by what a buyer types are exact. */
export const customers = pgTable(
  'customers',
  {
    id: idColumn('cus'),
    email: text('email').notNull(),
    name: text('name').notNull(),
    tier: text('tier').$type<CustomerTier>().notNull().default('standard'),
    country: text('country'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('customers_email_uq').on(t.email),
    check('customers_email_lower_ck', sql`${t.email} = lower(${t.email})`),
    check('customers_tier_ck', sql.raw(`tier in (${sqlList(CUSTOMER_TIERS)})`)),
    check('customers_country_ck', sql`${t.country} is null or ${t.country} ~ '^[A-Z]{2}$'`),
  ],
);

/** Who a buyer is on one channel. One customer can be linked from several channels; the link
 * is trusted only once `verified_at` is set (order code + email on the order proved it). */
export const channelIdentities = pgTable(
  'channel_identities',
  {
    id: idColumn('cid'),
    channel: text('channel').$type<Channel>().notNull(),
    externalUserId: text('external_user_id').notNull(),
    displayName: text('display_name'),
    customerId: text('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    verifiedAt: tstz('verified_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('channel_identities_channel_user_uq').on(t.channel, t.externalUserId),
    index('channel_identities_customer_ix').on(t.customerId),
    check('channel_identities_channel_ck', sql.raw(`channel in (${sqlList(CHANNELS)})`)),
    check(
      'channel_identities_verified_ck',
      sql`${t.verifiedAt} is null or ${t.customerId} is not null`,
    ),
  ],
);
