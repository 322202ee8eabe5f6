import type { Db } from '../../db/client.js';
import { strandedApprovals } from '../../db/queries/approvals.js';
import type { JobEngine } from '../jobs/index.js';

/** An approved approval not claimed by a commit job within this was dropped between the
 * decision and the enqueue (crash, Redis blip). */
export const APPROVED_STRANDED_AFTER_MS = 2 * 60_000;
/** A commit stays `executing` across Stripe retries with backoff; past this its job is
 * gone (a killed worker whose job stalled twice, a restarted in-process engine). */
export const EXECUTING_STRANDED_AFTER_MS = 10 * 60_000;

/** Re-enqueues approval work a crash or a lost delayed job left behind: overdue pending
 * approvals get their expiry job, unclaimed or stuck commits their commit job. Job ids carry
 * the sweep round because the first job may have finished (failed for good) and keep its id;
 * running a commit twice is safe, it claims or reconciles. */
export async function sweepApprovals(
  deps: { db: Db; jobs: JobEngine; now?: Date },
  round: string,
  options: { approvedAfterMs?: number; executingAfterMs?: number } = {},
) {
  const now = (deps.now ?? new Date()).getTime();
  const stranded = await strandedApprovals(deps.db, {
    approvedBefore: new Date(now - (options.approvedAfterMs ?? APPROVED_STRANDED_AFTER_MS)),
    executingBefore: new Date(now - (options.executingAfterMs ?? EXECUTING_STRANDED_AFTER_MS)),
  });
  for (const approvalId of stranded.overdue) {
    await deps.jobs.enqueue(
      'approvals.expire',
      { approvalId },
      { jobId: `${approvalId}-${round}` },
    );
  }
  for (const approvalId of stranded.unfinished) {
    await deps.jobs.enqueue(
      'approvals.commit',
      { approvalId },
      { jobId: `${approvalId}-${round}` },
    );
  }
  return { expired: stranded.overdue.length, recommitted: stranded.unfinished.length };
}
