import type { Channel } from '../../db/schema/index.js';
import type { ChannelSender } from './types.js';

/** The senders this process holds. The web console reads replies from the database, so it
 * needs no sender: its replies count as delivered when stored. */
export class ChannelSenders {
  private readonly senders = new Map<Channel, ChannelSender>();

  register(sender: ChannelSender): void {
    this.senders.set(sender.channel, sender);
  }

  get(channel: Channel): ChannelSender | undefined {
    return this.senders.get(channel);
  }
}
