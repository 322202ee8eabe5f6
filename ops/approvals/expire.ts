import type { Db } from '../../db/client.js';
import { type Approval, expireIfDue, findApproval } from '../../db/queries/approvals.js';
import { audit } from '../audit/index.js';
import { handCaseToStaff } from '../cases/index.js';
import { TicketopsError } from '../errors.js';
import type { JobEngine } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import { sendStoredReplies, storeBuyerReply, t } from '../replies/index.js';
import { orderCodeOf } from './approval-deps.js';

/** The expiry job fired before the database clock reached `expires_at` (clock skew between
 * machines): not permanent, so the engine retries it with backoff. */
export class NotDueYet extends TicketopsError {}

export type ExpireOutcome =
  | { outcome: 'expired'; approval: Approval }
  | { outcome: 'not_pending'; status: Approval['status'] }
  | { outcome: 'not_found' };

/** pending -> expired (one conditional update, so it cannot overwrite a decision that won the
 * race), audited, the case handed back to staff (nobody decided, so it must not sit in a
 * queue that waits on the bot) and the buyer told a person will follow up, all in one
 * transaction. */
export async function expireApproval(
  deps: { db: Db; jobs: JobEngine; log: Logger },
  approvalId: string,
): Promise<ExpireOutcome> {
  const done = await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const row = await expireIfDue(db, approvalId);
    if (!row) return undefined;
    await audit(db, {
      actor: 'system',
      action: 'approval.expired',
      subject: row.id,
      details: { kind: row.kind, order: row.orderId, expiresAt: row.expiresAt.toISOString() },
    });
    await handCaseToStaff(db, { caseId: row.caseId, why: 'approval_expired', subject: row.id });
    const reply = await storeBuyerReply(db, row.caseId, (locale) =>
      t(locale, 'approval_follow_up', { orderCode: orderCodeOf(row.payload) }),
    );
    return { row, reply };
  });
  if (done) {
    await sendStoredReplies(deps, [done.reply]);
    deps.log.info({ approvalId }, 'approvals: expired');
    return { outcome: 'expired', approval: done.row };
  }
  const current = await findApproval(deps.db, approvalId);
  if (!current) return { outcome: 'not_found' };
  if (current.status === 'pending') {
    throw new NotDueYet(`approval ${approvalId} is not due to expire yet`, { approvalId });
  }
  return { outcome: 'not_pending', status: current.status };
}

// Fire a little after expires_at so a worker whose clock runs ahead of the database's does
// not find the approval still open.
const EXPIRY_SLACK_MS = 2_000;

/** Enqueues the delayed expiry job for a new approval (job id from the approval id). The
 * in-process engine forgets delayed jobs on restart; the approvals sweep covers that. */
export async function scheduleApprovalExpiry(
  deps: { db: Db; jobs: JobEngine },
  approvalId: string,
): Promise<void> {
  const approval = await findApproval(deps.db, approvalId);
  if (approval?.status !== 'pending') return;
  const delayMs = Math.max(0, approval.expiresAt.getTime() - Date.now()) + EXPIRY_SLACK_MS;
  await deps.jobs.enqueue('approvals.expire', { approvalId }, { delayMs });
}
