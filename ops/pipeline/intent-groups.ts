import type { Intent } from '../triage/index.js';

/** How the pipeline treats each intent (docs/architecture.md, the life of a buyer message):
 * - `answer`: answered from the knowledge base; no order needed, no case;
 * - `order`: about one order: the buyer must name it and prove it is theirs first;
 * - `handover`: the buyer asks for a person;
 * - `case`: no automatic answer; a case for staff (door problems, the off-topic).
 * Typed over every intent, so a new intent does not compile until it is given a treatment. */
const TREATMENT = {
  buy_ticket: 'answer',
  sell_ticket: 'answer',
  payment_methods: 'answer',
  check_cancellation_fee: 'answer',
  check_cancellation_policy: 'answer',
  check_refund_policy: 'answer',
  delivery_options: 'answer',
  delivery_period: 'answer',
  information_about_tickets: 'answer',
  information_about_type_events: 'answer',
  find_upcoming_events: 'answer',
  event_organizer: 'answer',
  check_privacy_policy: 'answer',
  get_refund: 'order',
  cancel_ticket: 'order',
  track_refund: 'order',
  track_cancellation: 'order',
  transfer_ticket: 'order',
  upgrade_ticket: 'order',
  change_personal_details_on_ticket: 'order',
  find_ticket: 'order',
  report_payment_issue: 'order',
  pay: 'order',
  human_agent: 'handover',
  customer_service: 'handover',
  checkin_problem: 'case',
  out_of_scope: 'case',
} as const satisfies Record<Intent, 'answer' | 'order' | 'handover' | 'case'>;

const treatedAs = (treatment: (typeof TREATMENT)[Intent]): Set<string> =>
  new Set(Object.entries(TREATMENT).flatMap(([intent, t]) => (t === treatment ? [intent] : [])));

export const ANSWER_INTENTS = treatedAs('answer');
export const ORDER_INTENTS = treatedAs('order');
export const HANDOVER_INTENTS = treatedAs('handover');

export const REFUND_INTENTS = new Set(['get_refund', 'cancel_ticket']);
export const EDIT_INTENTS = new Set([
  'transfer_ticket',
  'upgrade_ticket',
  'change_personal_details_on_ticket',
]);

/** Below this the bot asks which of its best guesses the buyer meant, and acts on nothing. */
export const CONFIDENT = 0.55;
