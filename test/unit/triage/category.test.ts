import { describe, expect, it } from 'vitest';
import { CATEGORY_BY_INTENT, categoryOf } from '../../../ops/triage/category.js';
import { INTENTS } from '../../../ops/triage/types.js';

describe('category', () => {
  const expected = {
    buy_ticket: 'orders',
    sell_ticket: 'orders',
    pay: 'billing',
    payment_methods: 'billing',
    report_payment_issue: 'billing',
    cancel_ticket: 'orders',
    track_cancellation: 'orders',
    check_cancellation_fee: 'orders',
    check_cancellation_policy: 'orders',
    get_refund: 'billing',
    track_refund: 'billing',
    check_refund_policy: 'billing',
    transfer_ticket: 'orders',
    upgrade_ticket: 'orders',
    change_personal_details_on_ticket: 'orders',
    find_ticket: 'orders',
    delivery_options: 'delivery',
    delivery_period: 'delivery',
    information_about_tickets: 'event_info',
    information_about_type_events: 'event_info',
    find_upcoming_events: 'event_info',
    event_organizer: 'event_info',
    check_privacy_policy: 'account',
    customer_service: 'general',
    human_agent: 'general',
    checkin_problem: 'checkin',
    out_of_scope: 'general',
  } as const;

  it.each(INTENTS.map((i) => [i, expected[i]]))('%s -> %s', (intent, category) => {
    expect(categoryOf(intent)).toBe(category);
  });

  it('covers all 27 intents and nothing else', () => {
    expect(INTENTS).toHaveLength(27);
    expect(Object.keys(CATEGORY_BY_INTENT).sort()).toEqual([...INTENTS].sort());
  });
});
