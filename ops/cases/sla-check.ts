import type { Db } from '../../db/client.js';
import { findCase, mergeCaseFields } from '../../db/queries/cases.js';
import { audit } from '../audit/log.js';
import type { Logger } from '../logger.js';
import type { SlaClock } from './sla.js';

/** Runs at a case's due time. A clock that was met (first human reply, resolution) is left
 * alone; a missed one is recorded on the case and in the audit log, and logged for alerting. */
export async function checkSla(deps: { db: Db; log: Logger }, caseId: string, clock: SlaClock) {
  const row = await findCase(deps.db, caseId);
  if (!row) return { status: 'unknown_case' as const };
  const met = clock === 'first_response' ? (row.firstResponseAt ?? row.resolvedAt) : row.resolvedAt;
  if (met) return { status: 'met' as const };
  const due = clock === 'first_response' ? row.firstResponseDueAt : row.resolutionDueAt;
  if (due && due.getTime() > Date.now()) return { status: 'not_due' as const };
  const breaches = { ...((row.fields.sla_breaches as Record<string, string>) ?? {}) };
  if (breaches[clock]) return { status: 'breached' as const };
  breaches[clock] = new Date().toISOString();
  await mergeCaseFields(deps.db, caseId, { sla_breaches: breaches });
  await audit(deps.db, {
    actor: 'system',
    action: 'case.sla_breached',
    subject: caseId,
    details: { clock, number: row.number, queue: row.queue, severity: row.severity },
  });
  deps.log.warn({ caseId, clock, queue: row.queue, severity: row.severity }, 'sla: breached');
  return { status: 'breached' as const };
}
