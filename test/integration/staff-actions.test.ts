import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { auditLog, cases, messages } from '../../db/schema/index.js';
import { createJobHandlers, type HandlerDeps } from '../../ops/app/job-handlers.js';
import { replyAsStaff, setCaseStatus } from '../../ops/cases/staff-actions.js';
import { parsePolicy } from '../../ops/config/policy.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../ops/errors.js';
import { ingestMessage } from '../../ops/pipeline/ingest.js';
import { createMigratedTestDatabase } from '../../testkit/test-database.js';
import { handlerDeps, recordingSender } from '../helpers/deps.js';
import { waitFor } from '../helpers/wait.js';

const staffPolicy = parsePolicy(`
staff:
  members:
    - { id: mia, name: Mia Agent, roles: [agent] }
    - { id: sam, name: Sam Supervisor, roles: [supervisor, approver] }
    - { id: dora, name: Dora Door, roles: [door] }
`);

describe('staff actions on cases (PostgreSQL)', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let deps: HandlerDeps;
  const telegram = recordingSender('telegram');
  let counter = 0;

  beforeAll(async () => {
    ({ database, drop } = await createMigratedTestDatabase());
    deps = handlerDeps(database, { policy: staffPolicy });
    deps.senders.register(telegram.sender);
    await deps.jobs.work(createJobHandlers(deps), ['triage', 'outbound', 'system']);
  });

  afterAll(async () => {
    await deps?.jobs.close();
    await drop?.();
  });

  /** A buyer asks for a person on Telegram; the pipeline opens a case waiting on staff. */
  async function caseFromBuyer() {
    const chatId = `chat-${++counter}-${Date.now()}`;
    const result = await ingestMessage(deps, {
      channel: 'telegram',
      externalUserId: `user-${chatId}`,
      chatId,
      externalMessageId: `${chatId}:1`,
      text: 'I want to talk to a human about my order',
      receivedAt: new Date(),
    });
    if (result.status !== 'accepted') throw new Error('message not accepted');
    const row = await waitFor('the case to open', async () => {
      const [c] = await database.db
        .select()
        .from(cases)
        .where(eq(cases.conversationId, result.conversationId));
      return c;
    });
    return { row, chatId };
  }

  const trail = (caseId: string) =>
    database.db.select().from(auditLog).where(eq(auditLog.subject, caseId)).orderBy(auditLog.seq);

  it('a staff reply is stored with its author, sent on the buyer channel and stops the first-response clock once', async () => {
    const { row, chatId } = await caseFromBuyer();
    expect(row.status).toBe('pending_staff');
    expect(row.firstResponseAt).toBeNull();

    const first = await replyAsStaff(deps, {
      caseNumber: row.number,
      staffId: 'mia',
      text: '  Hi, Mia here. Which order is it?  ',
    });
    expect(first).toMatchObject({ caseId: row.id, caseNumber: row.number, firstResponse: true });
    const sent = await waitFor('the reply to reach Telegram', () =>
      telegram.sent.find((s) => s.chatId === chatId && s.text.startsWith('Hi, Mia')),
    );
    expect(sent.text).toBe('Hi, Mia here. Which order is it?');
    const [stored] = await database.db
      .select()
      .from(messages)
      .where(eq(messages.id, first.messageId));
    expect(stored).toMatchObject({ direction: 'outbound', author: 'mia', channel: 'telegram' });

    const [afterFirst] = await database.db.select().from(cases).where(eq(cases.id, row.id));
    expect(afterFirst!.status).toBe('pending_customer');
    expect(afterFirst!.firstResponseAt).toBeInstanceOf(Date);

    const second = await replyAsStaff(deps, {
      caseId: row.id,
      staffId: 'sam',
      text: 'Following up.',
    });
    expect(second.firstResponse).toBe(false);
    const [afterSecond] = await database.db.select().from(cases).where(eq(cases.id, row.id));
    expect(afterSecond!.firstResponseAt).toEqual(afterFirst!.firstResponseAt);

    const replies = (await trail(row.id)).filter((r) => r.action === 'case.staff_replied');
    expect(replies.map((r) => [r.actor, r.details.firstResponse])).toEqual([
      ['mia', true],
      ['sam', false],
    ]);
    // Audit details name ids, never the reply text.
    expect(JSON.stringify(replies.map((r) => r.details))).not.toContain('Mia here');
  });

  it('refuses empty and oversized replies, unknown cases and people who do not work cases', async () => {
    const { row } = await caseFromBuyer();
    await expect(
      replyAsStaff(deps, { caseId: row.id, staffId: 'mia', text: '   ' }),
    ).rejects.toThrow(ValidationError);
    await expect(
      replyAsStaff(deps, { caseId: row.id, staffId: 'mia', text: 'x'.repeat(4001) }),
    ).rejects.toThrow(/at most 4000 characters/);
    await expect(
      replyAsStaff(deps, { caseNumber: 999_999, staffId: 'mia', text: 'hi' }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      replyAsStaff(deps, { caseId: row.id, staffId: 'dora', text: 'hi' }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      replyAsStaff(deps, { caseId: row.id, staffId: 'nobody', text: 'hi' }),
    ).rejects.toThrow(/not a staff member in the policy file/);
    await expect(
      setCaseStatus(deps, { caseId: row.id, staffId: 'dora', status: 'resolved' }),
    ).rejects.toThrow(ForbiddenError);
    const rows = await database.db
      .select()
      .from(messages)
      .where(
        and(eq(messages.conversationId, row.conversationId!), eq(messages.direction, 'outbound')),
      );
    expect(rows.filter((m) => m.author)).toEqual([]);
  });

  it('accepts any staff id when no members are configured (demo mode: the console token is the gate)', async () => {
    const { row } = await caseFromBuyer();
    const demo = { ...deps, policy: parsePolicy('') };
    const done = await replyAsStaff(demo, { caseId: row.id, staffId: 'staff', text: 'On it.' });
    expect(done.firstResponse).toBe(true);
  });

  it('resolves, reopens and closes along valid transitions, each audited with from and to', async () => {
    const { row } = await caseFromBuyer();
    const resolved = await setCaseStatus(deps, {
      caseId: row.id,
      staffId: 'mia',
      status: 'resolved',
    });
    expect(resolved).toMatchObject({ changed: true, from: 'pending_staff', to: 'resolved' });
    const [done] = await database.db.select().from(cases).where(eq(cases.id, row.id));
    expect(done!.resolvedAt).toBeInstanceOf(Date);

    // Same status again: nothing changes, nothing is audited.
    expect(
      await setCaseStatus(deps, { caseId: row.id, staffId: 'mia', status: 'resolved' }),
    ).toMatchObject({ changed: false, status: 'resolved' });
    await expect(
      setCaseStatus(deps, { caseId: row.id, staffId: 'mia', status: 'pending_customer' }),
    ).rejects.toThrow(/cannot go from resolved to pending_customer/);
    await expect(
      replyAsStaff(deps, { caseId: row.id, staffId: 'mia', text: 'hello?' }),
    ).rejects.toThrow(/reopen it before replying/);

    await setCaseStatus(deps, { caseId: row.id, staffId: 'sam', status: 'open' });
    const [reopened] = await database.db.select().from(cases).where(eq(cases.id, row.id));
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null, reopenCount: 1 });

    await setCaseStatus(deps, { caseId: row.id, staffId: 'sam', status: 'closed' });
    await setCaseStatus(deps, { caseNumber: row.number, staffId: 'mia', status: 'open' });
    const [again] = await database.db.select().from(cases).where(eq(cases.id, row.id));
    expect(again).toMatchObject({ status: 'open', resolvedAt: null, reopenCount: 2 });

    const changes = (await trail(row.id)).filter((r) => r.action === 'case.status_changed');
    expect(changes.map((r) => [r.actor, r.details.from, r.details.to])).toEqual([
      ['mia', 'pending_staff', 'resolved'],
      ['sam', 'resolved', 'open'],
      ['sam', 'open', 'closed'],
      ['mia', 'closed', 'open'],
    ]);
  });

  it('two staff resolving at once record one change', async () => {
    const { row } = await caseFromBuyer();
    const outcomes = await Promise.allSettled([
      setCaseStatus(deps, { caseId: row.id, staffId: 'mia', status: 'resolved' }),
      setCaseStatus(deps, { caseId: row.id, staffId: 'sam', status: 'resolved' }),
    ]);
    const changed = outcomes.filter((o) => o.status === 'fulfilled' && o.value.changed);
    expect(changed).toHaveLength(1);
    for (const o of outcomes) {
      if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ValidationError);
    }
    const changes = (await trail(row.id)).filter((r) => r.action === 'case.status_changed');
    expect(changes).toHaveLength(1);
  });
});
