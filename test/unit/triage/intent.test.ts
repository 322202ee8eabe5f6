/** Every intent family, with text written for this test (not from the dev set). */
import { describe, expect, it } from 'vitest';
import { classifyIntent, loadIntentModel } from '../../../ops/triage/intent/index.js';
import { INTENTS, type Intent } from '../../../ops/triage/types.js';

const CASES: Record<Intent, string[]> = {
  buy_ticket: ['I want to buy two tickets for the jazz night', 'how do i purchase a ticket'],
  sell_ticket: ['i cant go anymore, how can i resell my ticket?', 'selling my 2 seats'],
  pay: ['how do I pay for the seats I reserved', 'i need to complete my payment'],
  payment_methods: ['Do you take PayPal or only cards?', 'which ways can I pay?'],
  report_payment_issue: ['my card was charged twice for one order!!', 'payment failed at checkout'],
  cancel_ticket: ['please cancel order ORD-7F3K2, I cannot attend', 'cancel my booking'],
  track_cancellation: ['has my cancellation been processed yet?', 'status of my cancellation'],
  check_cancellation_fee: ['how much does it cost me to cancel?', 'is there a cancellation fee'],
  check_cancellation_policy: ['what is your policy on cancellations', 'until when can i cancel'],
  get_refund: ['I want my money back for ORD-9QX2B', 'refund me please'],
  track_refund: ['still no refund on my card after 2 weeks, where is it', 'refund status?'],
  check_refund_policy: ['are tickets refundable at all?', 'what does your refund policy say'],
  transfer_ticket: ['can my brother use my ticket instead of me', 'transfer a ticket to my wife'],
  upgrade_ticket: ['I would like to move to VIP seats', 'can i upgrade my ticket'],
  change_personal_details_on_ticket: [
    'my surname is spelled wrong on the ticket',
    'change the name on my ticket',
  ],
  find_ticket: ['i cannot find the tickets i bought', 'where are my tickets'],
  delivery_options: ['can you post paper tickets to me?', 'what delivery options are there'],
  delivery_period: ['how many days until my tickets get here', 'when will i receive my tickets'],
  information_about_tickets: ['how much is a ticket for the gala?', 'are tickets still available'],
  information_about_type_events: [
    'do you also have sports events or only concerts?',
    'what kinds of events do you have',
  ],
  find_upcoming_events: ['what is on in town next weekend', 'any upcoming concerts near me?'],
  event_organizer: [
    'who organises this festival, I want to contact them',
    'contact the event organizer',
  ],
  check_privacy_policy: ['what do you do with my personal data', 'where is your privacy policy'],
  customer_service: [
    'what are your customer support opening hours',
    'customer service phone number',
  ],
  human_agent: ['let me talk to a real person', 'human please'],
  checkin_problem: [
    'the scanner at the entrance rejects my QR code',
    'they say my ticket was already used, I am at gate 2',
  ],
  out_of_scope: ['what will the weather be like tomorrow', 'tell me a joke', 'zxqv plmok wert'],
};

describe('classifyIntent: one family at a time', () => {
  it('covers every intent in the contract', () => {
    expect(Object.keys(CASES).sort()).toEqual([...INTENTS].sort());
  });

  for (const [intent, texts] of Object.entries(CASES)) {
    for (const text of texts) {
      it(`${intent}: ${text}`, () => {
        expect(classifyIntent(text).intent).toBe(intent);
      });
    }
  }
});

describe('classifyIntent: result shape', () => {
  it('returns three runners-up, best first, none equal to the winner', () => {
    const r = classifyIntent('I want a refund');
    expect(r.alternatives).toHaveLength(3);
    expect(r.alternatives.map((a) => a.intent)).not.toContain(r.intent);
    const confs = [r.confidence, ...r.alternatives.map((a) => a.confidence)];
    expect([...confs].sort((a, b) => b - a)).toEqual(confs);
  });

  it('is sure of clear requests and unsure of vague ones', () => {
    expect(classifyIntent('please cancel my tickets for saturday').confidence).toBeGreaterThan(0.7);
    expect(classifyIntent('I need help').confidence).toBeLessThan(0.5);
  });

  it('rules: asking for a person wins even inside another topic', () => {
    expect(classifyIntent('about my refund, can I speak to a human?').intent).toBe('human_agent');
  });

  it('loads the committed model (model.bin matches training/*.yaml)', () => {
    // Fails when the YAML was edited without running build-model: the bot would then train
    // at every start instead of reading the file.
    expect(loadIntentModel().source).toBe('file');
  });
});
