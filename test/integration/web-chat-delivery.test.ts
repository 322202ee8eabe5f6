import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { chatMessages } from '../../db/queries/chat.js';
import { messages } from '../../db/schema/index.js';
import { handleInboundMessage } from '../../ops/pipeline/handle-message.js';
import { ingestMessage } from '../../ops/pipeline/ingest.js';
import { outboundMessages } from '../helpers/buyer-chat.js';
import { handlerDeps } from '../helpers/deps.js';
import { type PipelineHarness, startPipelineHarness } from '../helpers/pipeline-harness.js';
import { waitFor } from '../helpers/wait.js';

describe('web chat replies (PostgreSQL + BullMQ)', () => {
  let h: PipelineHarness;

  beforeAll(async () => {
    // No outbound worker: a web reply must reach the buyer's page without one.
    h = await startPipelineHarness({ queues: ['triage'] });
  });

  afterAll(async () => {
    await h?.close();
  });

  async function ask(session: string, text: string) {
    const result = await ingestMessage(h.deps, {
      channel: 'web',
      externalUserId: session,
      chatId: session,
      externalMessageId: `${session}:1`,
      text,
      receivedAt: new Date(),
    });
    if (result.status !== 'accepted') throw new Error('message not accepted');
    return result;
  }

  it('stores the reply delivered in the commit that handles the message', async () => {
    const session = `web-${Date.now()}`;
    const { conversationId, messageId } = await ask(session, 'what is your refund policy?');
    const reply = await waitFor('the reply', async () => {
      const [row] = await h.db
        .select()
        .from(messages)
        .where(
          and(eq(messages.conversationId, conversationId), eq(messages.direction, 'outbound')),
        );
      return row;
    });
    const [inbound] = await h.db.select().from(messages).where(eq(messages.id, messageId));
    expect(reply.handledAt).not.toBeNull();
    expect(reply.handledAt!.getTime()).toBeGreaterThanOrEqual(inbound!.handledAt!.getTime());
    const page = await chatMessages(h.db, session, undefined);
    expect(page.map((m) => m.direction)).toEqual(['inbound', 'outbound']);
  });

  it('one connection handles a web reply, then a platform reply queued for sending', async () => {
    // The reply statement is prepared per connection under one name per SQL shape: a web
    // reply (delivered on store) and a Telegram one (queued) differ and must not share a
    // name. One pooled connection and jobs that nobody consumes make the order certain.
    const single = await openDatabase({ url: h.databaseUrl, dataDir: '', poolSize: 1 });
    try {
      const deps = handlerDeps(single);
      const handle = async (channel: 'web' | 'telegram', id: string) => {
        const stored = await ingestMessage(deps, {
          channel,
          externalUserId: id,
          chatId: id,
          externalMessageId: id,
          text: 'what is your refund policy?',
          receivedAt: new Date(),
        });
        if (stored.status !== 'accepted') throw new Error('message not accepted');
        await handleInboundMessage(deps, stored.messageId);
        const [reply] = await outboundMessages(single.db, stored.conversationId);
        return reply!;
      };
      const stamp = Date.now();
      expect((await handle('web', `one-web-${stamp}`)).handledAt).not.toBeNull();
      // No outbound worker: the Telegram reply waits for its send.
      expect((await handle('telegram', `one-tg-${stamp}`)).handledAt).toBeNull();
      expect((await handle('web', `one-web2-${stamp}`)).handledAt).not.toBeNull();
    } finally {
      await single.close();
    }
  });

  it('a poll returns a reply that committed after the cursor with an earlier visible time', async () => {
    const session = `web-late-${Date.now()}`;
    const { conversationId } = await ask(session, 'when do the tickets arrive?');
    await waitFor('the reply', async () => {
      const page = await chatMessages(h.db, session, undefined);
      return page.length === 2 ? page : undefined;
    });
    // A poll has moved the cursor to now; then a transaction that stamped its reply 3 s
    // earlier commits (a slow staff reply, a busy worker).
    const cursor = new Date();
    const [late] = await h.db
      .insert(messages)
      .values({
        conversationId,
        direction: 'outbound',
        channel: 'web',
        text: 'a reply stamped before the cursor',
        createdAt: new Date(cursor.getTime() - 3_000),
        handledAt: new Date(cursor.getTime() - 3_000),
      })
      .returning({ id: messages.id });
    const next = await chatMessages(h.db, session, cursor);
    expect(next.map((m) => m.id)).toContain(late!.id);
  });
});
