import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHAT_POSTS_PER_ADDRESS_PER_MINUTE,
  CHAT_POSTS_PER_MINUTE,
} from '../../bot/http/routes/chat.js';
import { approvals, cases, conversations } from '../../db/schema/index.js';
import { setStaffPassword } from '../../ops/staff/index.js';
import { type BootedProcess, bootWithPolicy } from '../helpers/booted-process.js';
import { launchChromium } from '../helpers/chromium.js';
import { givenPaidOrder } from '../helpers/orders.js';
import { waitFor } from '../helpers/wait.js';

const TOKEN = 'box-office-console-token-e2e';
/** Each member signs in with their own password; the console token signs nobody in here. */
const PASSWORDS = {
  mia: 'mia sells tickets at the box office',
  dora: 'dora scans tickets at gate two',
  sam: 'sam approves refunds on tuesdays',
} as const;
const SCREENSHOTS = { staffCase: '/tmp/ticketops-staff-case.png', chat: '/tmp/ticketops-chat.png' };

describe('web chat and staff console in a real browser (PostgreSQL + Redis)', () => {
  let booted: BootedProcess;
  let running: BootedProcess['running'];
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    booted = await bootWithPolicy(
      `staff:\n  console_token: ${TOKEN}\n  members:\n    - { id: mia, name: Mia Box Office, roles: [agent] }\n    - { id: dora, name: Dora Door, roles: [door] }\n    - { id: sam, name: Sam Supervisor, roles: [approver] }\n`,
      { redis: true },
    );
    running = booted.running;
    const deps = { db: running.runtime.database.db, policy: running.runtime.policy };
    for (const [staffId, password] of Object.entries(PASSWORDS)) {
      await setStaffPassword(deps, { staffId, password, mode: 'add', actor: 'test' });
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await booted?.close();
  });

  const newContext = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    return context;
  };

  it('a buyer asks for a person, staff sign in, find the case, reply, and the buyer sees it', async () => {
    const url = running.url!;
    const db = running.runtime.database.db;

    // The buyer opens the chat and asks for a human.
    const buyerContext = await newContext();
    const buyer = await buyerContext.newPage();
    await buyer.goto(`${url}/chat`);
    await buyer.fill('#text', 'I want to talk to a human about my order');
    await buyer.click('#send');
    await buyer.locator('.msg.you', { hasText: 'talk to a human' }).waitFor();
    await buyer.locator('.msg.bot', { hasText: 'passed this to our team' }).waitFor();

    // Hostile text is shown as text, on both sides.
    const hostile = '<img src=x onerror="window.__pwned=1"><b>bold?</b>';
    await buyer.fill('#text', hostile);
    await buyer.click('#send');
    await expect.poll(() => buyer.locator('.msg.you .text').last().textContent()).toBe(hostile);
    expect(
      await buyer.evaluate(() => (globalThis as { __pwned?: number }).__pwned),
    ).toBeUndefined();

    // Which case the pipeline opened for this chat (the session cookie is the chat id).
    // The cookie is `session.lastActivity.signature`.
    const signed = (await buyerContext.cookies()).find((c) => c.name === 'tops_chat')!.value;
    const session = signed.slice(0, signed.indexOf('.'));
    const openedCase = await waitFor('the case for the chat', async () => {
      const [row] = await db
        .select({ number: cases.number, status: cases.status })
        .from(cases)
        .innerJoin(conversations, eq(conversations.id, cases.conversationId))
        .where(eq(conversations.chatId, session));
      return row;
    });

    // Staff: the console sends them to sign in; a wrong password, or the shared console
    // token, is refused.
    const staff = await (await newContext()).newPage();
    await staff.goto(`${url}/staff`);
    expect(new URL(staff.url()).pathname).toBe('/staff/login');
    await staff.fill('input[name=staffId]', 'mia');
    await staff.fill('input[name=password]', TOKEN);
    const refused = await Promise.all([
      staff.waitForResponse(
        (r) => r.url().endsWith('/staff/login') && r.request().method() === 'POST',
      ),
      staff.click('button[type=submit]'),
    ]);
    expect(refused[0].status()).toBe(401);
    await staff.getByRole('alert').filter({ hasText: 'Wrong staff id or password' }).waitFor();
    // The id typed stays in the form; only the password is asked again.
    expect(await staff.inputValue('input[name=staffId]')).toBe('mia');
    await staff.fill('input[name=password]', PASSWORDS.mia);
    await staff.click('button[type=submit]');
    await staff.waitForURL(`${url}/staff`);
    await staff.getByText('Signed in as mia').waitFor();

    // The case waits in its queue; open it and read the conversation.
    const caseLink = staff.locator('#cases').getByRole('link', { name: `#${openedCase.number}` });
    await caseLink.click();
    await staff.waitForURL(`${url}/staff/cases/${openedCase.number}`);
    const thread = staff.locator('#conversation');
    await thread.getByText('I want to talk to a human about my order').waitFor();
    await thread.getByText(hostile).waitFor();
    expect(
      await staff.evaluate(() => (globalThis as { __pwned?: number }).__pwned),
    ).toBeUndefined();

    // Reply as staff; the page confirms and the first response is on record.
    const answer = 'Hi, this is Mia from the box office. Which order is this about?';
    await staff.fill('#reply-text', answer);
    await staff.getByRole('button', { name: 'Send reply' }).click();
    await staff.getByRole('status').filter({ hasText: 'Reply sent to the buyer' }).waitFor();
    await thread.getByText(answer).waitFor();
    await staff.getByText('pending customer', { exact: false }).first().waitFor();
    await staff.screenshot({ path: SCREENSHOTS.staffCase, fullPage: true });

    // The buyer's open chat shows the staff reply without a reload.
    await buyer.locator('.msg.staff', { hasText: answer }).waitFor();
    await buyer.screenshot({ path: SCREENSHOTS.chat });

    // Resolve from the console: one status change, audited.
    await staff.getByRole('button', { name: 'Resolve' }).click();
    await staff.getByRole('status').filter({ hasText: 'pending customer → resolved' }).waitFor();
    await staff.goto(`${url}/staff/audit`);
    await staff.getByText('case.status_changed').first().waitFor();
    await staff.getByText('case.staff_replied').first().waitFor();
  }, 90_000);

  it('a buyer asks for a refund, an approver approves it in the console, the buyer is told', async () => {
    const url = running.url!;
    const { order, customer } = await givenPaidOrder(running.runtime.database.db, {
      doorsInDays: 30,
    });
    const buyer = await (await newContext()).newPage();
    await buyer.goto(`${url}/chat`);
    await buyer.fill('#text', `I want a refund for order ${order.code}`);
    await buyer.click('#send');
    await buyer.locator('.msg.bot', { hasText: 'email address' }).waitFor();
    await buyer.fill('#text', customer.email);
    await buyer.click('#send');
    await buyer.locator('.msg.bot', { hasText: 'with our team for approval' }).waitFor();

    const staff = await (await newContext()).newPage();
    await staff.goto(`${url}/staff/login`);
    await staff.fill('input[name=staffId]', 'sam');
    await staff.fill('input[name=password]', PASSWORDS.sam);
    await staff.click('button[type=submit]');
    await staff.waitForURL(`${url}/staff`);
    await staff.goto(`${url}/staff/approvals`);
    const row = staff.locator('#approvals tr', { hasText: order.code });
    await row.getByRole('button', { name: 'Approve' }).click();
    await staff.getByRole('status').filter({ hasText: 'Approved' }).waitFor();

    // No Stripe key in this install: the refund is recorded for a manual payout and the
    // buyer is told so, never that money moved by itself.
    await buyer.locator('.msg.bot', { hasText: 'pays it out by hand' }).waitFor();
    const [approval] = await running.runtime.database.db
      .select()
      .from(approvals)
      .where(eq(approvals.orderId, order.id));
    await expect
      .poll(
        async () => {
          const [row] = await running.runtime.database.db
            .select()
            .from(approvals)
            .where(eq(approvals.id, approval!.id));
          return row?.status;
        },
        { timeout: 20_000 },
      )
      .toBe('executed');
  }, 90_000);

  it('reply buttons send their id and show their label', async () => {
    const page = await (await newContext()).newPage();
    await page.goto(`${running.url}/chat`);
    // Too vague to act on: the bot offers its best guesses as buttons.
    await page.fill('#text', 'tickets');
    await page.click('#send');
    const choice = page.locator('.msg.bot .choice').first();
    await choice.waitFor();
    const label = (await choice.textContent())!;
    await choice.click();
    await page.locator('.msg.you .text', { hasText: label }).waitFor();
    // Answered: a bot reply after the buyer's choice.
    await expect.poll(() => page.locator('.msg').last().getAttribute('class')).toMatch(/bot|staff/);
  }, 60_000);

  it('chat API: dedupes a retried post, refuses bad and oversized input clearly', async () => {
    const url = running.url!;
    const first = await fetch(`${url}/chat`);
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const post = (body: unknown) =>
      fetch(`${url}/api/chat/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify(body),
      });
    const message = { text: 'where are my tickets?', clientMessageId: crypto.randomUUID() };
    const sent = await post(message);
    expect(sent.status).toBe(202);
    expect(await sent.json()).toMatchObject({ status: 'accepted' });
    const retried = await post(message);
    expect(retried.status).toBe(202);
    expect(await retried.json()).toEqual({ status: 'duplicate' });

    const missingId = await post({ text: 'hi' });
    expect(missingId.status).toBe(400);
    expect(((await missingId.json()) as { error: string }).error).toMatch(/clientMessageId/);
    expect((await post({ text: '   ', clientMessageId: crypto.randomUUID() })).status).toBe(400);
    const huge = await post({
      text: 'a'.repeat(128 * 1024 + 1),
      clientMessageId: crypto.randomUUID(),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: string }).error).toMatch(/too long/);

    const listed = (await (
      await fetch(`${url}/api/chat/messages`, { headers: { cookie } })
    ).json()) as { messages: { direction: string }[] };
    expect(
      listed.messages.filter((m: { direction: string }) => m.direction === 'inbound'),
    ).toHaveLength(1);
  });

  it('chat API: a session posting faster than a person types gets 429 with the wait; others do not', async () => {
    const url = running.url!;
    const session = async () =>
      (await fetch(`${url}/chat`)).headers.get('set-cookie')!.split(';')[0]!;
    const post = (cookie: string, i: number) =>
      fetch(`${url}/api/chat/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ text: `hello ${i}`, clientMessageId: crypto.randomUUID() }),
      });
    const flooder = await session();
    const statuses: number[] = [];
    for (let i = 0; i < CHAT_POSTS_PER_MINUTE; i++) statuses.push((await post(flooder, i)).status);
    expect(statuses.every((s) => s === 202)).toBe(true);
    const refused = await post(flooder, CHAT_POSTS_PER_MINUTE);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await refused.json()) as { error: string }).error).toMatch(/too many messages: wait/);
    expect((await post(await session(), 0)).status).toBe(202);
  });

  it('staff API and pages need a session; door staff may read but not answer', async () => {
    const url = running.url!;
    const api = await fetch(`${url}/api/staff/cases`);
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: string }).error).toMatch(/sign in/);
    const pageHit = await fetch(`${url}/staff/approvals`, { redirect: 'manual' });
    expect(pageHit.status).toBe(303);
    expect(pageHit.headers.get('location')).toMatch(/^\/staff\/login\?next=/);

    const signIn = await fetch(`${url}/staff/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ staffId: 'dora', password: PASSWORDS.dora }).toString(),
    });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const list = await fetch(`${url}/api/staff/cases?status=resolved`, { headers: { cookie } });
    expect(list.status).toBe(200);
    const { cases: resolved } = (await list.json()) as { cases: { number: number }[] };
    expect(resolved.length).toBeGreaterThan(0);
    const reopen = await fetch(`${url}/api/staff/cases/${resolved[0]!.number}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ status: 'open' }),
    });
    expect(reopen.status).toBe(403);
    expect(((await reopen.json()) as { error: string }).error).toMatch(
      /no agent, approver or supervisor role/,
    );
    // A forged cookie (valid shape, a token the server never issued) is no session.
    const forged = `${cookie.slice(0, -4)}AAAA`;
    expect((await fetch(`${url}/api/staff/cases`, { headers: { cookie: forged } })).status).toBe(
      401,
    );
  });

  it('chat API: an invented session cookie is no session; one address is capped whatever its sessions', async () => {
    const url = running.url!;
    const db = running.runtime.database.db;
    const post = (cookie: string | undefined, i: number) =>
      fetch(`${url}/api/chat/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify({ text: `hello ${i}`, clientMessageId: crypto.randomUUID() }),
      });
    const invented = `tops_chat=${'A'.repeat(24)}`;
    const forged = await post(invented, 0);
    expect(forged.status).toBe(202);
    // Stored under a session the server issued, which it sets instead.
    const issued = forged.headers.get('set-cookie')!.split(';')[0]!;
    expect(issued).not.toBe(invented);
    const { conversationId } = (await forged.json()) as { conversationId: string };
    const [conversation] = await db
      .select({ chatId: conversations.chatId })
      .from(conversations)
      .where(eq(conversations.id, conversationId));
    expect(conversation?.chatId).not.toBe('A'.repeat(24));
    expect(issued.startsWith(`tops_chat=${conversation?.chatId}.`)).toBe(true);
    // Polling with the invented cookie sees nothing and is given nothing.
    const poll = await fetch(`${url}/api/chat/messages`, { headers: { cookie: invented } });
    expect(await poll.json()).toEqual({ messages: [], cursor: null });
    expect(poll.headers.get('set-cookie')).toBeNull();

    // Sessions do not multiply what one address may post. Runs last: it uses up this
    // address's posts for the minute.
    const session = async () =>
      (await fetch(`${url}/chat`)).headers.get('set-cookie')!.split(';')[0]!;
    let posted = 0;
    let refused: Response | undefined;
    for (let s = 0; s < 12 && !refused; s++) {
      const cookie = await session();
      for (let i = 0; i < CHAT_POSTS_PER_MINUTE && !refused; i++) {
        const response = await post(cookie, i);
        if (response.status === 429) refused = response;
        else posted++;
      }
    }
    expect(refused?.status).toBe(429);
    expect(((await refused!.json()) as { error: string }).error).toMatch(/from this address/);
    expect(refused!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(posted).toBeLessThanOrEqual(CHAT_POSTS_PER_ADDRESS_PER_MINUTE);
  });
});
