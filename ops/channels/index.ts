/** The public face of ops/channels: what other folders may import from it. */
export { ChannelSenders } from './registry.js';
export type { InboundMessage, ReplyButton } from './types.js';
