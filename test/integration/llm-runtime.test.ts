import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootProcess } from '../../bot/process.js';
import { cases } from '../../db/schema/index.js';
import { ValidationError } from '../../ops/errors.js';
import { answerIntent, FakeLlm } from '../../testkit/fake-llm.js';
import { dropPrefix, requireRedis, uniquePrefix } from '../../testkit/scratch-redis.js';
import { createTestDatabase } from '../../testkit/test-database.js';
import { waitFor } from '../helpers/wait.js';

/** `ticketops start` with LLM_BASE_URL set: the env reaches the triage job, and /metrics
 * serves what the LLM brain counted. */
describe('the LLM brain wired from the environment', () => {
  let fake: FakeLlm;
  let redisUrl: string;
  const prefix = uniquePrefix();
  let database: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    fake = await FakeLlm.start();
    redisUrl = await requireRedis();
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await fake?.close();
    await dropPrefix(redisUrl, prefix);
    await database?.drop();
  });

  const env = () => ({
    LOG_LEVEL: 'silent',
    PORT: '0',
    TICKETOPS_CONFIG: '',
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    LLM_BASE_URL: fake.baseUrl,
    LLM_API_KEY: 'test-key',
    LLM_MODEL: 'fake-model',
  });

  it('ticketops start asks the configured endpoint about an unsure web chat message', async () => {
    fake.behaviour = answerIntent('human_agent', 0.92);
    const running = await bootProcess('start', { env: env() });
    try {
      const chatPage = await fetch(`${running.url}/chat`);
      const cookie = (chatPage.headers.get('set-cookie') ?? '').split(';')[0]!;
      const posted = await fetch(`${running.url}/api/chat/messages`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({
          text: 'hmm so about the thing from last week',
          clientMessageId: crypto.randomUUID(),
        }),
      });
      expect(posted.status, await posted.clone().text()).toBe(202);
      const { conversationId } = (await posted.json()) as { conversationId: string };
      const opened = await waitFor(
        'the case the LLM answer leads to',
        async () => {
          const [row] = await running.runtime.database.db
            .select()
            .from(cases)
            .where(eq(cases.conversationId, conversationId));
          return row;
        },
        20_000,
      );
      expect(opened.intent).toBe('human_agent');
      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0]!.headers.authorization).toBe('Bearer test-key');
      const exposed = await (await fetch(`${running.url}/metrics`)).text();
      expect(exposed).toMatch(/^ticketops_llm_calls_total\{outcome="ok"\} 1$/m);
    } finally {
      await running.stop();
    }
  });

  it('refuses to start with a base URL and no model, naming the variable', async () => {
    const { LLM_MODEL: _model, ...withoutModel } = env();
    await expect(bootProcess('start', { env: withoutModel })).rejects.toThrow(ValidationError);
    await expect(bootProcess('start', { env: withoutModel })).rejects.toThrow(/^LLM_MODEL: /);
  });
});
