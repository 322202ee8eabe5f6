import {
  CHANNEL_TRAITS,
  type ChannelAdapter,
  type ChannelHealth,
  type OutboundReply,
  type StaffPost,
  type StaffPostRef,
} from '../../../ops/channels/index.js';

/** The web chat and staff console as a channel adapter: the first implementation of the
 * channel contract. Its replies are delivered by storing them (the buyer's page polls the
 * database), so `send` hands nothing anywhere; its staff side is the console, which lists
 * approvals, incidents and reviews straight from the database, so a staff post needs no
 * message of its own and its buttons are the console's forms. */
export class WebChannel implements ChannelAdapter {
  readonly channel = 'web' as const;
  readonly traits = CHANNEL_TRAITS.web;
  private lastEventAt: Date | null = null;

  /** Called by the chat route for every buyer post, for `health()`. */
  heard(at = new Date()): void {
    this.lastEventAt = at;
  }

  async send(_reply: OutboundReply): Promise<{ externalMessageId: string | null }> {
    // Nothing to hand over: the stored row is what the page shows.
    return { externalMessageId: null };
  }

  health(): ChannelHealth {
    return { connected: true, lastEventAt: this.lastEventAt, detail: 'served by this process' };
  }

  async postToStaff(post: StaffPost): Promise<StaffPostRef> {
    // The console shows the subject from the database; its id is the post.
    return { chatId: 'console', externalPostId: post.subjectId };
  }

  async updateStaffPost(): Promise<void> {
    // The console page reads the decided subject from the database: nothing to rewrite.
  }
}
