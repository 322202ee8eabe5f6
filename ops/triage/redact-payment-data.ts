import { findPaymentSpans, type PaymentSpan } from './entities/payment-spans.js';

/** What stands in for card data. No digit of it is kept, not even the last four: a window
 * that matched may hold digits glued to the card (its code), and Stripe already shows staff
 * the card's last four on the payment. */
export const PAYMENT_LABELS: Record<PaymentSpan['kind'], string> = {
  card: '[card number removed]',
  expiry: '[card expiry removed]',
  security_code: '[security code removed]',
};

/** A text with its card numbers, expiry dates and security codes replaced by labels. Runs on
 * every inbound message before anything reads it (classification included), so no later step
 * can store, log or show card data. Idempotent: the labels hold no digits. */
export function redactPaymentData(text: string): string {
  const spans = findPaymentSpans(text);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + PAYMENT_LABELS[span.kind];
    at = span.end;
  }
  return out + text.slice(at);
}
