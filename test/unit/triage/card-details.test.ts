import { describe, expect, it } from 'vitest';
import { redactPaymentData } from '../../../ops/triage/redact-payment-data.js';

const CODE = '[security code removed]';
const EXPIRY = '[card expiry removed]';

describe('card security codes and expiry dates', () => {
  it('after a keyword are removed, in the languages buyers write', () => {
    const cases: [string, string][] = [
      ['cvc 123', `cvc ${CODE}`],
      ['my CVV is 1234', `my CVV is ${CODE}`],
      ['cvv2=123', `cvv2=${CODE}`],
      ['the security code on the back is 321', `the security code on the back is ${CODE}`],
      ['mi código de seguridad es 123', `mi código de seguridad es ${CODE}`],
      ['le code de sécurité : 123', `le code de sécurité : ${CODE}`],
      ['cryptogramme visuel 123', `cryptogramme visuel ${CODE}`],
      ['die Prüfnummer ist 123', `die Prüfnummer ist ${CODE}`],
      ['o código de segurança é 123', `o código de segurança é ${CODE}`],
      ['il codice di sicurezza è 123', `il codice di sicurezza è ${CODE}`],
      ['cvc １２３', `cvc ${CODE}`],
      ['exp 12/26', `exp ${EXPIRY}`],
      ['expiry: 01/2027', `expiry: ${EXPIRY}`],
      ['valid thru 12-26', `valid thru ${EXPIRY}`],
      ['vence 12 / 26', `vence ${EXPIRY}`],
      ['gültig bis 12.27', `gültig bis ${EXPIRY}`],
      ['scadenza 1226', `scadenza ${EXPIRY}`],
    ];
    for (const [text, stored] of cases) expect(redactPaymentData(text), text).toBe(stored);
  });

  it('right after a card are removed with it, keyword or not', () => {
    expect(redactPaymentData('4242424242424242 12/26 cvc 123')).toBe(
      `[card number removed] ${EXPIRY} cvc ${CODE}`,
    );
    expect(redactPaymentData('4242 4242 4242 4242, 123, 12/2026')).toBe(
      `[card number removed], ${CODE}, ${EXPIRY}`,
    );
    expect(redactPaymentData('4242424242424242 exp 1226 and the cvc is 999')).toBe(
      `[card number removed] exp ${EXPIRY} and the cvc is ${CODE}`,
    );
  });

  it('stay elsewhere: a date, a count or a one-time code is not card data', () => {
    const texts = [
      'the concert is on 12/05, doors 19:30',
      'we are 123 people from 12/2025',
      'the offer expires 12/05/2025',
      'verification code 123-456',
      'exp 1926',
      'card 4242424242424242 was charged €45 for ORD-7F3K2',
    ];
    expect(redactPaymentData(texts[5]!)).toBe(
      'card [card number removed] was charged €45 for ORD-7F3K2',
    );
    for (const text of texts.slice(0, 5)) expect(redactPaymentData(text), text).toBe(text);
  });
});
