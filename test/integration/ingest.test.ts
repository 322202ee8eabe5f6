import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelIdentities, conversations, messages } from '../../db/schema/index.js';
import type { InboundMessage } from '../../ops/channels/types.js';
import { ingestMessage } from '../../ops/pipeline/ingest.js';
import { type PipelineHarness, startPipelineHarness } from '../helpers/pipeline-harness.js';

describe('ingest on PostgreSQL', () => {
  let h: PipelineHarness;

  // No workers: these tests look at what ingest stores, not at the replies.
  beforeAll(async () => {
    h = await startPipelineHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  const message = (user: string, n: number, displayName?: string): InboundMessage => ({
    channel: 'telegram',
    externalUserId: user,
    displayName,
    chatId: `chat-${user}`,
    externalMessageId: `${user}:${n}`,
    text: `message ${n}`,
    receivedAt: new Date(),
  });

  it('twenty first messages of a new buyer at once: one identity, one conversation, twenty messages', async () => {
    const user = `racer-${Date.now()}`;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) => ingestMessage(h.deps, message(user, n))),
    );
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
    const identities = await h.db
      .select()
      .from(channelIdentities)
      .where(eq(channelIdentities.externalUserId, user));
    expect(identities).toHaveLength(1);
    const chats = await h.db
      .select()
      .from(conversations)
      .where(eq(conversations.chatId, `chat-${user}`));
    expect(chats).toHaveLength(1);
    const stored = await h.db
      .select()
      .from(messages)
      .where(eq(messages.conversationId, chats[0]!.id));
    expect(stored).toHaveLength(20);
  });

  it('keeps the display name when a message has none and takes a new one when it changes', async () => {
    const user = `named-${Date.now()}`;
    const nameOf = async () =>
      (
        await h.db
          .select({ name: channelIdentities.displayName })
          .from(channelIdentities)
          .where(eq(channelIdentities.externalUserId, user))
      )[0]?.name;
    await ingestMessage(h.deps, message(user, 1, 'Ana'));
    expect(await nameOf()).toBe('Ana');
    await ingestMessage(h.deps, message(user, 2));
    expect(await nameOf()).toBe('Ana');
    await ingestMessage(h.deps, message(user, 3, 'Ana Lima'));
    expect(await nameOf()).toBe('Ana Lima');
  });
});
