import { and, asc, desc, eq, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { conversations, messages } from '../schema/index.js';

/** Read model for the buyer web chat: the messages of one browser session's conversation. */

/** When a message became visible to the buyer: an inbound one at once, a reply when the
 * outbound job delivered it. The poll cursor runs on this, so a reply stored earlier but
 * delivered later is not skipped. */
const visibleAt = sql<Date>`case when ${messages.direction} = 'inbound' then ${messages.createdAt} else ${messages.handledAt} end`;

/** One message of this chat by id, for a cursor given as a message id. */
export async function findChatMessage(db: Db, session: string, id: string) {
  const [row] = await chatRows(db, session, and(eq(messages.id, id)));
  return row;
}

/** Without `after`, the latest messages (a returning buyer sees where they left off); with it,
 * those visible since then, oldest first so paging forward misses none. `>=`: a row visible in
 * the same millisecond as the cursor comes again; the page dedupes by id, and nothing is
 * missed. */
export async function chatMessages(db: Db, session: string, after: Date | undefined) {
  return chatRows(
    db,
    session,
    after ? and(sql`${visibleAt} >= ${after.toISOString()}::timestamptz`) : undefined,
    after ? 'forward' : 'latest',
  );
}

/** The chat's messages the buyer may see: their own, and replies once delivered. */
async function chatRows(
  db: Db,
  session: string,
  extra: SQL | undefined,
  order: 'latest' | 'forward' = 'forward',
) {
  const direction = order === 'latest' ? desc : asc;
  const rows = await db
    .select({
      id: messages.id,
      direction: messages.direction,
      text: messages.text,
      buttons: messages.buttons,
      author: messages.author,
      createdAt: messages.createdAt,
      visibleAt: sql<string>`${visibleAt}`.mapWith((v: string | Date) => new Date(v)),
    })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(
      and(
        eq(conversations.channel, 'web'),
        eq(conversations.chatId, session),
        or(eq(messages.direction, 'inbound'), sql`${messages.handledAt} is not null`),
        extra,
      ),
    )
    .orderBy(direction(messages.createdAt), direction(messages.id))
    .limit(300);
  return order === 'latest' ? rows.reverse() : rows;
}
