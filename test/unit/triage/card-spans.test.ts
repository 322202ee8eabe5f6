import { describe, expect, it } from 'vitest';
import { findCardSpans } from '../../../ops/triage/entities/card-spans.js';
import { redactPaymentData } from '../../../ops/triage/redact-payment-data.js';

const CARD = '[card number removed]';
const cardsIn = (text: string) => findCardSpans(text).map((s) => text.slice(s.start, s.end));

describe('card numbers', () => {
  it('are found contiguous and in every separator style', () => {
    const written = [
      '4242424242424242',
      '4242 4242 4242 4242',
      '4242  4242   4242 4242',
      '4242\u00a04242\u00a04242\u00a04242',
      '4242\u20094242\u20094242\u20094242',
      '4242\u202f4242\u202f4242\u202f4242',
      '4242.4242.4242.4242',
      '4242-4242-4242-4242',
      '4242/4242/4242/4242',
      '4242 - 4242 - 4242 - 4242',
      '4242-4242 4242.4242',
      '4242_4242_4242_4242',
      '4242\n4242\n4242\n4242',
      '3782 822463 10005', // Amex 4-6-5
      '3056 930902 5904', // Diners 4-6-4
      '4222 2222 2222 2', // 13-digit Visa
      '6011 1111 1111 1111 117', // 19 digits
    ];
    for (const card of written) {
      expect(redactPaymentData(`my card is ${card} thanks`), card).toBe(
        `my card is ${CARD} thanks`,
      );
    }
  });

  it('are found in full-width, Arabic-Indic, Devanagari and mathematical digits, and the span is the original text', () => {
    for (const card of [
      '４２４２　４２４２　４２４２　４２４２',
      '４２４２－４２４２－４２４２－４２４２',
      '٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢',
      '४२४२ ४२४२ ४२४२ ४२४२',
      '𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐',
    ]) {
      expect(cardsIn(`tarjeta ${card}.`), card).toContain(card);
      expect(redactPaymentData(`tarjeta ${card}.`)).toBe(`tarjeta ${CARD}.`);
    }
  });

  it('are found when the run also holds the expiry or code (the review examples)', () => {
    expect(cardsIn('4242424242424242 12/26 cvc 123')).toContain('4242424242424242');
    expect(cardsIn('4242 4242 4242 4242 123')).toContain('4242 4242 4242 4242');
    expect(cardsIn('4242.4242.4242.4242')).toEqual(['4242.4242.4242.4242']);
    // Glued: the window ends inside the group, the span takes the whole group.
    expect(cardsIn('4242424242424242123')).toEqual(['4242424242424242123']);
    expect(cardsIn('order 1234 4242424242424242')).toContain('4242424242424242');
  });

  it('in card shape are hidden even when a digit is mistyped (Luhn fails)', () => {
    expect(redactPaymentData('4242 4242 4242 4241')).toBe(CARD);
    expect(redactPaymentData('3782 822463 10006')).toBe(CARD);
    // Contiguous with no 13–19-digit prefix passing Luhn: nothing says it is a card.
    expect(redactPaymentData('ref 1234567890123456')).toBe('ref 1234567890123456');
  });

  it('next to a phone number are still found; the phone alone is not a card', () => {
    expect(cardsIn('+44 20 7946 0958 4242 4242 4242 4242')).toContain('4242 4242 4242 4242');
    expect(cardsIn('+8613800138000 or +1 415 555 2671 or +49 30 1234567890')).toEqual([]);
  });
});

describe('numbers that are not cards', () => {
  it('stay as written: order and ticket codes, phones, amounts, dates, times, seats', () => {
    const texts = [
      'refund ORD-7F3K2 and ORD-0301234567 please',
      'ticket 8Q2M-4K7P-ZX3N-9R5T / 8Q2M4K7PZX3N9R5T',
      'call +49 30 1234567, (555) 123-4567, 0044 20 7946 0958, 030 1234567 or 06.12.34.56.78',
      'paid €1,234,567.89 or 1.234.567,89 € or 12 345 678 € or $12.50 twice',
      'from 12.05.2025 - 14.05.2025, 2025-05-12 19:30, 12/05/2025 to 13/05/2025',
      'seats 101 102 103 104 105 106, row 12',
      'tracking 1Z999AA10123456784 and id msg_01HZX4242424242424242ab',
      'numbers 0123 4567 8901 2345',
    ];
    for (const text of texts) expect(redactPaymentData(text), text).toBe(text);
  });
});
