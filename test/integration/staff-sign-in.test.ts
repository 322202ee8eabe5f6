import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findApproval } from '../../db/queries/approvals.js';
import { auditLog, staffSessions } from '../../db/schema/index.js';
import { revokeStaffSessions, setStaffPassword } from '../../ops/staff/index.js';
import { openStaffSession } from '../../ops/staff/open-session.js';
import { STAFF_SESSION_MS } from '../../ops/staff/session-token.js';
import { givenRefundApprovals } from '../../testkit/refund-approvals.js';
import { type BootedProcess, bootWithPolicy } from '../helpers/booted-process.js';
import { cookieSet, flashText } from '../helpers/staff-console.js';

const TOKEN = 'shared-console-token-for-tests';
const PASSWORDS = {
  mia: 'mia sells tickets at the box office',
  dora: 'dora scans tickets at gate two',
  sam: 'sam approves refunds on tuesdays',
  lim: 'lim is guessed at from everywhere',
} as const;
const POLICY = `staff:
  console_token: ${TOKEN}
  members:
    - { id: mia, name: Mia Box Office, roles: [agent] }
    - { id: dora, name: Dora Door, roles: [door] }
    - { id: sam, name: Sam Approver, roles: [approver] }
    - { id: lim, name: Lim Agent, roles: [agent] }
    - { id: nopw, name: No Password Yet, roles: [agent] }
`;

