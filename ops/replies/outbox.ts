import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type Channel, cases, conversations, messages } from '../../db/schema/index.js';
import { deliveredOnStore, type ReplyButton } from '../channels/index.js';
import type { JobEngine } from '../jobs/index.js';
import type { Logger } from '../logger.js';

/** One outgoing message to store: the outbox is the single place replies are written, so
 * how a channel delivers (on store, or by its adapter) is decided once, from its traits. */
export type OutgoingMessage = {
  conversationId: string;
  channel: Channel;
  text: string;
  buttons?: ReplyButton[] | null;
  /** the staff member who wrote it; null for the bot */
  author?: string | null;
  createdAt?: Date;
};

/** Stores an outgoing message in the caller's transaction. On a channel delivered by storing
 * (the web chat) it is stamped handled with the database clock at insert, which the page's
 * poll cursor runs on; anything else waits for its outbound job (`sendStoredReplies` after
 * commit, unless `delivered`). */
export async function storeOutgoing(
  db: Db,
  m: OutgoingMessage,
): Promise<{ id: string; delivered: boolean }> {
  const delivered = deliveredOnStore(m.channel);
  const [row] = await db
    .insert(messages)
    .values({
      conversationId: m.conversationId,
      direction: 'outbound',
      channel: m.channel,
      text: m.text,
      // Buttons travel with the stored reply so a retried send shows the same ones.
      buttons: m.buttons ?? null,
      author: m.author ?? null,
      ...(m.createdAt ? { createdAt: m.createdAt } : {}),
      handledAt: delivered ? sql`clock_timestamp()` : null,
    })
    .returning({ id: messages.id });
  return { id: row!.id, delivered };
}

/** Stores a reply to the buyer on the conversation of the approval's case, in the caller's
 * transaction, so the reply exists exactly when the decision does. `text` gets the
 * conversation's locale. Returns the message id to send after commit, or undefined when
 * storing delivered it or the approval has no case or conversation (created by staff or a
 * bench, nobody to tell). */
export async function storeBuyerReply(
  db: Db,
  caseId: string | null,
  text: (locale: string | undefined) => string,
): Promise<string | undefined> {
  if (!caseId) return undefined;
  const [row] = await db
    .select({ id: conversations.id, channel: conversations.channel, locale: conversations.locale })
    .from(cases)
    .innerJoin(conversations, eq(conversations.id, cases.conversationId))
    .where(eq(cases.id, caseId))
    .limit(1);
  if (!row) return undefined;
  const stored = await storeOutgoing(db, {
    conversationId: row.id,
    channel: row.channel,
    text: text(row.locale ?? undefined),
  });
  return stored.delivered ? undefined : stored.id;
}

/** After commit: hand the stored replies to the outbound queue. A failed enqueue leaves the
 * row unsent, and the pipeline sweeper enqueues it again. */
export async function sendStoredReplies(
  deps: { jobs: JobEngine; log: Logger },
  ids: (string | undefined)[],
): Promise<void> {
  for (const messageId of ids) {
    if (!messageId) continue;
    try {
      await deps.jobs.enqueue('outbound.send', { messageId });
    } catch (error) {
      deps.log.warn({ err: error, messageId }, 'outbox: reply enqueue failed, sweeper will retry');
    }
  }
}
