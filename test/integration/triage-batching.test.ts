import { and, asc, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messages } from '../../db/schema/index.js';
import { PermanentError } from '../../ops/errors.js';
import { handleInboundMessage } from '../../ops/pipeline/handle-message.js';
import { EarlierMessagePending } from '../../ops/pipeline/in-turn.js';
import { ingestMessage } from '../../ops/pipeline/ingest.js';
import { givenPaidOrder } from '../helpers/orders.js';
import { usePipelineHarness } from '../helpers/pipeline-harness.js';

/** Triage jobs running at the same moment share their loads and reply writes (one statement
 * per batch). These run the real job function many times at once, on PostgreSQL, with no
 * worker: what matters is what each message ends up with. */
describe('triage jobs at once on PostgreSQL', () => {
  const h = usePipelineHarness();

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

  it("handles a chat's messages in the order they came, even when their jobs run at once", async () => {
    const { order, customer } = await givenPaidOrder(h.db, { doorsInDays: 30 });
    const chat = `order-${Date.now()}`;
    const script = ['I want a refund for my tickets please', `it's ${order.code}`, customer.email];
    // A backlog: all three stored before any job runs, then the jobs start at once, the
    // last message's first.
    const ids: string[] = [];
    for (const [n, text] of script.entries()) {
      const stored = await ingestMessage(h.deps, {
        channel: 'web',
        externalUserId: chat,
        chatId: chat,
        externalMessageId: `${chat}-${n}`,
        text,
        receivedAt: new Date(),
      });
      if (stored.status === 'accepted') ids.push(stored.messageId);
    }
    const results = await Promise.all(
      [...ids].reverse().map((id) => handleInboundMessage(h.deps, id)),
    );
    expect(results.every((r) => r.status === 'handled')).toBe(true);
    const [first] = await h.db.select().from(messages).where(eq(messages.id, ids[0]!));
    const replies = await h.db
      .select()
      .from(messages)
      .where(
        and(eq(messages.conversationId, first!.conversationId), eq(messages.direction, 'outbound')),
      )
      .orderBy(asc(messages.id));
    // The same answers as when each message is handled before the next arrives.
    const text = replies.map((r) => r.text);
    expect(text[0]).toMatch(/order code/i);
    expect(text[1]).toMatch(/email address/i);
    expect(text.slice(2).join('\n')).toMatch(new RegExp(order.code));
    expect(text.slice(2).join('\n')).toMatch(/approval/i);
  });

  it('waits for an earlier message handled elsewhere, and stops waiting for one stuck a minute', async () => {
    const chat = `stuck-${Date.now()}`;
    const ids: string[] = [];
    for (const n of [1, 2]) {
      const stored = await ingestMessage(h.deps, {
        channel: 'web',
        externalUserId: chat,
        chatId: chat,
        externalMessageId: `${chat}-${n}`,
        text: 'how will I receive my tickets',
        receivedAt: new Date(),
      });
      if (stored.status === 'accepted') ids.push(stored.messageId);
    }
    // Nobody here handles the first: the second's job gives up for now with a retryable error.
    const early = handleInboundMessage(h.deps, ids[1]!);
    await expect(early).rejects.toBeInstanceOf(EarlierMessagePending);
    await expect(early).rejects.not.toBeInstanceOf(PermanentError);
    // A minute on, the first counts as stuck and the second is handled without it.
    const later = new Date(Date.now() + 61_000);
    const result = await handleInboundMessage({ ...h.deps, now: () => later }, ids[1]!);
    expect(result.status).toBe('handled');
    const [first] = await h.db.select().from(messages).where(eq(messages.id, ids[0]!));
    expect(first?.handledAt).toBeNull();
  });
});
