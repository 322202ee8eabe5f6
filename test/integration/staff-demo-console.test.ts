import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONSOLE_NOTICE } from '../../bot/http/routes/staff/layout.js';
import { DEMO_SIGN_IN_NOTICE } from '../../bot/http/routes/staff/login-page.js';
import { auditLog, cases } from '../../db/schema/index.js';
import { openStaffSession } from '../../ops/staff/open-session.js';
import { givenBuyerCase, givenRefundApprovals } from '../../testkit/refund-approvals.js';
import { type BootedProcess, bootWithPolicy } from '../helpers/booted-process.js';
import { cookieSet } from '../helpers/staff-console.js';

const TOKEN = 'demo-console-token-for-tests';

describe('the demo console: no staff members, the shared console token (PostgreSQL)', () => {
  let booted: BootedProcess;
  let running: BootedProcess['running'];
  let client: BootedProcess['client'];

  beforeAll(async () => {
    booted = await bootWithPolicy(`staff:
  console_token: ${TOKEN}
`);
    running = booted.running;
    client = booted.client;
  });

  afterAll(async () => {
    await booted?.close();
  });

  const opens = async (cookie: string) =>
    (await client.get('/api/staff/cases', cookie)).statusCode === 200;

  it('the sign-in form asks for the console token only and says it is the demo', async () => {
    const form = await client.get('/staff/login');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(DEMO_SIGN_IN_NOTICE);
    expect(form.body).toContain('Console token');
    expect(form.body).not.toContain('name="staffId"');
  });

  it('a wrong token is refused; the token signs in as the demo operator and every staff page says so', async () => {
    const wrong = await client.signIn({ password: 'not the console token' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Wrong console token.');

    // A staff id typed on the side changes nothing: the token is the demo operator's.
    const signIn = await client.signIn({ staffId: 'sam', password: TOKEN });
    expect(signIn.statusCode).toBe(303);
    const cookie = cookieSet(signIn, 'tops_staff')!;

    const [setup] = await givenRefundApprovals(running.runtime.database.db, {
      count: 1,
      status: 'pending',
    });
    const { caseId } = await givenBuyerCase(running.runtime.database.db, setup!);
    const [row] = await running.runtime.database.db
      .select({ number: cases.number })
      .from(cases)
      .where(eq(cases.id, caseId));
    const pages = [
      '/staff',
      '/staff/approvals',
      '/staff/audit',
      `/staff/cases/${row!.number}`,
      '/staff/cases/999999',
    ];
    for (const url of pages) {
      const page = await client.get(url, cookie);
      expect([200, 404], url).toContain(page.statusCode);
      expect(page.body, url).toContain(DEMO_CONSOLE_NOTICE);
      expect(page.body, url).toContain('Signed in as staff');
    }
    const [audited] = await running.runtime.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'staff.signed_in'));
    expect(audited).toMatchObject({
      actor: 'staff',
      details: { method: 'console_token', demo: true },
    });
  });

  it('sign-out ends the demo session too', async () => {
    const cookie = cookieSet(await client.signIn({ password: TOKEN }), 'tops_staff')!;
    expect(await opens(cookie)).toBe(true);
    await client.post('/staff/logout', {}, cookie);
    expect(await opens(cookie)).toBe(false);
  });

  it('a password session opens nothing while the policy file lists no members', async () => {
    const session = await openStaffSession(running.runtime.database.db, {
      staffId: 'mia',
      method: 'password',
    });
    expect(await opens(`tops_staff=${session.token}`)).toBe(false);
  });
});
