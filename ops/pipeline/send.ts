import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { findConversation, findMessage } from '../../db/queries/conversations.js';
import { messages } from '../../db/schema/index.js';
import { type ChannelSenders, deliveredOnStore } from '../channels/index.js';
import { PermanentError } from '../errors.js';

export type SendResult = {
  status: 'sent' | 'stored_for_console' | 'already_sent' | 'unknown_message';
};

/** The outbound job: hand one stored reply to its channel's adapter. A failure the adapter
 * marks as retryable is retried by the engine; the row stays unsent until it goes. */
export async function sendReply(
  deps: { db: Db; senders: ChannelSenders },
  messageId: string,
): Promise<SendResult> {
  const message = await findMessage(deps.db, messageId);
  if (message?.direction !== 'outbound') return { status: 'unknown_message' };
  if (message.handledAt) return { status: 'already_sent' };
  const conversation = await findConversation(deps.db, message.conversationId);
  if (!conversation) return { status: 'unknown_message' };
  const markSent = (externalMessageId: string | null) =>
    deps.db
      .update(messages)
      .set({ handledAt: new Date(), externalMessageId })
      .where(eq(messages.id, messageId));
  // A channel delivered by storing has nothing to hand over: a reply stored before the
  // outbox stamped such replies at insert is marked delivered here.
  if (deliveredOnStore(conversation.channel)) {
    await markSent(null);
    return { status: 'stored_for_console' };
  }
  const sender = deps.senders.get(conversation.channel);
  if (!sender) {
    throw new PermanentError(`outbound: no ${conversation.channel} adapter in this process`, {
      messageId,
    });
  }
  const sent = await sender.send({
    channel: conversation.channel,
    chatId: conversation.chatId,
    text: message.text,
    buttons: message.buttons ?? undefined,
    messageId,
  });
  await markSent(sent.externalMessageId);
  return { status: 'sent' };
}
