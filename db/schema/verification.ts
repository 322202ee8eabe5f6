import { index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { idColumn, tstz } from './columns.js';
import { conversations, messages } from './conversations.js';

/** One failed check of "order code + the email on the order". A row is written before the
 * email is compared and removed if it matches, so guesses racing in from several chats are
 * each counted before any of them is answered. The pipeline counts rows per conversation and
 * per order code over the policy's window (`verification_window_minutes`): that count, not
 * anything kept with the conversation's pending question, decides the lock, so changing the
 * subject or the chat resets nothing. One row per buyer message: a retried triage job counts
 * its message once. Rows older than the window count for nothing. */
export const verificationAttempts = pgTable(
  'verification_attempts',
  {
    id: idColumn('vat'),
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    /** as the buyer gave it (normalised by the entity extractor), known order or not */
    orderCode: text('order_code').notNull(),
    /** the database's clock: every worker counts the window on the same one */
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('verification_attempts_message_uq').on(t.messageId),
    index('verification_attempts_order_ix').on(t.orderCode, t.at),
    index('verification_attempts_conversation_ix').on(t.conversationId, t.at),
  ],
);
