import { eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { channelIdentities, conversations, messages } from '../../db/schema/index.js';
import type { InboundMessage } from '../../ops/channels/types.js';
import { ingestMessage } from '../../ops/pipeline/ingest.js';
import { usePipelineHarness } from '../helpers/pipeline-harness.js';

describe('ingest on PostgreSQL', () => {
  // No workers: these tests look at what ingest stores, not at the replies.
  const h = usePipelineHarness();

  const message = (user: string, n: number, displayName?: string): InboundMessage => ({
    channel: 'telegram',
    externalUserId: user,
    displayName,
    chatId: `chat-${user}`,
    externalMessageId: `${user}:${n}`,
    text: `message ${n}`,
    receivedAt: new Date(),
  });

  it('twenty first messages of a new buyer at once from two processes: one identity, one conversation, twenty messages', async () => {
    // Two pools stand for two bot processes: within one process a chat's messages never share
    // a batch, so only another process can race the first message of a chat.
    const other = await openDatabase({ url: h.databaseUrl, dataDir: '' });
    try {
      const user = `racer-${Date.now()}`;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          ingestMessage(n % 2 ? h.deps : { ...h.deps, db: other.db }, message(user, n)),
        ),
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
    } finally {
      await other.close();
    }
  });

  it('a burst from sixty buyers with redeliveries among it stores each message once', async () => {
    const run = `burst-${Date.now()}`;
    const users = Array.from({ length: 60 }, (_, n) => `${run}-${n}`);
    const burst = [
      ...users.map((user) => message(user, 1)),
      // Redeliveries of the first twenty, arriving in the same burst.
      ...users.slice(0, 20).map((user) => message(user, 1)),
    ];
    const results = await Promise.all(burst.map((m) => ingestMessage(h.deps, m)));
    expect(results.filter((r) => r.status === 'accepted')).toHaveLength(60);
    expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(20);
    const stored = await h.db
      .select({ external: messages.externalMessageId, conversation: messages.conversationId })
      .from(messages)
      .where(like(messages.externalMessageId, `${run}-%`));
    expect(stored).toHaveLength(60);
    // Each buyer's message sits in that buyer's own conversation.
    const chats = await h.db
      .select({ id: conversations.id, chat: conversations.chatId })
      .from(conversations)
      .where(like(conversations.chatId, `chat-${run}-%`));
    expect(chats).toHaveLength(60);
    const chatOf = new Map(chats.map((c) => [c.id, c.chat]));
    for (const row of stored) {
      expect(chatOf.get(row.conversation)).toBe(`chat-${row.external?.split(':')[0]}`);
    }
  });

  it('stores a display name carrying NUL with a replacement character and refuses NUL in ids', async () => {
    const user = `nul-${Date.now()}`;
    await ingestMessage(h.deps, message(user, 1, 'Ana\u0000Lima'));
    const [identity] = await h.db
      .select({ name: channelIdentities.displayName })
      .from(channelIdentities)
      .where(eq(channelIdentities.externalUserId, user));
    expect(identity?.name).toBe('Ana\uFFFDLima');
    await expect(
      ingestMessage(h.deps, { ...message(user, 2), externalMessageId: 'a\u0000b' }),
    ).rejects.toThrow(/externalMessageId: must not contain NUL/);
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
