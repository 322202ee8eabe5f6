import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { newId } from '../ids.js';
import { executeNamed } from '../named-statement.js';
import {
  type Channel,
  cases,
  channelIdentities,
  conversations,
  messages,
  type StoredEntity,
} from '../schema/index.js';

export type Identity = typeof channelIdentities.$inferSelect;
export type Conversation = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;

export async function findMessage(db: Db, id: string): Promise<MessageRow | undefined> {
  const [row] = await db.select().from(messages).where(eq(messages.id, id)).limit(1);
  return row;
}

export async function findConversation(db: Db, id: string): Promise<Conversation | undefined> {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id)).limit(1);
  return row;
}

/** The conversation's messages, oldest first (console and context). */
export async function listMessages(db: Db, conversationId: string, limit = 200) {
  const rows = await db
    .select()
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(desc(messages.createdAt))
    .limit(limit);
  return rows.reverse();
}

export type StoreInboundInput = {
  channel: Channel;
  externalUserId: string;
  displayName?: string | undefined;
  chatId: string;
  locale?: string | undefined;
  message: {
    externalMessageId: string;
    text: string;
    intent: string | null;
    confidence: number | null;
    entities: StoredEntity[] | null;
    attachments: NewMessage['attachments'];
    createdAt: Date;
  };
};

/** Ingest in one statement (one round trip): the buyer's identity (created on first contact),
 * the chat's live conversation (found, or opened; a partial unique index keeps it one) and
 * the once-only message insert (a redelivery, same channel + external id, stores nothing),
 * as data-modifying CTEs. `messageId` is null for a redelivery. When
 * two first messages of a chat (or of a new buyer) race, the loser's insert meets the unique
 * index and finds no row in its snapshot: the statement is run again and sees the winner's. */
export async function storeInboundMessage(
  db: Db,
  input: StoreInboundInput,
): Promise<{ conversationId: string; messageId: string | null }> {
  const m = input.message;
  for (let attempt = 0; attempt < 5; attempt++) {
    const [row] = await executeNamed<{ conversation_id: string | null; message_id: string | null }>(
      db,
      'ingest_store',
      sql`
      with upserted as (
        insert into channel_identities (id, channel, external_user_id, display_name)
        values (${newId('cid')}, ${input.channel}, ${input.externalUserId}, ${input.displayName ?? null})
        on conflict (channel, external_user_id) do update
          set display_name = excluded.display_name
          -- Only a changed name is written: most messages come from a known buyer, and a
          -- no-op update would still write a row version and its WAL on every message.
          where excluded.display_name is not null
            and excluded.display_name is distinct from channel_identities.display_name
        returning id, customer_id
      ), ident as (
        select id, customer_id from upserted
        union all
        select id, customer_id from channel_identities
        where channel = ${input.channel} and external_user_id = ${input.externalUserId}
          and not exists (select 1 from upserted)
      ), live as (
        select id from conversations
        where channel = ${input.channel} and chat_id = ${input.chatId} and status <> 'closed'
        limit 1
      ), opened as (
        insert into conversations (id, channel, chat_id, identity_id, customer_id, locale)
        select ${newId('cnv')}, ${input.channel}, ${input.chatId}, ident.id, ident.customer_id, ${input.locale ?? null}::text
        from ident where not exists (select 1 from live)
        on conflict do nothing
        returning id
      ), conv as (
        select id from live union all select id from opened
      ), stored as (
        insert into messages (id, conversation_id, direction, channel, external_message_id,
                              text, intent, confidence, entities, attachments, created_at)
        select ${newId('msg')}, conv.id, 'inbound', ${input.channel}, ${m.externalMessageId},
               ${m.text}, ${m.intent}::text, ${m.confidence}::real, ${m.entities === null ? null : JSON.stringify(m.entities)}::jsonb,
               ${m.attachments == null ? null : JSON.stringify(m.attachments)}::jsonb,
               ${m.createdAt.toISOString()}::timestamptz
        from conv
        on conflict do nothing
        returning id
      )
      select (select id from conv limit 1) as conversation_id, (select id from stored) as message_id`,
    );
    if (row?.conversation_id)
      return { conversationId: row.conversation_id, messageId: row.message_id };
  }
  throw new Error(`ingest: no live conversation for ${input.channel} chat after 5 attempts`);
}

