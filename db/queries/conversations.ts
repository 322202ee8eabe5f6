import { desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { arrayLiteral, type BulkCell } from '../bulk-insert.js';
import type { Db } from '../client.js';
import { newId } from '../ids.js';
import { microBatch } from '../micro-batch.js';
import { executeNamed } from '../named-statement.js';
import { perDatabase } from '../per-database.js';
import {
  type Channel,
  cases,
  channelIdentities,
  conversations,
  messages,
  type StoredEntity,
  type StoredTriage,
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
    triage: StoredTriage | null;
    attachments: NewMessage['attachments'];
    createdAt: Date;
  };
};

type Stored = { conversationId: string; messageId: string | null };

/** Ingest of a batch in one statement (one round trip, one commit): each buyer's identity
 * (created on first contact), each chat's live conversation (found, or opened; a partial
 * unique index keeps it one) and the once-only message inserts (a redelivery, same channel
 * + external id, stores nothing), as data-modifying CTEs over arrays. `messageId` is null for
 * a redelivery. A batch holds at most one message per buyer and per chat: an upsert may not
 * touch one row twice in a statement. When a first message of a chat (or of a new buyer)
 * races another statement, its conversation insert meets the unique index and finds no row
 * in this snapshot: that row is run again and sees the winner's. */
async function storeInboundBatch(db: Db, inputs: StoreInboundInput[]): Promise<Stored[]> {
  const results: (Stored | undefined)[] = inputs.map(() => undefined);
  let pending = inputs.map((input, index) => ({ input, index }));
  for (let attempt = 0; attempt < 5 && pending.length > 0; attempt++) {
    const rows = await executeNamed<{
      ord: string;
      conversation_id: string | null;
      message_id: string | null;
    }>(db, 'ingest_store_batch', ingestStatement(pending.map((p) => p.input)));
    const byOrd = new Map(rows.map((row) => [Number(row.ord), row]));
    const retry: typeof pending = [];
    pending.forEach((p, i) => {
      const row = byOrd.get(i + 1);
      if (row?.conversation_id) {
        results[p.index] = { conversationId: row.conversation_id, messageId: row.message_id };
      } else retry.push(p);
    });
    pending = retry;
  }
  if (pending.length > 0) {
    throw new Error(`ingest: no live conversation for ${pending.length} chat(s) after 5 attempts`);
  }
  return results as Stored[];
}

const column = (inputs: StoreInboundInput[], pick: (input: StoreInboundInput) => BulkCell) =>
  arrayLiteral(inputs.map(pick));

function ingestStatement(inputs: StoreInboundInput[]) {
  const json = (value: unknown) => (value == null ? null : JSON.stringify(value));
  return sql`
    with input as (
      select * from unnest(
        ${column(inputs, (i) => i.channel)}::text[],
        ${column(inputs, (i) => i.externalUserId)}::text[],
        ${column(inputs, (i) => i.displayName ?? null)}::text[],
        ${column(inputs, (i) => i.chatId)}::text[],
        ${column(inputs, (i) => i.locale ?? null)}::text[],
        ${column(inputs, () => newId('cid'))}::text[],
        ${column(inputs, () => newId('cnv'))}::text[],
        ${column(inputs, () => newId('msg'))}::text[],
        ${column(inputs, (i) => i.message.externalMessageId)}::text[],
        ${column(inputs, (i) => i.message.text)}::text[],
        ${column(inputs, (i) => i.message.intent)}::text[],
        ${column(inputs, (i) => i.message.confidence)}::real[],
        ${column(inputs, (i) => json(i.message.entities))}::text[],
        ${column(inputs, (i) => json(i.message.triage))}::text[],
        ${column(inputs, (i) => json(i.message.attachments))}::text[],
        ${column(inputs, (i) => i.message.createdAt)}::timestamptz[]
      ) with ordinality as i(channel, external_user_id, display_name, chat_id, locale,
        new_identity_id, new_conversation_id, message_id, external_message_id, text, intent,
        confidence, entities, triage, attachments, created_at, ord)
    ), upserted as (
      insert into channel_identities (id, channel, external_user_id, display_name)
      select new_identity_id, channel, external_user_id, display_name from input
      on conflict (channel, external_user_id) do update
        set display_name = excluded.display_name
        -- Only a changed name is written: most messages come from a known buyer, and a
        -- no-op update would still write a row version and its WAL on every message.
        where excluded.display_name is not null
          and excluded.display_name is distinct from channel_identities.display_name
      returning id, channel, external_user_id, customer_id
    ), ident as (
      select i.ord, coalesce(u.id, c.id) as id, coalesce(u.customer_id, c.customer_id) as customer_id
      from input i
      left join upserted u on u.channel = i.channel and u.external_user_id = i.external_user_id
      left join channel_identities c on u.id is null
        and c.channel = i.channel and c.external_user_id = i.external_user_id
    ), live as (
      select i.ord, c.id from input i
      join lateral (
        select id from conversations c
        where c.channel = i.channel and c.chat_id = i.chat_id and c.status <> 'closed'
        limit 1
      ) c on true
    ), opened as (
      insert into conversations (id, channel, chat_id, identity_id, customer_id, locale)
      select i.new_conversation_id, i.channel, i.chat_id, d.id, d.customer_id, i.locale
      from input i join ident d on d.ord = i.ord and d.id is not null
      where not exists (select 1 from live l where l.ord = i.ord)
      on conflict do nothing
      returning id
    ), conv as (
      select ord, id from live
      union all
      select i.ord, o.id from opened o join input i on i.new_conversation_id = o.id
    ), stored as (
      insert into messages (id, conversation_id, direction, channel, external_message_id,
                            text, intent, confidence, entities, triage, attachments, created_at)
      select i.message_id, c.id, 'inbound', i.channel, i.external_message_id, i.text, i.intent,
             i.confidence, i.entities::jsonb, i.triage::jsonb, i.attachments::jsonb, i.created_at
      from input i join conv c on c.ord = i.ord
      order by i.ord
      on conflict do nothing
      returning id
    )
    select i.ord, c.id as conversation_id, s.id as message_id
    from input i
    left join conv c on c.ord = i.ord
    left join stored s on s.id = i.message_id`;
}

