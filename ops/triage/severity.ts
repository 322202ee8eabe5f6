import type { CustomerTier } from '../../db/schema/customers.js';
import { CUES, type CueKey } from './severity-cues.js';
import type { Classification, Intent } from './types.js';

export type Severity = Classification['severity'];
export type SeverityReason = CueKey | 'event_imminent' | 'tier_vip' | 'tier_member';

export type SeverityContext = {
  tier?: CustomerTier;
  /** When the event the message is about starts; with `now`, decides `event_imminent`. */
  eventStartsAt?: Date;
  now?: Date;
};

export type SeverityResult = { severity: Severity; reasons: SeverityReason[] };

type Level = 1 | 2 | 3 | 4;

/** Baseline before cues: someone at the door is P2, anything that touches an order or money
 * P3, questions that need no order P4. */
const BASE: Partial<Record<Intent, Level>> = {
  checkin_problem: 2,
  get_refund: 3,
  track_refund: 3,
  cancel_ticket: 3,
  track_cancellation: 3,
  report_payment_issue: 3,
  pay: 3,
  buy_ticket: 3,
  sell_ticket: 3,
  transfer_ticket: 3,
  upgrade_ticket: 3,
  change_personal_details_on_ticket: 3,
  find_ticket: 3,
  delivery_period: 3,
  human_agent: 3,
  customer_service: 3,
};

/** An event starting within this window (or started up to 6 hours ago) is "imminent". */
const IMMINENT_BEFORE_MS = 24 * 3_600_000;
const IMMINENT_AFTER_MS = 6 * 3_600_000;

/** Severity P1 (most urgent) .. P4. Floors from cues apply first (the case is at least that
 * urgent), then each bumping cue raises one step, time pressure counting once whether it came
 * from the words ("tonight") or from the event's start time; then a vip or member tier raises
 * one more step. Never above P1. `reasons` lists the cue keys that fired, for staff. */
export function assessSeverity(
  text: string,
  intent: Intent,
  context: SeverityContext = {},
): SeverityResult {
  const lower = text.toLowerCase().replace(/[’‘`]/g, "'");
  let level: number = BASE[intent] ?? 4;
  const reasons: SeverityReason[] = [];
  let bumps = 0;
  for (const cue of CUES) {
    if (!cue.pattern.test(lower)) continue;
    reasons.push(cue.key);
    if (cue.floor !== undefined) level = Math.min(level, cue.floor);
    if (cue.bump) bumps++;
  }
  if (isImminent(context)) {
    reasons.push('event_imminent');
    if (!reasons.includes('event_today')) bumps++;
  }
  if (context.tier === 'vip' || context.tier === 'member') {
    reasons.push(context.tier === 'vip' ? 'tier_vip' : 'tier_member');
    bumps++;
  }
  const final = Math.max(1, level - bumps) as Level;
  return { severity: `P${final}`, reasons };
}

function isImminent({ eventStartsAt, now = new Date() }: SeverityContext): boolean {
  if (!eventStartsAt || Number.isNaN(eventStartsAt.getTime())) return false;
  const delta = eventStartsAt.getTime() - now.getTime();
  return delta <= IMMINENT_BEFORE_MS && delta >= -IMMINENT_AFTER_MS;
}
