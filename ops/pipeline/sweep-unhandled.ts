import { and, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { messages } from '../../db/schema/index.js';
import { sweepApprovals } from '../approvals/index.js';
import type { JobEngine } from '../jobs/index.js';

/** Messages older than this and still unhandled were dropped between store and enqueue. */
export const SWEEP_AFTER_MS = 2 * 60_000;

/** Re-enqueues stranded messages under a job id that includes the sweep round: the first
 * job may have failed for good and keep its id, and a duplicate run is harmless because
 * handlers claim the row before writing. */
export async function sweepUnhandled(deps: { db: Db; jobs: JobEngine; now?: Date }, round: string) {
  const cutoff = new Date((deps.now ?? new Date()).getTime() - SWEEP_AFTER_MS);
  const stranded = await deps.db
    .select({ id: messages.id, direction: messages.direction })
    .from(messages)
    .where(and(isNull(messages.handledAt), lt(messages.createdAt, cutoff)))
    .orderBy(sql`${messages.createdAt}`)
    .limit(500);
  for (const m of stranded) {
    const name = m.direction === 'inbound' ? 'triage.message' : 'outbound.send';
    await deps.jobs.enqueue(name, { messageId: m.id }, { jobId: `${m.id}-${round}` });
  }
  // Approvals left behind by a crash or a lost delayed job (the in-process engine forgets
  // delayed expiry jobs on restart) ride on the same minute-by-minute sweep.
  const approvals = await sweepApprovals(deps, round);
  return { requeued: stranded.length, approvals };
}