const ingestBatcher = perDatabase((db) =>
  microBatch((inputs: StoreInboundInput[]) => storeInboundBatch(db, inputs), {
    maxBatch: 64,
    keysOf: (i) => [`buyer:${i.channel}:${i.externalUserId}`, `chat:${i.channel}:${i.chatId}`],
  }),
);

/** Stores one inbound message (see `storeInboundBatch`), batched with the others arriving at
 * the same moment in this process. */
export const storeInboundMessage = (db: Db, input: StoreInboundInput): Promise<Stored> =>
  ingestBatcher(db)(input);

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
  /** an earlier inbound message of the conversation is not handled yet */
  earlierUnhandled: boolean;
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

/** One scan of the chat's recent inbound messages up to this one, for two answers:
 * - its rank among those of the minute before it. Ranked by (created_at, id) rather than
 *   counting "now": every message gets the same answer however many jobs run at once, so
 *   exactly one crosses the limit first;
 * - whether an earlier one is still unhandled (see `inTurn`). Only the last ten minutes are
 *   looked at: an older unhandled message is stuck, and a scan of the whole history (or of
 *   every unhandled message) cost more database time than the rest of the load. */
const recentInboundSq = (db: Db) => {
  const w = alias(messages, 'w');
  return db
    .select({
      // Spelled out: drizzle leaves columns unqualified in a select list, and here `w` and
      // the outer `messages` have the same columns.
      rankInMinute:
        sql<number>`count(*) filter (where w.created_at >= messages.created_at - interval '60 seconds')::int`.as(
          'rank_in_minute',
        ),
      earlierUnhandled:
        sql<boolean>`coalesce(bool_or(w.handled_at is null and w.id <> messages.id), false)`.as(
          'earlier_unhandled',
        ),
    })
    .from(w)
    .where(
      sql`${w.conversationId} = ${messages.conversationId} and ${w.direction} = 'inbound'
        and ${w.createdAt} >= ${messages.createdAt} - interval '10 minutes'
        and (${w.createdAt}, ${w.id}) <= (${messages.createdAt}, ${messages.id})`,
    )
    .as('recent');
};

const prepareTriageLoad = (db: Db) => {
  const latest = latestCaseSq(db);
  const recent = recentInboundSq(db);
  return db
    .select({
      message: messages,
      conversation: conversations,
      identity: channelIdentities,
      rankInMinute: recent.rankInMinute,
      earlierUnhandled: recent.earlierUnhandled,
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
    .leftJoinLateral(recent, sql`true`)
    .where(sql`${messages.id} = any(${sql.placeholder('ids')}::text[])`)
    .prepare('triage_load');
};

const triageLoader = perDatabase((db) => {
  const prepared = prepareTriageLoad(db);
  return microBatch(
    async (ids: string[]) => {
      const rows = await prepared.execute({ ids });
      const byId = new Map(rows.map((row) => [row.message.id, row]));
      return ids.map((id) => {
        const row = byId.get(id);
        return row && { ...row, rankInMinute: Number(row.rankInMinute) };
      });
    },
    { maxBatch: 64 },
  );
});

/** The triage job's reads in one prepared statement: the message, its conversation and
 * identity, its rank among the chat's inbound messages of the last minute, and the
 * conversation's latest case. Jobs of this process loading at the same moment share one
 * round trip (see `microBatch`). */
export const loadForTriage = (db: Db, messageId: string): Promise<TriageLoad | undefined> =>
  triageLoader(db)(messageId);
