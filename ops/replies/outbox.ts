import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { cases, conversations, messages } from '../../db/schema/index.js';
import type { JobEngine } from '../jobs/index.js';
import type { Logger } from '../logger.js';

/** Stores a reply to the buyer on the conversation of the approval's case, in the caller's
 * transaction, so the reply exists exactly when the decision does. `text` gets the
 * conversation's locale. Returns the message id to send after commit, or undefined when the
 * approval has no case or conversation (created by staff or a bench, nobody to tell). */
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
  const [message] = await db
    .insert(messages)
    .values({
      conversationId: row.id,
      direction: 'outbound',
      channel: row.channel,
      text: text(row.locale ?? undefined),
    })
    .returning({ id: messages.id });
  return message?.id;
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
      deps.log.warn(
        { err: error, messageId },
        'approvals: reply enqueue failed, sweeper will retry',
      );
    }
  }
}
