import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  type AwaitingState,
  type Channel,
  channelIdentities,
  conversations,
  messages,
} from '../schema/index.js';

export type Identity = typeof channelIdentities.$inferSelect;
export type Conversation = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;

/** The buyer's identity on a channel, created on first contact. */
export async function upsertIdentity(
  db: Db,
  input: { channel: Channel; externalUserId: string; displayName?: string | undefined },
): Promise<Identity> {
  const [row] = await db
    .insert(channelIdentities)
    .values(input)
    .onConflictDoUpdate({
      target: [channelIdentities.channel, channelIdentities.externalUserId],
      set: { displayName: sql`coalesce(excluded.display_name, ${channelIdentities.displayName})` },
    })
    .returning();
  return row!;
}

/** The chat's live conversation, opened if there is none. The partial unique index makes
 * two simultaneous first messages land in one conversation. */
export async function openConversation(
  db: Db,
  input: { channel: Channel; chatId: string; identity: Identity; locale?: string | undefined },
): Promise<Conversation> {
  const live = () =>
    db
      .select()
      .from(conversations)
      .where(
        and(
          eq(conversations.channel, input.channel),
          eq(conversations.chatId, input.chatId),
          ne(conversations.status, 'closed'),
        ),
      )
      .limit(1);
  const [existing] = await live();
  if (existing) return existing;
  await db
    .insert(conversations)
    .values({
      channel: input.channel,
      chatId: input.chatId,
      identityId: input.identity.id,
      customerId: input.identity.customerId,
      locale: input.locale,
    })
    .onConflictDoNothing();
  const [created] = await live();
  return created!;
}

/** Stores an inbound message once: a redelivery (same channel + external id) returns null. */
export async function insertInboundMessage(
  db: Db,
  message: NewMessage,
): Promise<MessageRow | null> {
  const [row] = await db.insert(messages).values(message).onConflictDoNothing().returning();
  return row ?? null;
}

export async function findMessage(db: Db, id: string): Promise<MessageRow | undefined> {
  const [row] = await db.select().from(messages).where(eq(messages.id, id)).limit(1);
  return row;
}

export async function findConversation(db: Db, id: string): Promise<Conversation | undefined> {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id)).limit(1);
  return row;
}

export async function findIdentity(db: Db, id: string): Promise<Identity | undefined> {
  const [row] = await db.select().from(channelIdentities).where(eq(channelIdentities.id, id));
  return row;
}

/** This message's place among the chat's inbound messages of the minute before it (1 = the
 * only one). Ranking by (created_at, id) rather than counting "now" gives every message the
 * same answer however many jobs run at once, so exactly one crosses the limit first. */
export async function inboundRankInWindow(
  db: Db,
  message: MessageRow,
  windowMs: number,
): Promise<number> {
  const since = new Date(message.createdAt.getTime() - windowMs);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, message.conversationId),
        eq(messages.direction, 'inbound'),
        sql`${messages.createdAt} >= ${since}`,
        sql`(${messages.createdAt}, ${messages.id}) <= (${message.createdAt}, ${message.id})`,
      ),
    );
  return row?.n ?? 0;
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

export async function setAwaiting(db: Db, conversationId: string, awaiting: AwaitingState | null) {
  await db
    .update(conversations)
    .set({ awaiting, status: awaiting ? 'waiting_buyer' : 'open' })
    .where(eq(conversations.id, conversationId));
}
