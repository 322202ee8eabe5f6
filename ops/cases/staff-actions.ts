import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { findConversation } from '../../db/queries/conversations.js';
import { type CaseStatus, cases } from '../../db/schema/index.js';
import { audit } from '../audit/index.js';
import type { Policy } from '../config/index.js';
import { checkStaff } from '../config/index.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { JobEngine } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import { sendStoredReplies, storeOutgoing } from '../replies/index.js';

export type StaffActionDeps = { db: Db; jobs: JobEngine; policy: Policy; log: Logger };

/** The longest staff reply: under every channel's cap (Telegram 4096, Discord 4000), so a
 * reply never has to be split or cut on its way out. */
export const MAX_STAFF_REPLY_CHARS = 4000;

/** Which status a case may move to from each status. Reopening (resolved/closed -> open) is
 * the only way back from done, so it can be counted. */
const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ['pending_customer', 'pending_staff', 'resolved', 'closed'],
  pending_customer: ['open', 'pending_staff', 'resolved', 'closed'],
  pending_staff: ['open', 'pending_customer', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: ['open'],
};

const DONE: ReadonlySet<CaseStatus> = new Set(['resolved', 'closed']);

export const allowedTransitions = (from: CaseStatus): readonly CaseStatus[] => TRANSITIONS[from];

/** Throws unless `staffId` may work cases (the one role rule, `checkStaff`); a refusal is
 * audited first, so an attempt by someone without the role leaves a trace. */
export async function assertCaseWorker(
  deps: Pick<StaffActionDeps, 'db' | 'policy'>,
  staffId: string,
  attempt: { action: 'case.reply' | 'case.status'; caseRef: string },
): Promise<void> {
  if (!staffId.trim()) throw new ValidationError('staff id: required');
  const check = checkStaff(deps.policy, staffId, 'work_cases');
  if (check.allowed) return;
  await audit(deps.db, {
    actor: staffId,
    action: 'case.action_refused',
    subject: attempt.caseRef,
    details: { attempted: attempt.action, why: check.why },
  });
  throw new ForbiddenError(
    check.why === 'not_staff'
      ? `staff "${staffId}" is not a staff member in the policy file`
      : `staff "${staffId}" has no agent, approver or supervisor role`,
    { staffId, why: check.why },
  );
}

type CaseRef = { caseId: string } | { caseNumber: number };

/** What the audit row of a refused attempt names: the case id, or its number. */
const caseRefOf = (ref: CaseRef) => ('caseId' in ref ? ref.caseId : `case #${ref.caseNumber}`);

async function loadCase(db: Db, ref: CaseRef) {
  const where =
    'caseId' in ref ? eq(cases.id, ref.caseId) : eq(cases.number, Number(ref.caseNumber));
  const [row] = await db.select().from(cases).where(where).limit(1);
  if (!row) {
    const name = 'caseId' in ref ? ref.caseId : `#${ref.caseNumber}`;
    throw new NotFoundError(`case ${name} not found`, { ...ref });
  }
  return row;
}

export type StaffReplied = {
  messageId: string;
  caseId: string;
  caseNumber: number;
  firstResponse: boolean;
};

/** A staff member answers the buyer in the case's conversation. The reply is stored first
 * and sent by the outbound job (the sweeper resends it if the enqueue is lost). The first
 * human reply stops the first-response clock; the case then waits on the buyer. */
