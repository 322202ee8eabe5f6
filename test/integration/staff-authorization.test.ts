import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findApproval } from '../../db/queries/approvals.js';
import { approvals, auditLog, cases, riskReviews } from '../../db/schema/index.js';
import { setStaffPassword } from '../../ops/staff/index.js';
import { givenBuyerCase, givenRefundApprovals } from '../../testkit/refund-approvals.js';
import { type BootedProcess, bootWithPolicy } from '../helpers/booted-process.js';
import { cookieSet, flashText } from '../helpers/staff-console.js';

const PASSWORDS = {
  ana: 'ana approves refunds every day',
  bo: 'bo supervises the whole team',
  cy: 'cy answers buyers in the queue',
  dora: 'dora scans tickets at gate two',
} as const;
type Member = keyof typeof PASSWORDS;
const POLICY = `policy:
  second_approver_above_minor: 1000
staff:
  console_token: authorization-matrix-token
  members:
    - { id: ana, name: Ana Approver, roles: [approver] }
    - { id: bo, name: Bo Supervisor, roles: [supervisor] }
    - { id: cy, name: Cy Agent, roles: [agent] }
    - { id: dora, name: Dora Door, roles: [door] }
`;

/** Every staff action tried by someone who may not do it: a buyer (no staff session), staff
 * without the role, the requester of the approval. Each is refused, changes nothing and
 * leaves an audit row. Driven through the console's HTTP routes on a booted process. */
