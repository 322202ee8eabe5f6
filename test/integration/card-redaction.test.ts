import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../bot/http/server.js';
import { rowsOf } from '../../db/bulk-insert.js';
import { cases, conversations, messages } from '../../db/schema/index.js';
import { createJobHandlers } from '../../ops/app/job-handlers.js';
import { createRuntime, type Runtime } from '../../ops/app/runtime.js';
import { QUEUE_NAMES } from '../../ops/jobs/define.js';
import { createLogger } from '../../ops/logger.js';
import { createMetrics } from '../../ops/metrics.js';
import { ingestMessage } from '../../ops/pipeline/ingest.js';
import { setStaffPassword } from '../../ops/staff/index.js';
import { dropPrefix, requireRedis, uniquePrefix } from '../../testkit/scratch-redis.js';
import { createTestDatabase } from '../../testkit/test-database.js';
import { leakedCardDigits } from '../helpers/card-digits.js';
import { cardInText, REVIEW_CARD_TEXTS } from '../helpers/card-texts.js';
import { waitFor } from '../helpers/wait.js';

const TOKEN = 'card-redaction-console-token';

describe('card numbers through the real ingest, pipeline, staff console and logs (PostgreSQL + Redis)', () => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let redisUrl: string;
  let dropDb: () => Promise<void>;
  const prefix = uniquePrefix();
  const dir = mkdtempSync(join(tmpdir(), 'tops-cards-'));
  const logLines: string[] = [];
  let staffCookie = '';

  beforeAll(async () => {
    redisUrl = await requireRedis();
    const testDb = await createTestDatabase();
    dropDb = testDb.drop;
    const policyPath = join(dir, 'ticketops.yaml');
    writeFileSync(
      policyPath,
      `staff:\n  console_token: ${TOKEN}\n  members:\n    - { id: mia, name: Mia Box Office, roles: [agent] }\n`,
    );
    // Everything at debug, into memory: what the process would have written.
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    runtime = await createRuntime(
      {
        DATABASE_URL: testDb.url,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        TICKETOPS_CONFIG: policyPath,
        DATA_DIR: dir,
      },
      { log: createLogger('debug', sink) },
    );
    await runtime.database.migrate();
    await runtime.jobs.work(createJobHandlers(runtime.handlerDeps()), QUEUE_NAMES);
    app = await createHttpServer(runtime, createMetrics());
    const password = 'mia answers buyers at the box office';
    await setStaffPassword(
      { db: runtime.database.db, policy: runtime.policy },
      { staffId: 'mia', password, mode: 'add', actor: 'test' },
    );
    const signIn = await app.inject({
      method: 'POST',
      url: '/staff/login',
      payload: new URLSearchParams({ staffId: 'mia', password, next: '/staff' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(signIn.statusCode).toBe(303);
    staffCookie = cookieOf(signIn.headers['set-cookie']);
  });

  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    await dropPrefix(redisUrl, prefix).catch(() => {});
    await dropDb?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const cookieOf = (header: string | string[] | undefined): string =>
    ([header ?? []].flat()[0] ?? '').split(';')[0]!;

  /** A buyer opens the web chat and sends `text`; returns what the buyer, staff and the
   * database then hold for that chat, once the pipeline opened its case. */
  async function buyerSends(text: string) {
    const chatPage = await app.inject({ method: 'GET', url: '/chat' });
    const chatCookie = cookieOf(chatPage.headers['set-cookie']);
    const posted = await app.inject({
      method: 'POST',
      url: '/api/chat/messages',
      headers: { cookie: chatCookie },
      payload: { text, clientMessageId: crypto.randomUUID() },
    });
    expect(posted.statusCode, posted.body).toBe(202);
    const { conversationId } = posted.json() as { conversationId: string };
    const opened = await waitFor('the case to open', async () => {
      const [row] = await runtime.database.db
        .select()
        .from(cases)
        .where(eq(cases.conversationId, conversationId));
      return row;
    });
    const [stored] = await runtime.database.db
      .select()
      .from(messages)
      .where(eq(messages.conversationId, conversationId))
      .orderBy(messages.createdAt)
      .limit(1);
    const staff = (url: string) =>
      app.inject({ method: 'GET', url, headers: { cookie: staffCookie } });
    const casePage = await staff(`/staff/cases/${opened.number}`);
    expect(casePage.statusCode).toBe(200);
    const transcript = await app.inject({
      method: 'GET',
      url: '/api/chat/messages',
      headers: { cookie: chatCookie },
    });
    return {
      stored: stored!,
      summary: String(opened.fields.summary),
      shown: {
        casePage: casePage.body,
        queues: (await staff('/staff')).body,
        staffApi: (await staff('/api/staff/cases')).body,
        transcript: transcript.body,
      },
    };
  }

  /** Every row of every table, as JSON: whatever the pipeline stored anywhere. */
  async function everythingStored(): Promise<string> {
    const db = runtime.database.db;
    const tables = rowsOf<{ name: string }>(
      await db.execute(
        sql`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
      ),
    );
    expect(tables.map((t) => t.name)).toContain('messages');
    let all = '';
    for (const { name } of tables) {
      const [dump] = rowsOf<{ rows: string | null }>(
        await db.execute(sql`select json_agg(t)::text as rows from ${sql.identifier(name)} t`),
      );
      all += dump?.rows ?? '';
    }
    return all;
  }

  /** Every value BullMQ keeps in Redis for this run (job data, results, errors). */
  async function everythingQueued(): Promise<string> {
    const redis = new Redis(redisUrl);
    try {
      let all = '';
      for (const key of await redis.keys(`${prefix}:*`)) {
        const type = await redis.type(key);
        if (type === 'hash') all += JSON.stringify(await redis.hgetall(key));
        else if (type === 'string') all += await redis.get(key);
        else if (type === 'list') all += (await redis.lrange(key, 0, -1)).join(' ');
      }
      return all;
    } finally {
      redis.disconnect();
    }
  }

  it('the review examples: nothing of the card, expiry or code is stored, summarised or shown', async () => {
    for (const example of REVIEW_CARD_TEXTS) {
      const { stored, summary, shown } = await buyerSends(
        `I want to talk to a human agent please, my card: ${example}`,
      );
      expect(stored.text).toMatch(/\[card number removed\]/);
      expect(stored.text).not.toMatch(/12\/26|123/);
      for (const place of [
        stored.text,
        JSON.stringify(stored.entities),
        summary,
        ...Object.values(shown),
      ]) {
        expect(leakedCardDigits(place, '4242424242424242', 8)).toBeUndefined();
      }
      expect(shown.casePage).toContain('[card number removed]');
      expect(shown.transcript).toContain('[card number removed]');
    }
    const stored = await everythingStored();
    expect(stored).toContain('[card number removed]');
    expect(leakedCardDigits(stored, '4242424242424242')).toBeUndefined();
    expect(leakedCardDigits(await everythingQueued(), '4242424242424242')).toBeUndefined();
    expect(leakedCardDigits(logLines.join(''), '4242424242424242')).toBeUndefined();
  });

  it('cards of every brand, grouping and script never reach the database, Redis, the logs or a page (property)', async () => {
    const cards: string[] = [];
    await fc.assert(
      fc.asyncProperty(cardInText(), async ({ card, text }) => {
        cards.push(card);
        const { stored, summary, shown } = await buyerSends(
          `I want to talk to a human agent please. ${text}`,
        );
        for (const place of [
          stored.text,
          JSON.stringify(stored.entities),
          summary,
          ...Object.values(shown),
        ]) {
          expect(leakedCardDigits(place, card), place).toBeUndefined();
        }
      }),
      { numRuns: 12 },
    );
    const stored = await everythingStored();
    const queued = await everythingQueued();
    const logged = logLines.join('');
    expect(logged).toMatch(/triage: handled/);
    for (const card of cards) {
      expect(leakedCardDigits(stored, card)).toBeUndefined();
      expect(leakedCardDigits(queued, card)).toBeUndefined();
      expect(leakedCardDigits(logged, card)).toBeUndefined();
    }
  });

  it('a buyer display name or file name holding a card is stored without it', async () => {
    const result = await ingestMessage(runtime.handlerDeps(), {
      channel: 'telegram',
      externalUserId: 'card-in-name',
      displayName: 'Ana 4242 4242 4242 4242',
      chatId: 'card-in-name',
      externalMessageId: 'card-in-name:1',
      text: 'see attachment',
      attachments: [{ kind: 'photo', name: 'card 4242-4242-4242-4242 front.jpg' }],
      receivedAt: new Date(),
    });
    expect(result.status).toBe('accepted');
    const [row] = await runtime.database.db
      .select({ attachments: messages.attachments })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(eq(conversations.chatId, 'card-in-name'));
    expect(row!.attachments).toEqual([
      { kind: 'photo', name: 'card [card number removed] front.jpg' },
    ]);
    expect(leakedCardDigits(await everythingStored(), '4242424242424242')).toBeUndefined();
  });
});
