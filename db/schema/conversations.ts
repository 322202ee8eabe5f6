import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, real, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, sqlList, tstz, updatedAt } from './columns.js';
import { CHANNELS, type Channel, channelIdentities, customers } from './customers.js';

export const CONVERSATION_STATUSES = ['open', 'waiting_buyer', 'handed_over', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const MESSAGE_DIRECTIONS = ['inbound', 'outbound'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

/** What the bot waits for in a multi-turn exchange (order code, email, a choice). Kept as
 * data so a restart or another worker resumes where the last one stopped. */
export type AwaitingState = {
  kind: string;
  intent?: string;
  attempts?: number;
  expiresAt?: string;
  context?: Record<string, unknown>;
};

/** An entity as stored with a message. For PII (email, phone) `value` is masked and
 * `digest` is an HMAC-SHA256 of the normalised value keyed with the install secret: enough
 * to verify "is this the email on the order?" without keeping the address, and not
 * reversible by hashing likely addresses. Spans index the text as received, before
 * redaction. */
export type StoredEntity = {
  type: string;
  value: string;
  start: number;
  end: number;
  digest?: string;
};

/** An inbound message's triage result as the triage job uses it, stored at ingest so the job
 * does not classify the same text again. Entities are not repeated (the `entities` column);
 * `intent` and `confidence` are, unrounded (the columns are `real`, and a confidence right at
 * a threshold must decide the same way). `source` says which brain gave the intent: `llm`
 * once the job took the LLM brain's (it then rewrites this and the two columns), so a retried
 * job does not ask again. `v` is the shape's version: a row with another, or none (stored
 * before this column), is classified afresh. */
export type StoredTriage = {
  v: 1;
  source: 'offline' | 'llm';
  intent: string;
  confidence: number;
  alternatives: { intent: string; confidence: number }[];
  category: string;
  severity: string;
  severityReasons: string[];
  sentiment: { label: string; score: number };
  language: string;
};

/** A thread with one buyer on one channel chat. */
export const conversations = pgTable(
  'conversations',
  {
    id: idColumn('cnv'),
    channel: text('channel').$type<Channel>().notNull(),
    chatId: text('chat_id').notNull(),
    identityId: text('identity_id').references(() => channelIdentities.id),
    customerId: text('customer_id').references(() => customers.id),
    status: text('status').$type<ConversationStatus>().notNull().default('open'),
    awaiting: jsonb('awaiting').$type<AwaitingState | null>(),
    locale: text('locale'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One live conversation per chat: two messages arriving together join the same one.
    uniqueIndex('conversations_live_chat_uq')
      .on(t.channel, t.chatId)
      .where(sql`status <> 'closed'`),
    index('conversations_customer_ix').on(t.customerId),
    check('conversations_channel_ck', sql.raw(`channel in (${sqlList(CHANNELS)})`)),
    check('conversations_status_ck', sql.raw(`status in (${sqlList(CONVERSATION_STATUSES)})`)),
  ],
);

/** One message in or out. `text` is stored redacted (card numbers always; emails and phones
 * when policy says so). `external_message_id` is what the platform calls the message, made
 * unique per channel by the adapter (Telegram ids are per chat, so it prefixes the chat id):
 * a redelivered message hits this index and creates nothing. */
export const messages = pgTable(
  'messages',
  {
    id: idColumn('msg'),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    direction: text('direction').$type<MessageDirection>().notNull(),
    channel: text('channel').$type<Channel>().notNull(),
    externalMessageId: text('external_message_id'),
    text: text('text').notNull(),
    intent: text('intent'),
    confidence: real('confidence'),
    entities: jsonb('entities').$type<StoredEntity[]>(),
    /** inbound: see StoredTriage; null on rows stored before it existed */
    triage: jsonb('triage').$type<StoredTriage>(),
    /** inbound: what was attached (kind, name, size), never the file itself */
    attachments:
      jsonb('attachments').$type<
        { kind: string; name?: string; size?: number; mimeType?: string }[]
      >(),
    /** outbound: the choices offered with the reply (id comes back when pressed) */
    buttons: jsonb('buttons').$type<{ id: string; label: string }[]>(),
    /** staff member who wrote an outbound reply; null for the bot */
    author: text('author'),
    /** inbound: when the pipeline finished with it; outbound: when the adapter sent it. A
     * sweeper re-enqueues rows left null, so a crash between store and enqueue loses nothing. */
    handledAt: tstz('handled_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('messages_channel_external_uq').on(t.channel, t.direction, t.externalMessageId),
    index('messages_conversation_ix').on(t.conversationId, t.createdAt),
    index('messages_unhandled_ix').on(t.createdAt).where(sql`handled_at is null`),
    check('messages_direction_ck', sql.raw(`direction in (${sqlList(MESSAGE_DIRECTIONS)})`)),
    check('messages_channel_ck', sql.raw(`channel in (${sqlList(CHANNELS)})`)),
    check(
      'messages_confidence_ck',
      sql`${t.confidence} is null or (${t.confidence} >= 0 and ${t.confidence} <= 1)`,
    ),
  ],
);
