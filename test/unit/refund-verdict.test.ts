import { describe, expect, it } from 'vitest';
import { holdStops } from '../../ops/approvals/hold.js';
import { type RefundFacts, refundVerdict } from '../../ops/approvals/refund-verdict.js';
import { parsePolicy } from '../../ops/config/policy.js';

const policy = parsePolicy('');
const HOUR = 3600_000;
const now = new Date('2031-05-01T12:00:00Z');

/** An order of 58.00 + 3.00 fee, doors `hoursAhead` from now, refunded `refundedMinor`. */
const facts = (hoursAhead: number, over: Partial<RefundFacts['order']> = {}): RefundFacts => ({
  order: {
    status: 'paid',
    totalMinor: 6100,
    feeMinor: 300,
    refundedMinor: 0,
    currency: 'EUR',
    ...over,
  },
  tickets: [{ status: 'valid' }],
  doorsAt: new Date(now.getTime() + hoursAhead * HOUR),
  now,
  heldForReview: false,
});

describe('the refund verdict counts what the order already got back', () => {
  it('full window: the order total less the fee, less what was refunded', () => {
    expect(refundVerdict(policy, facts(30 * 24))).toMatchObject({ amountMinor: 5800 });
    expect(
      refundVerdict(policy, facts(30 * 24, { refundedMinor: 1000, status: 'partially_refunded' })),
    ).toMatchObject({ eligible: true, amountMinor: 4800 });
  });

  it('50% window: 50% of the order in total, however many times the buyer asks', () => {
    expect(refundVerdict(policy, facts(72))).toMatchObject({ rule: 'partial', amountMinor: 2900 });
    const second = refundVerdict(
      policy,
      facts(72, { refundedMinor: 2900, status: 'partially_refunded' }),
    );
    expect(second).toMatchObject({ eligible: false, rule: 'nothing_left' });
    // A part refunded elsewhere leaves the rest of the 50%.
    expect(
      refundVerdict(policy, facts(72, { refundedMinor: 900, status: 'partially_refunded' })),
    ).toMatchObject({ eligible: true, amountMinor: 2000 });
  });

  it('money other approvals are about to pay back is spoken for', () => {
    expect(refundVerdict(policy, { ...facts(30 * 24), reservedMinor: 5000 })).toMatchObject({
      amountMinor: 800,
    });
    expect(refundVerdict(policy, { ...facts(30 * 24), reservedMinor: 5800 })).toMatchObject({
      eligible: false,
      rule: 'nothing_left',
    });
  });

  it('closes in the last hours before doors', () => {
    expect(refundVerdict(policy, facts(10))).toMatchObject({
      eligible: false,
      rule: 'window_closed',
    });
  });
});

describe('what a risk hold stops', () => {
  const refund = { kind: 'refund_commit' as const };
  const edit = { kind: 'order_edit_commit' as const };
  it('refunds and refunding cancellations under a refunds hold; everything under all', () => {
    expect(holdStops('none', refund)).toBe(false);
    expect(holdStops('refunds', refund)).toBe(true);
    expect(holdStops('refunds', edit, { type: 'cancel_tickets', refundMinor: 100 })).toBe(true);
    expect(holdStops('refunds', edit, { type: 'cancel_tickets', refundMinor: 0 })).toBe(false);
    expect(holdStops('refunds', edit, { type: 'change_holder_name' })).toBe(false);
    expect(holdStops('all', edit, { type: 'change_holder_name' })).toBe(true);
  });
});
