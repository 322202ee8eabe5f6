import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../db/schema/index.js';
import { handleInboundMessage } from '../../ops/pipeline/handle-message.js';
import { ingestMessage } from '../../ops/pipeline/ingest.js';
import { type PipelineHarness, startPipelineHarness } from '../helpers/pipeline-harness.js';

/** Triage jobs running at the same moment share their loads and reply writes (one statement
 * per batch). These run the real job function many times at once, on PostgreSQL, with no
 * worker: what matters is what each message ends up with. */
describe('triage jobs at once on PostgreSQL', () => {
  let h: PipelineHarness;

  beforeAll(async () => {
    h = await startPipelineHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('forty buyers asking at once each get one reply, and a second run of every job writes nothing', async () => {
    const run = `batch-${Date.now()}`;
    const accepted = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        ingestMessage(h.deps, {
          // Half web (delivered by storing), half Telegram (queued for the outbound job).
          channel: n % 2 ? 'web' : 'telegram',
          externalUserId: `${run}-${n}`,
          chatId: `${run}-${n}`,
          externalMessageId: `${run}-${n}`,
          text: 'what is your refund policy?',
          receivedAt: new Date(),
        }),
      ),
    );
    const ids = accepted.map((a) => (a.status === 'accepted' ? a.messageId : ''));
    // Every job twice, all at once: a redelivered job racing the first run.
    const results = await Promise.all(
      [...ids, ...ids].map((id) => handleInboundMessage(h.deps, id)),
    );
    const handled = results.filter((r) => r.status === 'handled');
    expect(handled).toHaveLength(40);
    expect(
      results.filter((r) => r.status === 'skipped' && r.reason === 'already_handled'),
    ).toHaveLength(40);

    const inbound = await h.db.select().from(messages).where(inArray(messages.id, ids));
    expect(inbound.every((m) => m.handledAt !== null)).toBe(true);
    const conversationIds = inbound.map((m) => m.conversationId);
    const replies = await h.db
      .select()
      .from(messages)
      .where(
        and(inArray(messages.conversationId, conversationIds), eq(messages.direction, 'outbound')),
      );
    expect(replies).toHaveLength(40);
    expect(new Set(replies.map((r) => r.conversationId)).size).toBe(40);
    expect(replies.every((r) => /refund/i.test(r.text))).toBe(true);
    // Web replies are delivered by storing; Telegram ones wait for their outbound job, whose
    // ids the handled jobs returned.
    const queued = new Set(
      handled.flatMap((r) => (r.status === 'handled' ? r.applied.replyIds : [])),
    );
    for (const reply of replies) {
      if (reply.channel === 'web') expect(reply.handledAt).not.toBeNull();
      else {
        expect(reply.handledAt).toBeNull();
        expect(queued.has(reply.id)).toBe(true);
      }
    }
    expect(queued.size).toBe(20);
  });
});
