import type { Db } from '../../db/client.js';
import type { Approval } from '../../db/queries/approvals.js';
import { transition } from '../../db/queries/approvals.js';
import { audit } from '../audit/index.js';
import { sendStoredReplies, storeBuyerReply, t } from '../replies/index.js';
import { type ApprovalDeps, orderCodeOf } from './approval-deps.js';
import { type CommitOutcome, skipped } from './fail-commit.js';

/** executing -> executed in one transaction: `apply` carries out the change (and may audit
 * its own rows), then the result is recorded on the approval, audited, and the buyer's reply
 * stored; sent after commit. A replay finds the row no longer executing and does nothing. */
export async function executeOnce(
  deps: ApprovalDeps,
  approval: Approval,
  apply: (db: Db) => Promise<Record<string, unknown>>,
  reply: (locale: string | undefined, result: Record<string, unknown>) => string = (locale) =>
    t(locale, 'order_edit_done', { orderCode: orderCodeOf(approval.payload) }),
): Promise<CommitOutcome> {
  const done = await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const claimed = await transition(db, { id: approval.id, from: 'executing', to: 'executed' });
    if (!claimed) return undefined;
    const result = await apply(db);
    await transition(db, { id: approval.id, from: 'executed', to: 'executed', result });
    // Ids and the kind of change only: holder names stay out of the audit log.
    await audit(db, {
      actor: 'system',
      action: 'approval.executed',
      subject: approval.id,
      details: { kind: approval.kind, order: approval.orderId, ...result },
    });
    const stored = await storeBuyerReply(db, approval.caseId, (locale) => reply(locale, result));
    return { result, reply: stored };
  });
  if (!done) return skipped(deps, approval.id);
  await sendStoredReplies(deps, [done.reply]);
  return { outcome: 'executed', result: done.result };
}