describe('authorization matrix of staff actions (PostgreSQL, console over HTTP)', () => {
  let booted: BootedProcess;
  let client: BootedProcess['client'];
  const cookies = new Map<Member, string>();
  let address = 0;

  beforeAll(async () => {
    booted = await bootWithPolicy(POLICY);
    client = booted.client;
    const deps = { db: db(), policy: booted.running.runtime.policy };
    for (const [staffId, password] of Object.entries(PASSWORDS)) {
      await setStaffPassword(deps, { staffId, password, mode: 'add', actor: 'test' });
      const response = await client.signIn(
        { staffId, password },
        { address: `10.9.0.${++address}` },
      );
      expect(response.statusCode).toBe(303);
      cookies.set(staffId as Member, cookieSet(response, 'tops_staff')!);
    }
  });

  afterAll(async () => {
    await booted?.close();
  });

  const db = () => booted.db;
  const auditRows = async () => (await db().select({ n: count() }).from(auditLog))[0]!.n;
  const lastAudit = async () => (await db().select().from(auditLog).orderBy(auditLog.seq)).at(-1)!;

  /** A pending refund approval (above the two-approver threshold) with its buyer case. */
  async function pendingRefund(requestedBy = 'bot') {
    const [a] = await givenRefundApprovals(db(), { count: 1, status: 'pending' });
    await db().update(approvals).set({ requestedBy }).where(eq(approvals.id, a!.approvalId));
    const buyer = await givenBuyerCase(db(), a!);
    const [row] = await db().select().from(cases).where(eq(cases.id, buyer.caseId));
    return { ...a!, caseNumber: row!.number };
  }

  type Attempt = {
    who: string;
    cookie: string | undefined;
    post: [string, Record<string, string>];
  };

  /** Tries the attempt and checks it was refused and audited, returning the audit row. */
  async function refused(attempt: Attempt, action: string) {
    const before = await auditRows();
    const [url, body] = attempt.post;
    const response = await client.post(url, body, attempt.cookie);
    if (attempt.cookie === undefined) {
      // No staff session: sent to the sign-in form, nothing run.
      expect(response.statusCode, attempt.who).toBe(303);
      expect(response.headers.location, attempt.who).toMatch(/^\/staff\/login/);
    } else {
      expect(response.statusCode, attempt.who).toBe(303);
      expect(flashText(response), attempt.who).toBeDefined();
    }
    expect(await auditRows(), `${attempt.who}: audited`).toBe(before + 1);
    const row = await lastAudit();
    expect(row.action, attempt.who).toBe(action);
    return row;
  }

  const asBuyer = (post: Attempt['post']): Attempt => ({ who: 'a buyer', cookie: undefined, post });
  const as = (member: Member, post: Attempt['post']): Attempt => ({
    who: member,
    cookie: cookies.get(member),
    post,
  });

  it('signing in as another member: refused for a buyer, a door member and an approver, audited', async () => {
    const attempts: [string, Record<string, string>][] = [
      ['a buyer guessing', { staffId: 'bo', password: 'letmein-letmein' }],
      ['dora with her own password', { staffId: 'bo', password: PASSWORDS.dora }],
      ['ana with her own password', { staffId: 'bo', password: PASSWORDS.ana }],
    ];
    for (const [who, form] of attempts) {
      const before = await auditRows();
      const response = await client.signIn(form, { address: `10.9.1.${++address}` });
      expect(response.statusCode, who).toBe(401);
      expect(cookieSet(response, 'tops_staff'), who).toBeUndefined();
      expect(await auditRows(), who).toBe(before + 1);
      expect(await lastAudit(), who).toMatchObject({
        action: 'staff.sign_in_refused',
        subject: 'staff:bo',
      });
    }
  });

  it('deciding: refused for a buyer, door and agent staff, and the requester', async () => {
    const a = await pendingRefund('ana');
    const decide = (decision: string): Attempt['post'] => [
      `/staff/approvals/${a.approvalId}/decision`,
      { decision, back: '/staff/approvals' },
    ];
    for (const decision of ['approve', 'reject']) {
      await refused(asBuyer(decide(decision)), 'staff.action_refused');
      for (const member of ['dora', 'cy', 'ana'] as const) {
        const row = await refused(as(member, decide(decision)), 'approval.decision_refused');
        expect(row.actor).toBe(member);
      }
    }
    expect(await findApproval(db(), a.approvalId)).toMatchObject({
      status: 'pending',
      firstApprovedBy: null,
    });
  });

  it('second-approving: refused for a buyer, door staff and the first approver', async () => {
    const a = await pendingRefund();
    const approve: Attempt['post'] = [
      `/staff/approvals/${a.approvalId}/decision`,
      { decision: 'approve', back: '/staff/approvals' },
    ];
    const first = await client.post(approve[0], approve[1], cookies.get('ana'));
    expect(flashText(first)).toMatch(/second approver must confirm/);
    await refused(asBuyer(approve), 'staff.action_refused');
    await refused(as('dora', approve), 'approval.decision_refused');
    const again = await refused(as('ana', approve), 'approval.decision_refused');
    expect(again.details).toMatchObject({ why: 'first_approver_again' });
    expect(await findApproval(db(), a.approvalId)).toMatchObject({
      status: 'pending',
      firstApprovedBy: 'ana',
      decidedBy: null,
    });
  });

  it('replying to the buyer and changing a case status: refused for a buyer and door staff', async () => {
    const a = await pendingRefund();
    const reply: Attempt['post'] = [`/staff/cases/${a.caseNumber}/reply`, { text: 'hello' }];
    const status: Attempt['post'] = [`/staff/cases/${a.caseNumber}/status`, { status: 'closed' }];
    for (const post of [reply, status]) {
      await refused(asBuyer(post), 'staff.action_refused');
      const row = await refused(as('dora', post), 'case.action_refused');
      expect(row).toMatchObject({ actor: 'dora', details: { why: 'missing_role' } });
    }
    const [row] = await db().select().from(cases).where(eq(cases.number, a.caseNumber));
    expect(row!.status).toBe('open');
  });

  it('overriding a risk hold: refused for a buyer, door staff and an approver; a supervisor may', async () => {
    const a = await pendingRefund();
    await db()
      .insert(riskReviews)
      .values({
        orderId: a.orderId,
        findings: [{ rule: 'dispute', reason: 'a dispute is open', weight: 80 }],
        score: 80,
        hold: 'refunds',
      });
    const override: Attempt['post'] = [
      `/staff/approvals/${a.approvalId}/decision`,
      { decision: 'approve', override_hold: 'yes', back: '/staff/approvals' },
    ];
    await refused(asBuyer(override), 'staff.action_refused');
    await refused(as('dora', override), 'approval.decision_refused');
    const approver = await refused(as('ana', override), 'approval.decision_refused');
    expect(approver.details).toMatchObject({ why: 'override_needs_supervisor' });
    expect(await findApproval(db(), a.approvalId)).toMatchObject({ firstApprovedBy: null });
    const supervisor = await client.post(override[0], override[1], cookies.get('bo'));
    expect(flashText(supervisor)).toMatch(/second approver must confirm/);
    expect(await lastAudit()).toMatchObject({ actor: 'bo', action: 'approval.hold_overridden' });
  });
});
