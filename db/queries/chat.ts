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

/** Visible times are taken inside the writing transaction, before it commits: a reply
 * committed just after a poll can carry a time earlier than the cursor that poll returned.
 * Each poll therefore looks back this far behind the cursor; the page drops ids it already
 * shows, so the overlap costs a few repeated rows and nothing is missed. */
const COMMIT_LOOKBACK_MS = 10_000;

/** Without `after`, the latest messages (a returning buyer sees where they left off); with it,
 * those visible since shortly before then (see COMMIT_LOOKBACK_MS), oldest first so paging
 * forward misses none. */
export async function chatMessages(db: Db, session: string, after: Date | undefined) {
  const since = after && new Date(after.getTime() - COMMIT_LOOKBACK_MS);
  return chatRows(
    db,
    session,
    since ? and(sql`${visibleAt} >= ${since.toISOString()}::timestamptz`) : undefined,
    since ? 'forward' : 'latest',
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
