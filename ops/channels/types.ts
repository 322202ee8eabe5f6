import type { Channel } from '../../db/schema/index.js';

/** What every channel adapter produces from a platform event (docs/architecture.md, ingest).
 * `externalMessageId` must be unique per channel: adapters whose platform numbers messages
 * per chat (Telegram) prefix the chat id. */
export type InboundMessage = {
  channel: Channel;
  externalUserId: string;
  displayName?: string;
  chatId: string;
  externalMessageId: string;
  text: string;
  attachments?: { kind: string; name?: string; size?: number; mimeType?: string }[];
  locale?: string;
  receivedAt: Date;
};

/** A button a buyer or staff member can press; `id` comes back as the pressed value. */
export type ReplyButton = { id: string; label: string };

/** A reply ready to leave through the adapter of the channel the conversation is on. Text is
 * plain; adapters adapt formatting and length limits, never content. */
export type OutboundReply = {
  channel: Channel;
  chatId: string;
  text: string;
  buttons?: ReplyButton[];
  /** our message id, so a retried send can be recognised */
  messageId: string;
};

/** The sending half of an adapter. Returns the platform's id for the sent message. */
export interface ChannelSender {
  readonly channel: Channel;
  send(reply: OutboundReply): Promise<{ externalMessageId: string | null }>;
}
