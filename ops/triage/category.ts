import type { Classification, Intent } from './types.js';

export type Category = Classification['category'];

/** Intent -> category (docs/architecture.md, the life of a buyer message). A Record over every Intent, so adding an intent
 * without choosing its category does not compile. The rule of thumb: a category is the team
 * that works the case.
 * - billing: money moves or is asked about (paying, payment methods and problems, refunds and
 *   their policy). Refund cases need the payment state from Stripe.
 * - orders: changes to or questions about an existing or new order, including cancellation
 *   and its fee/policy (a cancellation is an order change even when a refund follows).
 * - delivery: how and when tickets arrive.
 * - account: the buyer's personal data (privacy policy, data requests).
 * - event_info: questions about events, ticket types and organizers; no order needed.
 * - checkin: trouble at the door.
 * - general: asking for a person or for "customer service", and anything out of scope. */
export const CATEGORY_BY_INTENT: Record<Intent, Category> = {
  pay: 'billing',
  payment_methods: 'billing',
  report_payment_issue: 'billing',
  get_refund: 'billing',
  track_refund: 'billing',
  check_refund_policy: 'billing',
  buy_ticket: 'orders',
  sell_ticket: 'orders',
  cancel_ticket: 'orders',
  track_cancellation: 'orders',
  check_cancellation_fee: 'orders',
  check_cancellation_policy: 'orders',
  transfer_ticket: 'orders',
  upgrade_ticket: 'orders',
  change_personal_details_on_ticket: 'orders',
  find_ticket: 'orders',
  delivery_options: 'delivery',
  delivery_period: 'delivery',
  check_privacy_policy: 'account',
  information_about_tickets: 'event_info',
  information_about_type_events: 'event_info',
  find_upcoming_events: 'event_info',
  event_organizer: 'event_info',
  checkin_problem: 'checkin',
  customer_service: 'general',
  human_agent: 'general',
  out_of_scope: 'general',
};

export const categoryOf = (intent: Intent): Category => CATEGORY_BY_INTENT[intent] ?? 'general';
