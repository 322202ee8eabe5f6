import {
  type Conversation,
  loadForTriage,
  type TriageLoad,
} from '../../db/queries/conversations.js';
import { TicketopsError } from '../errors.js';
import type { PipelineDeps } from './context.js';

/** What a triage job ends with when it did not get to handle its message. */
export type Skipped = { status: 'skipped'; reason: 'unknown_message' | 'already_handled' };

/** Jobs of this process holding a conversation, by conversation id. */
const holders = new Map<string, Promise<void>>();
/** Short waits for an earlier message still being loaded here, or handled in another worker. */
const WAIT_MS = [10, 20, 40, 80, 160];
/** An earlier message unhandled for this long is stuck (failed, or waiting out a retry):
 * the later ones no longer wait for it. */
const STUCK_AFTER_MS = 60_000;

export class EarlierMessagePending extends TicketopsError {}

/** Loads the message and runs `handle` once no earlier message of its conversation is left
 * unhandled: it waits for the job of this process that holds the conversation, then loads
 * again. When the earlier message is handled elsewhere it waits a little, then throws a
 * retryable error so the job engine tries again later. */
export async function inTurn<R>(
  deps: PipelineDeps,
  messageId: string,
  handle: (loaded: TriageLoad, conversation: Conversation) => Promise<R>,
): Promise<R | Skipped> {
  for (let sleeps = 0; ; ) {
    const loaded = await loadForTriage(deps.db, messageId);
    const message = loaded?.message;
    if (!loaded || message?.direction !== 'inbound' || !loaded.conversation) {
      return { status: 'skipped', reason: 'unknown_message' };
    }
    if (message.handledAt) return { status: 'skipped', reason: 'already_handled' };
    const { conversation } = loaded;
    const conversationId = conversation.id;
    const ahead = holders.get(conversationId);
    if (ahead) {
      await ahead;
      continue;
    }
    const age = (deps.now?.() ?? new Date()).getTime() - message.createdAt.getTime();
    if (loaded.earlierUnhandled && age < STUCK_AFTER_MS) {
      const wait = WAIT_MS[sleeps++];
      if (wait === undefined) {
        throw new EarlierMessagePending(
          'an earlier message of this conversation is not handled yet',
          {
            messageId,
            conversationId,
          },
        );
      }
      await new Promise((r) => setTimeout(r, wait));
      continue;
    }
    // No await between the look-up above and this: the hold is taken atomically.
    let release = () => {};
    const hold = new Promise<void>((r) => {
      release = r;
    });
    holders.set(conversationId, hold);
    try {
      return await handle(loaded, conversation);
    } finally {
      holders.delete(conversationId);
      release();
    }
  }
}
