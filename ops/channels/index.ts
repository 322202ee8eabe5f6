/** The public face of ops/channels: the channel contract (contract.ts) that adapters
 * implement and the core talks through, its errors, and the registry of senders. */

export { ChannelRateLimited, ChannelRecipientGone, ChannelUnreachable } from './channel-errors.js';
export {
  CHANNEL_TRAITS,
  type ChannelAdapter,
  type ChannelHealth,
  type ChannelTraits,
  deliveredOnStore,
  type StaffAction,
  type StaffActionAnswer,
  type StaffCommand,
  type StaffPost,
  type StaffPostKind,
  type StaffPostRef,
} from './contract.js';
export { ChannelSenders } from './registry.js';
export { splitText } from './split-text.js';
export type { ChannelSender, InboundMessage, OutboundReply, ReplyButton } from './types.js';