describe('staff sign-in with a password per member (PostgreSQL)', () => {
  let booted: BootedProcess;
  let running: BootedProcess['running'];
  let client: BootedProcess['client'];
  let addresses = 0;
  /** A client address nobody used yet, so one test's failures do not limit another's. */
  const freshAddress = () => `10.0.${Math.floor(++addresses / 250)}.${addresses % 250}`;

  beforeAll(async () => {
    booted = await bootWithPolicy(POLICY);
    running = booted.running;
    const deps = { db: running.runtime.database.db, policy: running.runtime.policy };
    for (const [staffId, password] of Object.entries(PASSWORDS)) {
      await setStaffPassword(deps, { staffId, password, mode: 'add', actor: 'test' });
    }
    client = booted.client;
  });

  afterAll(async () => {
    await booted?.close();
  });

  const db = () => running.runtime.database.db;
  const signIn = async (staffId: keyof typeof PASSWORDS, cookie?: string) => {
    const response = await client.signIn(
      { staffId, password: PASSWORDS[staffId] },
      { cookie, address: freshAddress() },
    );
    expect(response.statusCode).toBe(303);
    return cookieSet(response, 'tops_staff')!;
  };
  /** Whether a cookie opens the console: the API answers 200 or 401. */
  const opens = async (cookie: string) => {
    const response = await client.get('/api/staff/cases', cookie);
    expect([200, 401]).toContain(response.statusCode);
    return response.statusCode === 200;
  };
  const trailOf = async (staffId: string) =>
    db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `staff:${staffId}`))
      .orderBy(auditLog.seq);

  it('the shared console token signs nobody in once members are configured: a door member cannot pick an approver', async () => {
    const forms: Record<string, string>[] = [
      { staffId: 'sam', token: TOKEN },
      { staffId: 'sam', password: TOKEN },
    ];
    for (const form of forms) {
      const signIn = await client.signIn(form, { address: freshAddress() });
      expect(signIn.statusCode).not.toBe(303);
      const approvals = await client.get('/staff/approvals', cookieSet(signIn, 'tops_staff'));
      expect(approvals.statusCode).toBe(303);
      expect(approvals.body).not.toContain('Signed in as sam');
    }
  });

  it('a member signs in with their own password and works as themselves; the sign-in is audited without the password', async () => {
    const cookie = await signIn('mia');
    // The cookie is an opaque random token; the database keeps only its hash.
    const token = cookie.split('=')[1]!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await db().select().from(staffSessions).where(eq(staffSessions.id, token))).toEqual([]);
    const page = await client.get('/staff', cookie);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Signed in as mia');
    expect(page.body).not.toContain('Demo console');
    const trail = await trailOf('mia');
    expect(trail.at(-1)).toMatchObject({
      actor: 'mia',
      action: 'staff.signed_in',
      details: { method: 'password', roles: ['agent'] },
    });
  });

  it('a wrong password is refused and audited; so is another member id with your own password', async () => {
    const wrong = await client.signIn(
      { staffId: 'mia', password: 'not mia password at all' },
      { address: freshAddress() },
    );
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Wrong staff id or password.');
    expect(cookieSet(wrong, 'tops_staff')).toBeUndefined();
    expect((await trailOf('mia')).at(-1)).toMatchObject({
      actor: 'mia',
      action: 'staff.sign_in_refused',
      details: { method: 'password', reason: 'wrong_password' },
    });

    // Dora knows her own password, not Sam's: picking Sam gets her nothing.
    const asSam = await client.signIn(
      { staffId: 'sam', password: PASSWORDS.dora },
      { address: freshAddress() },
    );
    expect(asSam.statusCode).toBe(401);
    expect(cookieSet(asSam, 'tops_staff')).toBeUndefined();
    expect((await trailOf('sam')).at(-1)).toMatchObject({
      action: 'staff.sign_in_refused',
      details: { reason: 'wrong_password' },
    });

    // An id nobody has reads like a wrong password and is audited without repeating it.
    const nobody = await client.signIn(
      { staffId: 'mallory', password: PASSWORDS.sam },
      { address: freshAddress() },
    );
    expect(nobody.statusCode).toBe(401);
    expect(nobody.body).toContain('Wrong staff id or password.');
    expect((await trailOf('unknown')).at(-1)).toMatchObject({
      actor: 'anonymous',
      details: { reason: 'unknown_member' },
    });
  });

  it('a member with no password yet is told whom to ask', async () => {
    const response = await client.signIn(
      { staffId: 'nopw', password: 'anything twelve chars long' },
      { address: freshAddress() },
    );
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('ask an admin to run ticketops staff passwd nopw');
    expect(cookieSet(response, 'tops_staff')).toBeUndefined();
  });

  it('a door member gets only the door role: the decide path refuses her, an approver decides', async () => {
    const [setup] = await givenRefundApprovals(db(), { count: 1, status: 'pending' });
    const url = `/staff/approvals/${setup!.approvalId}/decision`;
    const dora = await signIn('dora');
    const refused = await client.post(url, { decision: 'approve' }, dora);
    expect(refused.statusCode).toBe(303);
    expect(flashText(refused)).toMatch(/approver or supervisor/);
    expect(await findApproval(db(), setup!.approvalId)).toMatchObject({
      status: 'pending',
      decidedBy: null,
    });

    const sam = await signIn('sam');
    const decided = await client.post(url, { decision: 'reject', reason: 'test' }, sam);
    expect(flashText(decided)).toMatch(/^Rejected/);
    expect(await findApproval(db(), setup!.approvalId)).toMatchObject({
      status: 'rejected',
      decidedBy: 'sam',
    });
  });

  it('every sign-in starts a new session and ends the one the browser came with', async () => {
    const first = await signIn('mia');
    const second = await signIn('mia');
    expect(second).not.toBe(first);
    expect(await opens(first)).toBe(true);
    expect(await opens(second)).toBe(true);

    // Signing in again from the browser holding `second` ends `second`.
    const rotated = await signIn('mia', second);
    expect(rotated).not.toBe(second);
    expect(await opens(second)).toBe(false);
    expect(await opens(rotated)).toBe(true);
    expect(await opens(first)).toBe(true);
  });

  it('sign-out ends the session in the database: the old cookie is refused afterwards', async () => {
    const cookie = await signIn('mia');
    const out = await client.post('/staff/logout', {}, cookie);
    expect(out.statusCode).toBe(303);
    expect(await opens(cookie)).toBe(false);
    const page = await client.get('/staff', cookie);
    expect(page.headers.location).toMatch(/^\/staff\/login\?next=/);
    expect((await trailOf('mia')).at(-1)).toMatchObject({ action: 'staff.signed_out' });
  });

  it('staff revoke ends every session of the member and no one else’s', async () => {
    const deps = { db: db(), policy: running.runtime.policy };
    const samCookies = [await signIn('sam'), await signIn('sam')];
    const mia = await signIn('mia');
    const done = await revokeStaffSessions(deps, { staffId: 'sam', actor: 'cli:test' });
    expect(done.sessionsEnded).toBeGreaterThanOrEqual(2);
    for (const cookie of samCookies) expect(await opens(cookie)).toBe(false);
    expect(await opens(mia)).toBe(true);
    expect((await trailOf('sam')).at(-1)).toMatchObject({
      actor: 'cli:test',
      action: 'staff.sessions_revoked',
      details: { sessionsEnded: done.sessionsEnded },
    });
  });

  it('an expired session, a demo console-token session and an invented cookie open nothing', async () => {
    const longAgo = new Date(Date.now() - STAFF_SESSION_MS - 60_000);
    const expired = await openStaffSession(db(), {
      staffId: 'mia',
      method: 'password',
      now: longAgo,
    });
    const demo = await openStaffSession(db(), { staffId: 'staff', method: 'console_token' });
    for (const token of [expired.token, demo.token, 'A'.repeat(43), 'not-a-token']) {
      expect(await opens(`tops_staff=${token}`)).toBe(false);
    }
  });

  it('limits failures per address: the eleventh try from one address is a 429 even with the right password', async () => {
    const address = freshAddress();
    for (let i = 0; i < 10; i++) {
      const miss = await client.signIn(
        { staffId: `nobody-${i}`, password: 'wrong password here' },
        { address },
      );
      expect(miss.statusCode).toBe(401);
    }
    const blocked = await client.signIn({ staffId: 'mia', password: PASSWORDS.mia }, { address });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body).toContain('Too many failed sign-ins from this address');
    // Another address is not held up.
    expect(
      (
        await client.signIn(
          { staffId: 'mia', password: PASSWORDS.mia },
          { address: freshAddress() },
        )
      ).statusCode,
    ).toBe(303);
  });

  it('limits failures per member: guesses spread over many addresses still stop', async () => {
    for (let i = 0; i < 10; i++) {
      const miss = await client.signIn(
        { staffId: 'lim', password: `guess number ${i} of many` },
        { address: freshAddress() },
      );
      expect(miss.statusCode).toBe(401);
    }
    const blocked = await client.signIn(
      { staffId: 'lim', password: PASSWORDS.lim },
      { address: freshAddress() },
    );
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body).toContain('Too many failed sign-ins for lim');
    expect(cookieSet(blocked, 'tops_staff')).toBeUndefined();
    // Other members sign in as usual.
    await signIn('mia');
  });

  it('no audit row carries a password', async () => {
    const rows = await db().select().from(auditLog).where(like(auditLog.subject, 'staff:%'));
    expect(rows.length).toBeGreaterThan(10);
    const text = JSON.stringify(rows);
    for (const password of [...Object.values(PASSWORDS), TOKEN]) {
      expect(text).not.toContain(password);
    }
  });
});
