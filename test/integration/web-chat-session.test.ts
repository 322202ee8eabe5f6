import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerChatRoutes } from '../../bot/http/routes/chat.js';
import { auditLog, channelIdentities } from '../../db/schema/index.js';
import { createJobHandlers } from '../../ops/app/job-handlers.js';
import { createRuntime, type Runtime } from '../../ops/app/runtime.js';
import { createTestDatabase } from '../../testkit/test-database.js';
import { givenPaidOrder } from '../helpers/orders.js';
import { waitFor } from '../helpers/wait.js';

const SECRET = 'web-chat-session-test-secret';
const MINUTE = 60_000;

type ChatMessage = { id: string; from: string; text: string };

describe('web chat sessions on a shared computer', () => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let drop: () => Promise<void>;
  // The chat routes' clock: moved forward to stand for a kiosk left alone.
  let now = new Date();

  beforeAll(async () => {
    const testDb = await createTestDatabase();
    drop = testDb.drop;
    runtime = await createRuntime({
      DATABASE_URL: testDb.url,
      LOG_LEVEL: 'silent',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'tops-chat-')),
    });
    await runtime.database.migrate();
    await runtime.jobs.work(createJobHandlers(runtime.handlerDeps()), ['triage', 'system']);
    app = Fastify();
    registerChatRoutes(app, runtime, SECRET, { now: () => now });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    await drop?.();
  });

  const chatCookie = (res: LightMyRequestResponse) =>
    res.cookies.find((c) => c.name === 'tops_chat');

  async function openChat(): Promise<string> {
    const page = await app.inject({ method: 'GET', url: '/chat' });
    return chatCookie(page)!.value;
  }

  /** Posts as the browser holding `cookie`; the cookie it holds afterwards. */
  async function post(cookie: string, text: string): Promise<string> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/chat/messages',
      cookies: { tops_chat: cookie },
      payload: { text, clientMessageId: crypto.randomUUID() },
    });
    expect(res.statusCode).toBe(202);
    return chatCookie(res)?.value ?? cookie;
  }

  async function poll(cookie: string) {
    const res = await app.inject({
      method: 'GET',
      url: '/api/chat/messages',
      cookies: { tops_chat: cookie },
    });
    return res.json() as { messages: ChatMessage[]; ended?: boolean };
  }

  /** Waits for the bot's answer to the buyer's latest message. */
  const botReply = (cookie: string, count: number) =>
    waitFor('the bot to answer', async () => {
      const { messages } = await poll(cookie);
      const bot = messages.filter((m) => m.from === 'bot');
      return bot.length >= count ? bot[count - 1]!.text : undefined;
    });

  const sessionOf = (cookie: string) => cookie.split('.')[0]!;

  it('the chat cookie lasts only as long as the browser session', async () => {
    const page = await app.inject({ method: 'GET', url: '/chat' });
    const cookie = chatCookie(page)!;
    expect(cookie.maxAge).toBeUndefined();
    expect(cookie.expires).toBeUndefined();
    expect(cookie.httpOnly).toBe(true);
  });

  it('after the idle time the next person sees nothing of the verified buyer and is asked again', async () => {
    const { order, customer } = await givenPaidOrder(runtime.database.db);
    let cookie = await openChat();
    cookie = await post(cookie, `I want a refund for ${order.code}, my email is ${customer.email}`);
    expect(await botReply(cookie, 1)).toContain(order.code);

    // The buyer walks away; the page is left open and nobody writes for longer than allowed.
    now = new Date(now.getTime() + (runtime.policy.channels.web.session_idle_minutes + 1) * MINUTE);
    const left = await poll(cookie);
    expect(left.messages).toEqual([]);
    expect(left.ended).toBe(true);

    const next = await post(cookie, 'I want a refund for my order');
    expect(sessionOf(next)).not.toBe(sessionOf(cookie));
    const answer = await botReply(next, 1);
    expect(answer).not.toContain(order.code);
    expect(answer).toMatch(/order code/i);
  });

  it('a buyer who keeps writing keeps their chat', async () => {
    let cookie = await openChat();
    cookie = await post(cookie, 'what is your refund policy?');
    await botReply(cookie, 1);
    const idle = runtime.policy.channels.web.session_idle_minutes;
    for (let i = 0; i < 2; i++) {
      now = new Date(now.getTime() + (idle - 1) * MINUTE);
      const still = await post(cookie, 'and how will I receive my tickets?');
      expect(sessionOf(still)).toBe(sessionOf(cookie));
      cookie = still;
    }
    const { messages, ended } = await poll(cookie);
    expect(ended).toBeUndefined();
    expect(messages.filter((m) => m.from === 'you')).toHaveLength(3);
  });

  it('"forget me" signs the browser out and drops the verification', async () => {
    const { order, customer } = await givenPaidOrder(runtime.database.db);
    let cookie = await openChat();
    cookie = await post(cookie, `I want a refund for ${order.code}, my email is ${customer.email}`);
    expect(await botReply(cookie, 1)).toContain(order.code);

    const forgot = await app.inject({
      method: 'POST',
      url: '/api/chat/forget',
      cookies: { tops_chat: cookie },
    });
    expect(forgot.statusCode).toBe(200);
    // The browser is told to drop the cookie at once.
    expect(chatCookie(forgot)).toMatchObject({ value: '' });
    const [identity] = await runtime.database.db
      .select()
      .from(channelIdentities)
      .where(eq(channelIdentities.externalUserId, sessionOf(cookie)));
    expect(identity!.verifiedAt).toBeNull();
    const trail = await runtime.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, identity!.id));
    expect(trail.map((r) => r.action)).toEqual(['identity.verified', 'identity.forgotten']);
    // Even a copy of the old cookie no longer opens the buyer's orders.
    await post(cookie, 'I want a refund for my order');
    const answer = await botReply(cookie, 2);
    expect(answer).not.toContain(order.code);
  });
});
