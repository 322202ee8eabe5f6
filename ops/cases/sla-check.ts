import type { Db } from '../../db/client.js';
import { findCase, mergeCaseFields } from '../../db/queries/cases.js';
import { audit } from '../audit/index.js';
import type { JobEngine } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import type { SlaClock } from './sla.js';

/** How many times one clock's check may find itself early and reschedule. Each round waits
 * until the due time as this worker sees it, so two rounds settle any honest clock skew; the
 * cap only stops a worker whose clock keeps jumping back from rescheduling forever. */
export const SLA_CHECK_MAX_ROUNDS = 20;

export type SlaCheckDeps = { db: Db; log: Logger; jobs: JobEngine; now?: () => Date };

export type SlaCheckResult =
  | { status: 'unknown_case' | 'met' | 'breached' }
  | { status: 'rescheduled'; round: number; delayMs: number }
  | { status: 'gave_up'; round: number };

/** Runs at a case's due time. A clock that was met (first human reply, resolution) is left
 * alone; a missed one is recorded on the case and in the audit log, and logged for alerting.
 * A check that runs before the due time (a delayed job fired early, a worker clock behind
 * the one that scheduled it) schedules itself again for the due time rather than letting
 * the clock go unwatched. */
export async function checkSla(
  deps: SlaCheckDeps,
  p: { caseId: string; clock: SlaClock; round?: number | undefined },
): Promise<SlaCheckResult> {
  const { caseId, clock } = p;
  const row = await findCase(deps.db, caseId);
  if (!row) return { status: 'unknown_case' };
  const met = clock === 'first_response' ? (row.firstResponseAt ?? row.resolvedAt) : row.resolvedAt;
  if (met) return { status: 'met' };
  const now = deps.now?.() ?? new Date();
  const due = clock === 'first_response' ? row.firstResponseDueAt : row.resolutionDueAt;
  if (due && due.getTime() > now.getTime()) return reschedule(deps, p, due, now);
  const breaches = { ...((row.fields.sla_breaches as Record<string, string>) ?? {}) };
  if (breaches[clock]) return { status: 'breached' };
  breaches[clock] = now.toISOString();
  // One transaction: a crash between the two would leave a breach that a retry sees as
  // already recorded, and never audits.
  await deps.db.transaction(async (tx) => {
    const txDb = tx as unknown as Db;
    await mergeCaseFields(txDb, caseId, { sla_breaches: breaches });
    await audit(txDb, {
      actor: 'system',
      action: 'case.sla_breached',
      subject: caseId,
      details: { clock, number: row.number, queue: row.queue, severity: row.severity },
    });
  });
  deps.log.warn({ caseId, clock, queue: row.queue, severity: row.severity }, 'sla: breached');
  return { status: 'breached' };
}

async function reschedule(
  deps: SlaCheckDeps,
  p: { caseId: string; clock: SlaClock; round?: number | undefined },
  due: Date,
  now: Date,
): Promise<SlaCheckResult> {
  const round = (p.round ?? 0) + 1;
  if (round > SLA_CHECK_MAX_ROUNDS) {
    deps.log.error(
      { caseId: p.caseId, clock: p.clock, due, round },
      'sla: check keeps running before the due time, not rescheduled',
    );
    return { status: 'gave_up', round };
  }
  const delayMs = due.getTime() - now.getTime();
  // A new round is a new job id: the running job still holds its own, and an enqueue under
  // it would be dropped as a duplicate.
  await deps.jobs.enqueue(
    'cases.sla_check',
    { caseId: p.caseId, clock: p.clock, round },
    { delayMs },
  );
  deps.log.info({ caseId: p.caseId, clock: p.clock, delayMs, round }, 'sla: early, rescheduled');
  return { status: 'rescheduled', round, delayMs };
}
