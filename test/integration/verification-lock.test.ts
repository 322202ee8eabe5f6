import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { auditLog, conversations, messages, verificationAttempts } from '../../db/schema/index.js';
import { handleInboundMessage } from '../../ops/pipeline/handle-message.js';
import { ingestMessage } from '../../ops/pipeline/ingest.js';
import { createMigratedTestDatabase } from '../../testkit/test-database.js';
import { handlerDeps } from '../helpers/deps.js';
import { givenPaidOrder } from '../helpers/orders.js';

const LOCKED = /Too many attempts/;
const FAILED = /don't match our records/;

describe('verification lock (PostgreSQL)', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let deps: ReturnType<typeof handlerDeps>;
  let counter = 0;

  beforeAll(async () => {
    ({ database, drop } = await createMigratedTestDatabase());
    // Jobs land in an engine nobody works: each message is handled here, in order.
    deps = handlerDeps(database);
  });

  afterAll(async () => {
    await deps?.jobs.close(1_000);
    await drop?.();
  });

  const chat = () => `lock-${++counter}-${Date.now()}`;

  /** One buyer message through ingest and the triage handler; the bot's replies to it. */
  async function say(chatId: string, text: string): Promise<string> {
    const stored = await ingestMessage(deps, {
      channel: 'telegram',
      externalUserId: `user-${chatId}`,
      chatId,
      externalMessageId: `${chatId}:${++counter}`,
      text,
      receivedAt: new Date(),
    });
    if (stored.status !== 'accepted') throw new Error(`message not accepted: ${text}`);
    await handleInboundMessage(deps, stored.messageId);
    const replies = await database.db
      .select()
      .from(messages)
      .where(
        and(eq(messages.conversationId, stored.conversationId), eq(messages.direction, 'outbound')),
      )
      .orderBy(asc(messages.createdAt));
    const fresh = replies.filter((r) => !seen.has(r.id));
    for (const r of fresh) seen.add(r.id);
    return fresh.map((r) => r.text).join('\n');
  }
  const seen = new Set<string>();

  const limit = () => deps.policy.policy.verification_attempts;

  it('locks after the limit of wrong emails, whatever questions come in between', async () => {
    const { order } = await givenPaidOrder(database.db);
    const c = chat();
    const answers: string[] = [];
    for (let i = 1; i <= 6; i++) {
      answers.push(
        await say(c, `refund for ${order.code} please, my email is wrong${i}@example.org`),
      );
      // A question on another topic used to drop the count along with the pending question.
      await say(c, 'what is your refund policy?');
    }
    expect(answers.slice(0, limit() - 1).every((a) => FAILED.test(a))).toBe(true);
    expect(answers[limit() - 1]).toMatch(LOCKED);
    const [conversation] = await database.db
      .select()
      .from(conversations)
      .where(eq(conversations.chatId, c));
    expect(conversation!.status).toBe('handed_over');
    const locks = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'verification.locked'));
    expect(locks.map((r) => r.details)).toContainEqual(
      expect.objectContaining({ order: order.code, scope: 'conversation' }),
    );
  });

  it('counts wrong guesses from different chats against the same order code', async () => {
    const { order, customer } = await givenPaidOrder(database.db);
    const answers: string[] = [];
    for (let i = 1; i <= limit(); i++) {
      answers.push(await say(chat(), `refund for ${order.code}, email guess${i}@example.org`));
    }
    expect(answers.slice(0, -1).every((a) => FAILED.test(a))).toBe(true);
    expect(answers.at(-1)).toMatch(LOCKED);
    // While locked, even the right email opens nothing: a person takes it from here.
    const rightButLocked = await say(chat(), `refund for ${order.code}, email ${customer.email}`);
    expect(rightButLocked).toMatch(LOCKED);
    expect(rightButLocked).not.toContain(order.code);
    const locks = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'verification.locked'));
    expect(locks.map((r) => r.details)).toContainEqual(
      expect.objectContaining({ order: order.code, scope: 'order' }),
    );
  });

  it('still verifies a correct email given before the limit', async () => {
    const { order, customer } = await givenPaidOrder(database.db);
    for (let i = 1; i < limit(); i++) {
      expect(await say(chat(), `refund for ${order.code}, email miss${i}@example.org`)).toMatch(
        FAILED,
      );
    }
    const verified = await say(chat(), `refund for ${order.code}, my email is ${customer.email}`);
    expect(verified).not.toMatch(LOCKED);
    expect(verified).not.toMatch(FAILED);
    // Order data only comes back to a buyer who proved the order is theirs.
    expect(verified).toContain(order.code);
  });

  it('forgets failures older than the window', async () => {
    const { order } = await givenPaidOrder(database.db);
    const first = chat();
    expect(await say(first, `refund for ${order.code}, email old1@example.org`)).toMatch(FAILED);
    expect(await say(first, `refund for ${order.code}, email old2@example.org`)).toMatch(FAILED);
    // Those two happened longer ago than the window.
    const window = deps.policy.policy.verification_window_minutes;
    await database.db
      .update(verificationAttempts)
      .set({ at: new Date(Date.now() - (window + 1) * 60_000) })
      .where(eq(verificationAttempts.orderCode, order.code));
    expect(await say(chat(), `refund for ${order.code}, email new1@example.org`)).toMatch(FAILED);
  });
});
