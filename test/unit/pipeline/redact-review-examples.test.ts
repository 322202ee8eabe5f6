import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../../ops/triage/entities/index.js';
import { redactPaymentData } from '../../../ops/triage/redact-payment-data.js';
import { leakedCardDigits } from '../../helpers/card-digits.js';
import { REVIEW_CARD_TEXTS } from '../../helpers/card-texts.js';

const CARD = '4242424242424242';

const EXAMPLES = REVIEW_CARD_TEXTS;

describe('review examples: card numbers the redactor let through', () => {
  for (const text of EXAMPLES) {
    it(`stores "${text}" without the card`, () => {
      const stored = redactPaymentData(text);
      expect(leakedCardDigits(stored, CARD), stored).toBeUndefined();
    });
    it(`extracts no entity carrying digits of "${text}"`, () => {
      const values = extractEntities(text).map((e) => `${e.value} ${text.slice(e.start, e.end)}`);
      expect(values.filter((v) => leakedCardDigits(v, CARD, 4) !== undefined)).toEqual([]);
    });
  }

  it('leaves nothing of the expiry or the security code next to the card', () => {
    const stored = redactPaymentData('4242424242424242 12/26 cvc 123');
    expect(stored).not.toMatch(/12\s*\/\s*26|123/);
  });
});
