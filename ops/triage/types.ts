/** The contract between the triage brain and the rest of the pipeline (docs/architecture.md, the life of a buyer message). */

export const BUYER_INTENTS = [
  'buy_ticket',
  'sell_ticket',
  'pay',
  'payment_methods',
  'report_payment_issue',
  'cancel_ticket',
  'track_cancellation',
  'check_cancellation_fee',
  'check_cancellation_policy',
  'get_refund',
  'track_refund',
  'check_refund_policy',
  'transfer_ticket',
  'upgrade_ticket',
  'change_personal_details_on_ticket',
  'find_ticket',
  'delivery_options',
  'delivery_period',
  'information_about_tickets',
  'information_about_type_events',
  'find_upcoming_events',
  'event_organizer',
  'check_privacy_policy',
  'customer_service',
  'human_agent',
] as const;

export const INTENTS = [...BUYER_INTENTS, 'checkin_problem', 'out_of_scope'] as const;
export type Intent = (typeof INTENTS)[number];

export type Sentiment = { label: 'negative' | 'neutral' | 'positive'; score: number };

export const ENTITY_TYPES = [
  'order_code',
  'ticket_code',
  'email',
  'phone',
  'amount',
  'date',
  'event_name',
  'seat',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** `start`/`end` are UTF-16 offsets into the original text: text.slice(start, end) is the
 * entity as the buyer wrote it; `value` is its normalised form. */
export type Entity = { type: EntityType; value: string; start: number; end: number };

export type IntentScore = { intent: Intent; confidence: number };

export type Classification = {
  intent: Intent;
  confidence: number;
  /** runner-up intents, best first, for clarifying questions */
  alternatives: IntentScore[];
  category: 'billing' | 'orders' | 'delivery' | 'account' | 'event_info' | 'checkin' | 'general';
  severity: 'P1' | 'P2' | 'P3' | 'P4';
  sentiment: Sentiment;
  entities: Entity[];
  language: string;
};
