import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type CaseStatus, cases } from '../../db/schema/index.js';
import { audit } from '../audit/index.js';
import { allowedTransitions } from './staff-actions.js';

/** Why automation gave a case back to a person; stored in the audit row. */
export type HandBackWhy =
  | 'approval_expired'
  | 'approval_failed'
  | 'upgrade_refused'
  | 'refund_failed';

export type HandedBack =
  | { changed: true; caseId: string; from: CaseStatus; to: CaseStatus }
  | { changed: false; caseId: string | null };

/** Puts a case back in a human's queue when automation could not finish what the buyer was
 * promised: an approval nobody decided in time, a commit that failed, a paid upgrade that
 * could not be applied. Runs in the caller's transaction, so the case moves exactly when the
 * approval does. A live case goes to `pending_staff`; a case already closed is reopened
 * (`open`, counted like any reopen: the lifecycle allows no other way back from done). A
 * case already waiting on staff stays as it is and is not audited twice. */
export async function handCaseToStaff(
  db: Db,
  p: { caseId: string | null; why: HandBackWhy; subject: string },
): Promise<HandedBack> {
  if (!p.caseId) return { changed: false, caseId: null };
  // Locked: a staff member changing the status at this moment waits, then sees ours.
  const [found] = await db
    .select({ id: cases.id, number: cases.number, status: cases.status })
    .from(cases)
    .where(eq(cases.id, p.caseId))
    .limit(1)
    .for('update');
  if (!found || found.status === 'pending_staff') return { changed: false, caseId: p.caseId };
  const from = found.status;
  const to: CaseStatus = allowedTransitions(from).includes('pending_staff')
    ? 'pending_staff'
    : 'open';
  const reopening = to === 'open';
  await db
    .update(cases)
    .set({
      status: to,
      ...(reopening ? { resolvedAt: null, reopenCount: sql`${cases.reopenCount} + 1` } : {}),
    })
    .where(eq(cases.id, found.id));
  await audit(db, {
    actor: 'system',
    action: reopening ? 'case.reopened' : 'case.status_changed',
    subject: found.id,
    details: { number: found.number, from, to, why: p.why, about: p.subject },
  });
  return { changed: true, caseId: found.id, from, to };
}
