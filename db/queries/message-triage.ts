import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client.js';
import { messages, type StoredTriage } from '../schema/index.js';

/** Replaces an inbound message's stored classification (the LLM brain's second opinion), the
 * `intent` and `confidence` columns with it, so staff pages and reports show what the bot
 * acted on. A message already handled keeps what it was handled with. */
export async function recordMessageTriage(
  db: Db,
  messageId: string,
  triage: StoredTriage,
): Promise<void> {
  await db
    .update(messages)
    .set({ intent: triage.intent, confidence: triage.confidence, triage })
    .where(and(eq(messages.id, messageId), isNull(messages.handledAt)));
}
