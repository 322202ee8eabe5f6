import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMetrics, type Metrics } from '../../ops/metrics.js';
import { createLlmClassifier, type LlmConfig } from '../../ops/triage/llm/index.js';
import {
  answer,
  answerIntent,
  completion,
  FakeLlm,
  type LlmBehaviour,
  neverAnswer,
} from '../../testkit/fake-llm.js';
import { metricValue } from '../helpers/metric-value.js';

/** The LLM brain's classifier against a local OpenAI-compatible endpoint: its cache, its rate
 * limit and its metrics. */
let fake: FakeLlm;
let metrics: Metrics;
const classifier = (overrides: Partial<LlmConfig> = {}) =>
  createLlmClassifier(fake.config({ timeoutMs: 500, ...overrides }), metrics);

beforeAll(async () => {
  fake = await FakeLlm.start();
});

afterAll(async () => {
  await fake?.close();
});

beforeEach(() => {
  fake.requests.length = 0;
  metrics = createMetrics();
});

describe('LLM classifier', () => {
  it('answers a text it has seen from its cache, with no second request', async () => {
    fake.behaviour = answerIntent('human_agent', 0.93);
    const llm = classifier();
    const first = await llm.classify('can someone call me about the thing');
    const second = await llm.classify('can someone call me about the thing');
    expect(first).toEqual({ ok: true, data: { intent: 'human_agent', confidence: 0.93 } });
    expect(second).toEqual(first);
    expect(fake.requests).toHaveLength(1);
    expect(await metricValue(metrics.llmCacheHits)).toBe(1);
    expect(await metricValue(metrics.llmCalls, { outcome: 'ok' })).toBe(1);
  });

  it('shares one request between messages with the same text arriving together', async () => {
    fake.behaviour = answerIntent('get_refund', 0.8);
    const llm = classifier();
    const [a, b] = await Promise.all([llm.classify('money back?'), llm.classify('money back?')]);
    expect(a).toEqual({ ok: true, data: { intent: 'get_refund', confidence: 0.8 } });
    expect(b).toEqual(a);
    expect(fake.requests).toHaveLength(1);
  });

  it('does not keep a failure: the next message with that text asks again', async () => {
    const llm = classifier();
    fake.behaviour = answer(500, '{"error":{"message":"overloaded"}}');
    expect(await llm.classify('hmm the thing')).toMatchObject({
      ok: false,
      reason: 'http_status',
      detail: '500',
    });
    fake.behaviour = answerIntent('find_ticket', 0.7);
    expect(await llm.classify('hmm the thing')).toMatchObject({ ok: true });
    expect(fake.requests).toHaveLength(2);
  });

  it('is bounded: past its capacity the least recently used text is asked again', async () => {
    fake.behaviour = answerIntent('out_of_scope', 0.9);
    const llm = classifier({ cacheSize: 1 });
    await llm.classify('first');
    await llm.classify('second');
    await llm.classify('first');
    expect(fake.requests).toHaveLength(3);
  });

  it('past the rate limit gives no turn within the timeout: busy, and no request made', async () => {
    fake.behaviour = answerIntent('human_agent', 0.9);
    const llm = classifier({ requestsPerMinute: 1, timeoutMs: 200 });
    expect(await llm.classify('one')).toMatchObject({ ok: true });
    expect(await llm.classify('two')).toEqual({ ok: false, reason: 'busy' });
    expect(fake.requests).toHaveLength(1);
    expect(await metricValue(metrics.llmRateLimited)).toBe(1);
  });

  it('counts every request by outcome, with its latency', async () => {
    const llm = classifier({ timeoutMs: 300 });
    const outcomes: [LlmBehaviour, string][] = [
      [answerIntent('get_refund', 0.9), 'ok'],
      [neverAnswer, 'timeout'],
      [answer(200, completion('sure, it is a refund')), 'invalid'],
      [answerIntent('refund_everything', 0.99), 'invalid'],
      [answer(502, '<html>bad gateway</html>'), 'error'],
      [(_request, res: ServerResponse) => res.destroy(), 'error'],
    ];
    for (const [i, [behaviour]] of outcomes.entries()) {
      fake.behaviour = behaviour;
      await llm.classify(`text ${i}`);
    }
    expect(await metricValue(metrics.llmCalls, { outcome: 'ok' })).toBe(1);
    expect(await metricValue(metrics.llmCalls, { outcome: 'timeout' })).toBe(1);
    expect(await metricValue(metrics.llmCalls, { outcome: 'invalid' })).toBe(2);
    expect(await metricValue(metrics.llmCalls, { outcome: 'error' })).toBe(2);
    expect(await metricValue(metrics.llmCallSeconds)).toBe(outcomes.length);
    const exposed = await metrics.registry.metrics();
    expect(exposed).toMatch(/^ticketops_llm_calls_total\{outcome="invalid"\} 2$/m);
  });
});
