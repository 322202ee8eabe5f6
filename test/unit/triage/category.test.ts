import { describe, expect, it } from 'vitest';
import { CATEGORY_BY_INTENT, categoryOf } from '../../../ops/triage/category.js';
import { INTENTS } from '../../../ops/triage/types.js';

describe('category', () => {
  // Stated per category, the way a queue owner reads it, rather than restating the table.
  const intentsOf = {
    billing: [
      'pay',
      'payment_methods',
      'report_payment_issue',
      'get_refund',
      'track_refund',
      'check_refund_policy',
    ],
    orders: [
      'buy_ticket',
      'sell_ticket',
      'cancel_ticket',
      'track_cancellation',
      'check_cancellation_fee',
      'check_cancellation_policy',
      'transfer_ticket',
      'upgrade_ticket',
      'change_personal_details_on_ticket',
      'find_ticket',
    ],
    delivery: ['delivery_options', 'delivery_period'],
    event_info: [
      'information_about_tickets',
      'information_about_type_events',
      'find_upcoming_events',
      'event_organizer',
    ],
    account: ['check_privacy_policy'],
    checkin: ['checkin_problem'],
    general: ['customer_service', 'human_agent', 'out_of_scope'],
  } as const;
  const expected = Object.fromEntries(
    Object.entries(intentsOf).flatMap(([category, intents]) => intents.map((i) => [i, category])),
  ) as Record<(typeof INTENTS)[number], string>;

  it.each(INTENTS.map((i) => [i, expected[i]]))('%s -> %s', (intent, category) => {
    expect(categoryOf(intent)).toBe(category);
  });

  it('covers all 27 intents and nothing else', () => {
    expect(INTENTS).toHaveLength(27);
    expect(Object.keys(CATEGORY_BY_INTENT).sort()).toEqual([...INTENTS].sort());
  });
});