export async function replyAsStaff(
  deps: StaffActionDeps,
  input: CaseRef & { staffId: string; text: string },
): Promise<StaffReplied> {
  await assertCaseWorker(deps, input.staffId, { action: 'case.reply', caseRef: caseRefOf(input) });
  const text = input.text.trim();
  if (!text) throw new ValidationError('reply: text is empty');
  if (text.length > MAX_STAFF_REPLY_CHARS) {
    throw new ValidationError(`reply: at most ${MAX_STAFF_REPLY_CHARS} characters`);
  }
  const found = await loadCase(deps.db, input);
  if (DONE.has(found.status)) {
    throw new ValidationError(
      `case #${found.number} is ${found.status}: reopen it before replying`,
    );
  }
  if (!found.conversationId) {
    throw new ValidationError(`case #${found.number} has no conversation to reply in`);
  }
  const conversation = await findConversation(deps.db, found.conversationId);
  if (!conversation) throw new NotFoundError(`conversation of case #${found.number} not found`);

  const now = new Date();
  const replied = await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    // Conditional on the case still being live: a resolve racing this reply wins cleanly.
    const [updated] = await db
      .update(cases)
      .set({
        status: 'pending_customer',
        firstResponseAt: sql`coalesce(${cases.firstResponseAt}, ${now.toISOString()}::timestamptz)`,
      })
      .where(and(eq(cases.id, found.id), sql`${cases.status} not in ('resolved', 'closed')`))
      .returning({ firstResponseAt: cases.firstResponseAt });
    if (!updated) throw new ValidationError(`case #${found.number} was closed meanwhile`);
    const stored = await storeOutgoing(db, {
      conversationId: conversation.id,
      channel: conversation.channel,
      text,
      author: input.staffId,
      createdAt: now,
    });
    const firstResponse = found.firstResponseAt === null;
    await audit(db, {
      actor: input.staffId,
      action: 'case.staff_replied',
      subject: found.id,
      details: { number: found.number, message: stored.id, firstResponse, from: found.status },
    });
    return { messageId: stored.id, delivered: stored.delivered, firstResponse };
  });

  if (!replied.delivered) await sendStoredReplies(deps, [replied.messageId]);
  return {
    messageId: replied.messageId,
    firstResponse: replied.firstResponse,
    caseId: found.id,
    caseNumber: found.number,
  };
}

export type StatusChange =
  | { changed: true; caseId: string; caseNumber: number; from: CaseStatus; to: CaseStatus }
  | { changed: false; caseId: string; caseNumber: number; status: CaseStatus };

/** Moves a case along its lifecycle. Done (resolved/closed) records when; reopening clears
 * that and counts the reopen, which the support report reads. Setting the status it already
 * has is a no-op, so a double click does not error or audit twice. */
export async function setCaseStatus(
  deps: Pick<StaffActionDeps, 'db' | 'policy'>,
  input: CaseRef & { staffId: string; status: CaseStatus },
): Promise<StatusChange> {
  await assertCaseWorker(deps, input.staffId, { action: 'case.status', caseRef: caseRefOf(input) });
  const found = await loadCase(deps.db, input);
  const from = found.status;
  const to = input.status;
  if (from === to)
    return { changed: false, caseId: found.id, caseNumber: found.number, status: from };
  if (!TRANSITIONS[from]?.includes(to)) {
    throw new ValidationError(`case #${found.number}: cannot go from ${from} to ${to}`, {
      from,
      to,
    });
  }
  const reopening = DONE.has(from) && !DONE.has(to);
  const finishing = !DONE.has(from) && DONE.has(to);
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const [row] = await db
      .update(cases)
      .set({
        status: to,
        ...(finishing ? { resolvedAt: new Date() } : {}),
        ...(reopening ? { resolvedAt: null, reopenCount: sql`${cases.reopenCount} + 1` } : {}),
      })
      // Only from the status we checked: two staff changing it at once cannot both win.
      .where(and(eq(cases.id, found.id), eq(cases.status, from)))
      .returning({ id: cases.id });
    if (!row) {
      throw new ValidationError(`case #${found.number} changed meanwhile: reload and try again`);
    }
    await audit(db, {
      actor: input.staffId,
      action: 'case.status_changed',
      subject: found.id,
      details: { number: found.number, from, to },
    });
    return { changed: true as const, caseId: found.id, caseNumber: found.number, from, to };
  });
}
