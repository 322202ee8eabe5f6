import { sql } from 'drizzle-orm';
import { arrayLiteral } from '../bulk-insert.js';
import type { Db } from '../client.js';
import { microBatch } from '../micro-batch.js';
import { executeNamed } from '../named-statement.js';
import { perDatabase } from '../per-database.js';
import type { AwaitingState } from '../schema/index.js';

/** What a plan that only replies writes for one inbound message. */
export type ReplyOnlyWrite = {
  messageId: string;
  conversationId: string;
  channel: string;
  /** the conversation's new status */
  status: string;
  /** undefined keeps the conversation's `awaiting`; null clears it */
  awaiting: AwaitingState | null | undefined;
  handledAt: Date;
  /** delivered by storing (web chat): stamped handled at insert, no outbound job */
  delivered: boolean;
  replies: { id: string; text: string; buttons: { id: string; label: string }[] | null }[];
};

/** Claims each message (handled_at null -> now) and, only for the messages it claimed,
 * updates their conversations and stores their replies: one statement, so all or nothing
 * per batch, and a message already claimed by another run writes nothing. Fixed text with
 * array parameters, so it is planned once per connection whatever the batch holds. Callers
 * put at most one message per conversation in a batch: an UPDATE ... FROM that matched one
 * row twice would apply only one of the two. */
async function writeReplyOnly(db: Db, writes: ReplyOnlyWrite[]): Promise<boolean[]> {
  const replies = writes.flatMap((w) =>
    w.replies.map((r) => ({ ...r, messageId: w.messageId, w })),
  );
  const rows = await executeNamed<{ id: string }>(
    db,
    'apply_reply_only',
    sql`
    with input as (
      select * from unnest(${arrayLiteral(writes.map((w) => w.messageId))}::text[],
                           ${arrayLiteral(writes.map((w) => w.conversationId))}::text[],
                           ${arrayLiteral(writes.map((w) => w.status))}::text[],
                           ${arrayLiteral(writes.map((w) => w.awaiting !== undefined))}::boolean[],
                           ${arrayLiteral(writes.map((w) => (w.awaiting == null ? null : JSON.stringify(w.awaiting))))}::text[],
                           ${arrayLiteral(writes.map((w) => w.handledAt.toISOString()))}::timestamptz[])
        as i(message_id, conversation_id, status, set_awaiting, awaiting, handled_at)
    ), claimed as (
      update messages m set handled_at = i.handled_at
      from input i
      where m.id = i.message_id and m.handled_at is null
      returning m.id
    ), conversation as (
      update conversations c
      set status = i.status,
          awaiting = case when i.set_awaiting then i.awaiting::jsonb else c.awaiting end,
          updated_at = ${new Date().toISOString()}::timestamptz
      from input i
      where c.id = i.conversation_id and i.message_id in (select id from claimed)
    ), replies as (
      insert into messages (id, conversation_id, direction, channel, text, buttons, handled_at)
      -- The database's clock at insert for a reply delivered by storing: the chat's poll
      -- cursor runs on it, and a slow job must not stamp its reply in the past.
      select r.id, r.conversation_id, 'outbound', r.channel, r.text, r.buttons::jsonb,
             case when r.delivered then clock_timestamp() end
      from unnest(${arrayLiteral(replies.map((r) => r.id))}::text[],
                  ${arrayLiteral(replies.map((r) => r.messageId))}::text[],
                  ${arrayLiteral(replies.map((r) => r.w.conversationId))}::text[],
                  ${arrayLiteral(replies.map((r) => r.w.channel))}::text[],
                  ${arrayLiteral(replies.map((r) => r.text))}::text[],
                  ${arrayLiteral(replies.map((r) => (r.buttons ? JSON.stringify(r.buttons) : null)))}::text[],
                  ${arrayLiteral(replies.map((r) => r.w.delivered))}::boolean[]) with ordinality
        as r(id, message_id, conversation_id, channel, text, buttons, delivered, ord)
      where r.message_id in (select id from claimed)
      order by r.ord
    )
    select id from claimed`,
  );
  const claimed = new Set(rows.map((r) => r.id));
  return writes.map((w) => claimed.has(w.messageId));
}

const replyOnlyBatcher = perDatabase((db) =>
  microBatch((writes: ReplyOnlyWrite[]) => writeReplyOnly(db, writes), {
    maxBatch: 64,
    keysOf: (w) => [w.conversationId],
  }),
);

/** `writeReplyOnly` for one message, batched with the other triage jobs of this process
 * writing at the same moment (one message per conversation per batch). Resolves false when
 * the message was already claimed. */
export const storeReplyOnly = (db: Db, write: ReplyOnlyWrite): Promise<boolean> =>
  replyOnlyBatcher(db)(write);
