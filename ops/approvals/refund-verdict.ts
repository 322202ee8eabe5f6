import type { Policy } from '../config/policy.js';

export type RefundFacts = {
  order: {
    status: string;
    totalMinor: number;
    feeMinor: number;
    refundedMinor: number;
    currency: string;
  };
  tickets: { status: string }[];
  doorsAt: Date;
  now: Date;
  /** an open risk review holding refunds on this order */
  heldForReview: boolean;
};

export type RefundVerdict =
  | {
      eligible: true;
      amountMinor: number;
      currency: string;
      rule: 'full' | 'partial';
      reason: string;
      held: boolean;
    }
  | { eligible: false; reason: string; rule: string };

/** The refund policy, applied to one order: pure, so staff see the same verdict the bot
 * used, and tests can pin every branch. Windows count back from doors opening. */
export function refundVerdict(policy: Policy, facts: RefundFacts): RefundVerdict {
  const { order } = facts;
  const rules = policy.refunds;
  if (order.status === 'refunded' || order.refundedMinor >= order.totalMinor) {
    return {
      eligible: false,
      rule: 'already_refunded',
      reason: 'this order has already been refunded',
    };
  }
  if (order.status === 'disputed') {
    return { eligible: false, rule: 'disputed', reason: 'a payment dispute is open on this order' };
  }
  if (order.status !== 'paid' && order.status !== 'partially_refunded') {
    return { eligible: false, rule: 'not_paid', reason: 'this order has not been paid' };
  }
  if (facts.tickets.some((t) => t.status === 'checked_in')) {
    return {
      eligible: false,
      rule: 'checked_in',
      reason: 'a ticket on this order was already used at the door',
    };
  }
  if (facts.tickets.some((t) => t.status === 'transferred')) {
    return {
      eligible: false,
      rule: 'transferred',
      reason: 'a ticket on this order was transferred',
    };
  }
  const hoursBefore = (facts.doorsAt.getTime() - facts.now.getTime()) / 3_600_000;
  const refundable =
    order.totalMinor - order.refundedMinor - (rules.keep_service_fee ? order.feeMinor : 0);
  if (refundable <= 0) {
    return {
      eligible: false,
      rule: 'nothing_left',
      reason: 'nothing refundable is left on this order',
    };
  }
  const held = facts.heldForReview;
  if (hoursBefore >= rules.full_until_hours_before) {
    return {
      eligible: true,
      rule: 'full',
      amountMinor: refundable,
      currency: order.currency,
      reason: `requested ${Math.floor(hoursBefore / 24)} days before doors: full refund window`,
      held,
    };
  }
  if (hoursBefore >= rules.partial_until_hours_before && rules.partial_percent > 0) {
    return {
      eligible: true,
      rule: 'partial',
      amountMinor: Math.floor((refundable * rules.partial_percent) / 100),
      currency: order.currency,
      reason: `requested ${Math.floor(hoursBefore)} hours before doors: ${rules.partial_percent}% refund window`,
      held,
    };
  }
  return {
    eligible: false,
    rule: 'window_closed',
    reason: `refunds close ${rules.partial_until_hours_before} hours before doors open`,
  };
}
