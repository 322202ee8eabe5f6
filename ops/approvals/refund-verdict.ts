import type { Policy } from '../config/index.js';

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
  /** money other open approvals on this order are about to pay back (approved, executing) */
  reservedMinor?: number;
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
  // The window sets what the order may get back in total; what was already refunded (by
  // earlier approvals, the Stripe dashboard, a cancellation) or is about to be counts
  // against it, so asking twice in the 50% window never adds up to more than 50%.
  const base = order.totalMinor - (rules.keep_service_fee ? order.feeMinor : 0);
  const window =
    hoursBefore >= rules.full_until_hours_before
      ? ({ rule: 'full', total: base } as const)
      : hoursBefore >= rules.partial_until_hours_before && rules.partial_percent > 0
        ? ({ rule: 'partial', total: Math.floor((base * rules.partial_percent) / 100) } as const)
        : undefined;
  if (!window) {
    return {
      eligible: false,
      rule: 'window_closed',
      reason: `refunds close ${rules.partial_until_hours_before} hours before doors open`,
    };
  }
  const refundable = window.total - order.refundedMinor - (facts.reservedMinor ?? 0);
  if (refundable <= 0) {
    return {
      eligible: false,
      rule: 'nothing_left',
      reason: 'what the refund policy allows for this order has already been refunded',
    };
  }
  const held = facts.heldForReview;
  return {
    eligible: true,
    rule: window.rule,
    amountMinor: refundable,
    currency: order.currency,
    reason:
      window.rule === 'full'
        ? `requested ${Math.floor(hoursBefore / 24)} days before doors: full refund window`
        : `requested ${Math.floor(hoursBefore)} hours before doors: ${rules.partial_percent}% refund window`,
    held,
  };
}
