/** How the pipeline treats each intent (docs/architecture.md, the life of a buyer message). */

/** Answered from the knowledge base; no order needed, no case. */
export const ANSWER_INTENTS = new Set([
  'buy_ticket',
  'sell_ticket',
  'payment_methods',
  'check_cancellation_fee',
  'check_cancellation_policy',
  'check_refund_policy',
  'delivery_options',
  'delivery_period',
  'information_about_tickets',
  'information_about_type_events',
  'find_upcoming_events',
  'event_organizer',
  'check_privacy_policy',
]);

/** About one order: the buyer must name it and prove it is theirs first. */
export const ORDER_INTENTS = new Set([
  'get_refund',
  'cancel_ticket',
  'track_refund',
  'track_cancellation',
  'transfer_ticket',
  'upgrade_ticket',
  'change_personal_details_on_ticket',
  'find_ticket',
  'report_payment_issue',
  'pay',
]);

/** The buyer asks for a person. */
export const HANDOVER_INTENTS = new Set(['human_agent', 'customer_service']);

export const REFUND_INTENTS = new Set(['get_refund', 'cancel_ticket']);
export const EDIT_INTENTS = new Set([
  'transfer_ticket',
  'upgrade_ticket',
  'change_personal_details_on_ticket',
]);

/** Below this the bot asks which of its best guesses the buyer meant, and acts on nothing. */
export const CONFIDENT = 0.55;