/** What the triage job needs about the conversation's latest case (see `latestCaseOfConversation`). */
export type LatestCase = Pick<
  typeof cases.$inferSelect,
  'id' | 'status' | 'resolvedAt' | 'intent' | 'orderId'
>;

export type TriageLoad = {
  message: MessageRow;
  conversation: Conversation | null;
  identity: Identity | null;
  /** this message's place among the chat's inbound messages of the minute before it (1 = the
   * only one) */
  rankInMinute: number;
  latestCase: LatestCase | null;
};

const latestCaseSq = (db: Db) =>
  db
    .select({
      id: cases.id,
      status: cases.status,
      resolvedAt: cases.resolvedAt,
      intent: cases.intent,
      orderId: cases.orderId,
    })
    .from(cases)
    .where(eq(cases.conversationId, messages.conversationId))
    .orderBy(desc(cases.createdAt))
    .limit(1)
    .as('latest_case');

const prepareTriageLoad = (db: Db) => {
  const latest = latestCaseSq(db);
  return db
    .select({
      message: messages,
      conversation: conversations,
      identity: channelIdentities,
      // Ranked by (created_at, id) rather than counting "now": every message gets the same
      // answer however many jobs run at once, so exactly one crosses the limit first.
      rankInMinute: sql<number>`(select count(*)::int from messages w
        where w.conversation_id = ${messages.conversationId} and w.direction = 'inbound'
          and w.created_at >= ${messages.createdAt} - interval '60 seconds'
          and (w.created_at, w.id) <= (${messages.createdAt}, ${messages.id}))`,
      latestCase: {
        id: latest.id,
        status: latest.status,
        resolvedAt: latest.resolvedAt,
        intent: latest.intent,
        orderId: latest.orderId,
      },
    })
    .from(messages)
    .leftJoin(conversations, eq(conversations.id, messages.conversationId))
    .leftJoin(channelIdentities, eq(channelIdentities.id, conversations.identityId))
    .leftJoinLateral(latest, sql`true`)
    .where(eq(messages.id, sql.placeholder('id')))
    .limit(1)
    .prepare('triage_load');
};
const triageLoads = new WeakMap<Db, ReturnType<typeof prepareTriageLoad>>();

/** The triage job's reads in one prepared statement: the message, its conversation and
 * identity, its rank among the chat's inbound messages of the last minute, and the
 * conversation's latest case. */
export async function loadForTriage(db: Db, messageId: string): Promise<TriageLoad | undefined> {
  let prepared = triageLoads.get(db);
  if (!prepared) {
    prepared = prepareTriageLoad(db);
    triageLoads.set(db, prepared);
  }
  const [row] = await prepared.execute({ id: messageId });
  if (!row) return undefined;
  return { ...row, rankInMinute: Number(row.rankInMinute) };
}

/** The outbound job's web-chat case in one statement: a stored reply in a web conversation is
 * marked delivered (what `sendReply` does for web after reading both rows). Returns false
 * when the row is not such an unsent reply, and the caller takes the general path. */
export async function markWebReplyDelivered(db: Db, messageId: string): Promise<boolean> {
  const result = await db.execute(sql`
    update messages set handled_at = ${new Date().toISOString()}::timestamptz, external_message_id = null
    where id = ${messageId} and direction = 'outbound' and handled_at is null
      and exists (select 1 from conversations c where c.id = messages.conversation_id and c.channel = 'web')
    returning id`);
  return (result as unknown as { rows: unknown[] }).rows.length > 0;
}
