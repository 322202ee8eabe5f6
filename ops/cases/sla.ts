import type { Policy } from '../config/index.js';

export type SlaClock = 'first_response' | 'resolution';

/** When a case opened at `openedAt` must have its first human response and its resolution,
 * per the severity's targets in the policy file. */
export function slaDueTimes(policy: Policy, severity: 'P1' | 'P2' | 'P3' | 'P4', openedAt: Date) {
  const target = policy.sla[severity];
  const after = (minutes: number) => new Date(openedAt.getTime() + minutes * 60_000);
  return {
    firstResponseDueAt: after(target.first_response_minutes),
    resolutionDueAt: after(target.resolution_minutes),
  };
}

/** "15 minutes", "4 hours", "2 days": how the SLA reads in a reply to a buyer. */
export function describeDuration(minutes: number): string {
  if (minutes < 120) return `${minutes} minutes`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} hours`;
  return `${Math.round(minutes / (24 * 60))} days`;
}
