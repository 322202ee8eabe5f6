import type { Channel } from '../../db/schema/index.js';
import type { ChannelHealth } from './contract.js';
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

  /** The health of every registered adapter that reports one (the channel contract's
   * `health()`), by channel: what /healthz shows and the silent-channel alert reads. */
  health(): Partial<Record<Channel, ChannelHealth>> {
    const out: Partial<Record<Channel, ChannelHealth>> = {};
    for (const [channel, sender] of this.senders) {
      const withHealth = sender as ChannelSender & { health?: () => ChannelHealth };
      if (withHealth.health) out[channel] = withHealth.health();
    }
    return out;
  }
}
