import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messages } from '../../db/schema/index.js';
import { handleInboundMessage } from '../../ops/pipeline/handle-message.js';
import { ingestMessage } from '../../ops/pipeline/ingest.js';
import { classify } from '../../ops/triage/classify.js';
import { firstMessageOfNewChat } from '../helpers/buyer-chat.js';
import { usePipelineHarness } from '../helpers/pipeline-harness.js';

/** Ingest classifies each buyer message once and stores the whole result; the triage job
 * decides on that, and classifies only rows stored without one. */
describe('a message classified once, at ingest', () => {
  const _n = 0;

  // No workers: each test runs the triage job itself, on a message ingest stored.
  const h = usePipelineHarness();

  const inbound = (text: string) => firstMessageOfNewChat(text, 'stored');

  async function ingested(text: string): Promise<string> {
    const result = await ingestMessage(h.deps, inbound(text));
    if (result.status !== 'accepted') throw new Error(`not accepted: ${result.status}`);
    return result.messageId;
  }

  it('stores the result the job decides on, for every message of a batched insert', async () => {
    const texts = [
      'what is your refund policy?',
      'I want to talk to a human please, this is urgent, the show is tonight!!',
      'my order',
      'quiero un reembolso de mi pedido',
    ];
    const sent = texts.map(inbound);
    // Arriving together, they share one ingest statement.
    const results = await Promise.all(sent.map((m) => ingestMessage(h.deps, m)));
    const ids = results.map((r) => (r.status === 'accepted' ? r.messageId : ''));
    const rows = await h.db.select().from(messages).where(inArray(messages.id, ids));
    for (const [i, m] of sent.entries()) {
      const row = rows.find((r) => r.id === ids[i])!;
      const { entities: _entities, ...offline } = classify(m.text, { now: m.receivedAt });
      expect(row.triage).toEqual({ v: 1, source: 'offline', ...offline });
      expect(row.intent).toBe(offline.intent);
    }
  });

  it('the job decides on the stored result rather than classifying the text again', async () => {
    const id = await ingested('what is your refund policy?');
    const [row] = await h.db.select().from(messages).where(eq(messages.id, id));
    // Were the text classified again, the refund policy would be answered from knowledge.
    await h.db
      .update(messages)
      .set({ triage: { ...row!.triage!, intent: 'human_agent', confidence: 0.97 } })
      .where(eq(messages.id, id));
    const handled = await handleInboundMessage(h.deps, id);
    expect(handled).toMatchObject({ status: 'handled', note: 'handed over' });
  });

  it('a message stored before ingest kept the result is classified by the job', async () => {
    const id = await ingested('what is your refund policy?');
    await h.db.update(messages).set({ triage: null }).where(eq(messages.id, id));
    const handled = await handleInboundMessage(h.deps, id);
    expect(handled).toMatchObject({ status: 'handled' });
    expect(handled.status === 'handled' && handled.note).toMatch(/^answered from /);
  });
});
