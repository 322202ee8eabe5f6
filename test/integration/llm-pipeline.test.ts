import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cases, conversations, messages } from '../../db/schema/index.js';
import { createMetrics } from '../../ops/metrics.js';
import { ingestMessage } from '../../ops/pipeline/ingest.js';
import { classify } from '../../ops/triage/classify.js';
import { createLlmClassifier } from '../../ops/triage/llm/index.js';
import {
  answer,
  answerIntent,
  completion,
  FakeLlm,
  type LlmBehaviour,
  neverAnswer,
} from '../../testkit/fake-llm.js';
import { firstMessageOfNewChat, outboundMessages } from '../helpers/buyer-chat.js';
import { recordingSender } from '../helpers/deps.js';
import { metricValue } from '../helpers/metric-value.js';
import { type PipelineHarness, startPipelineHarness } from '../helpers/pipeline-harness.js';
import { waitFor } from '../helpers/wait.js';

/** The LLM brain through the real pipeline (ingest -> triage job on BullMQ -> decide ->
 * replies), against a local OpenAI-compatible endpoint. A second pipeline without the LLM
 * says what the offline brain alone answers. */
describe('the LLM brain in the buyer pipeline (PostgreSQL + BullMQ)', () => {
  let fake: FakeLlm;
  const metrics = createMetrics();
  let withLlm: PipelineHarness;
  let offlineOnly: PipelineHarness;
  const _counter = 0;

  beforeAll(async () => {
    fake = await FakeLlm.start();
    const llm = createLlmClassifier(fake.config({ timeoutMs: 1_000 }), metrics);
    const queues = ['triage', 'outbound', 'system'] as const;
    [withLlm, offlineOnly] = await Promise.all([
      startPipelineHarness({ llm, queues, senders: [recordingSender('telegram').sender] }),
      startPipelineHarness({ queues, senders: [recordingSender('telegram').sender] }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([withLlm?.close(), offlineOnly?.close()]);
    await fake?.close();
  });

  beforeEach(() => {
    fake.requests.length = 0;
  });

  const inbound = (text: string) => firstMessageOfNewChat(text, 'llm');

  /** A new buyer sends `text`; resolves once the message is handled and its replies sent,
   * with what the bot said and what it stored. */
  async function say(h: PipelineHarness, text: string) {
    const result = await ingestMessage(h.deps, inbound(text));
    if (result.status !== 'accepted') throw new Error(`not accepted: ${result.status}`);
    const message = await waitFor(
      'the message to be handled',
      async () => {
        const [row] = await h.db.select().from(messages).where(eq(messages.id, result.messageId));
        return row?.handledAt ? row : undefined;
      },
      20_000,
    );
    const replies = await waitFor('the replies to be sent', async () => {
      const rows = await outboundMessages(h.db, result.conversationId, message.createdAt);
      return rows.length > 0 && rows.every((r) => r.handledAt) ? rows : undefined;
    });
    const [conversation] = await h.db
      .select()
      .from(conversations)
      .where(eq(conversations.id, result.conversationId));
    const opened = await h.db
      .select()
      .from(cases)
      .where(eq(cases.conversationId, result.conversationId));
    return {
      message,
      conversation: conversation!,
      cases: opened,
      said: replies.map((r) => ({ text: r.text, buttons: r.buttons })),
    };
  }

  const calls = (outcome: string) => metricValue(metrics.llmCalls, { outcome });

  it('a message the offline brain is unsure of goes to the LLM, and its answer drives the pipeline', async () => {
    const text = 'hmm so about the thing from last week';
    const offline = await say(offlineOnly, text);
    expect(offline.message.confidence).toBeLessThan(0.55);
    expect(offline.conversation.awaiting).toMatchObject({ kind: 'choice' });

    fake.behaviour = answerIntent('human_agent', 0.95);
    const ok = await calls('ok');
    const heard = await say(withLlm, text);
    expect(fake.requests).toHaveLength(1);
    expect(heard.cases).toEqual([
      expect.objectContaining({ intent: 'human_agent', status: 'pending_staff' }),
    ]);
    expect(heard.conversation.status).toBe('handed_over');
    expect(heard.said).not.toEqual(offline.said);
    // What the bot acted on is what staff see on the message.
    expect(heard.message).toMatchObject({
      intent: 'human_agent',
      triage: { source: 'llm', intent: 'human_agent', confidence: 0.95 },
    });
    expect(await calls('ok')).toBe(ok + 1);
  });

  it('a message in a language the offline brain was not trained on goes to the LLM, however sure the offline brain is', async () => {
    const text = 'quiero un reembolso de mi pedido';
    const offline = await say(offlineOnly, text);
    expect(offline.message.triage).toMatchObject({ language: 'es', intent: 'out_of_scope' });
    expect(offline.message.confidence).toBeGreaterThan(0.55);

    fake.behaviour = answerIntent('get_refund', 0.9);
    const heard = await say(withLlm, text);
    expect(fake.requests).toHaveLength(1);
    expect(heard.message.intent).toBe('get_refund');
    expect(heard.said.map((s) => s.text).join(' ')).toMatch(/order code/i);
    expect(heard.conversation.awaiting).toMatchObject({ kind: 'verification' });
  });

  const failures: [string, LlmBehaviour, string][] = [
    ['times out', neverAnswer, 'timeout'],
    ['answers HTTP 500', answer(500, '{"error":{"message":"internal error"}}'), 'error'],
    ['answers junk', answer(200, 'upstream connect error'), 'invalid'],
    ['answers JSON that is not JSON', answer(200, completion('it is human_agent, 95%')), 'invalid'],
    ['proposes an intent outside the list', answerIntent('refund_and_upgrade', 0.99), 'invalid'],
  ];
  it.each(failures)(
    'when the LLM %s the buyer gets the offline answer',
    async (_name, behaviour, outcome) => {
      const text = 'about that';
      const offline = await say(offlineOnly, text);
      fake.behaviour = behaviour;
      const before = await calls(outcome);
      const heard = await say(withLlm, text);
      // Asked (a failure is not cached), and then ignored.
      expect(fake.requests).toHaveLength(1);
      expect(heard.said).toEqual(offline.said);
      expect(heard.cases).toEqual(offline.cases);
      expect(heard.message).toMatchObject({
        intent: offline.message.intent,
        triage: { ...offline.message.triage, source: 'offline' },
      });
      expect(await calls(outcome)).toBe(before + 1);
    },
  );

  it('the same text from another buyer is answered from the cache, with no second request', async () => {
    fake.behaviour = answerIntent('human_agent', 0.9);
    const text = 'the thing';
    const hits = await metricValue(metrics.llmCacheHits);
    const first = await say(withLlm, text);
    const second = await say(withLlm, text);
    expect(fake.requests).toHaveLength(1);
    expect([first.conversation.status, second.conversation.status]).toEqual([
      'handed_over',
      'handed_over',
    ]);
    expect(second.message.triage).toMatchObject({ source: 'llm', intent: 'human_agent' });
    expect(await metricValue(metrics.llmCacheHits)).toBe(hits + 1);
  });

  it('a message the offline brain is sure of never reaches the LLM', async () => {
    fake.behaviour = answerIntent('human_agent', 0.99);
    const text = 'what is your refund policy?';
    expect(classify(text).confidence).toBeGreaterThanOrEqual(0.55);
    const heard = await say(withLlm, text);
    expect(fake.requests).toHaveLength(0);
    expect(heard.message.triage).toMatchObject({
      source: 'offline',
      intent: 'check_refund_policy',
    });
    expect(heard.said.map((s) => s.text).join(' ')).toMatch(/Source: Refund policy/);
  });

  it('counts what it did in the metrics /metrics serves', async () => {
    const exposed = await metrics.registry.metrics();
    for (const outcome of ['ok', 'timeout', 'invalid', 'error']) {
      expect(exposed).toMatch(
        new RegExp(`^ticketops_llm_calls_total\\{outcome="${outcome}"\\} [1-9]`, 'm'),
      );
    }
    expect(exposed).toMatch(/^ticketops_llm_cache_hits_total [1-9]/m);
    expect(exposed).toMatch(/^ticketops_llm_call_duration_seconds_count\{outcome="ok"\} [1-9]/m);
  });
});
