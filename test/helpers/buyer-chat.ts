import { and, eq, gt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { messages } from '../../db/schema/index.js';
import type { InboundMessage } from '../../ops/channels/types.js';
import { ingestMessage } from '../../ops/pipeline/ingest.js';
import type { PipelineHarness } from './pipeline-harness.js';

/** One buyer's Telegram chat into the real pipeline: `say` ingests a message as the adapter
 * would (a fresh external message id each time); what the bot answers is read from the
 * recording sender the harness registered. */
export function buyerChat(
  h: PipelineHarness,
  chatId = `chat-${Math.random().toString(36).slice(2, 10)}`,
) {
  let n = 0;
  const say = async (text: string) => {
    const message: InboundMessage = {
      channel: 'telegram',
      externalUserId: `user-${chatId}`,
      chatId,
      externalMessageId: `${chatId}:${++n}`,
      text,
      receivedAt: new Date(),
    };
    await ingestMessage(h.deps, message);
  };
  return { chatId, say };
}

let chats = 0;

/** The first Telegram message of a chat nobody used yet, as the adapter would hand it over. */
export function firstMessageOfNewChat(text: string, prefix = 'chat'): InboundMessage {
  const chatId = `${prefix}-${Date.now()}-${++chats}`;
  return {
    channel: 'telegram',
    externalUserId: `user-${chatId}`,
    chatId,
    externalMessageId: `${chatId}:1`,
    text,
    receivedAt: new Date(),
  };
}

/** The outbound messages of a conversation (written after `after`, when given). */
export const outboundMessages = (db: Db, conversationId: string, after?: Date) =>
  db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        eq(messages.direction, 'outbound'),
        after ? gt(messages.createdAt, after) : undefined,
      ),
    );
