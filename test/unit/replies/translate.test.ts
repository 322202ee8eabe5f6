import { describe, expect, it } from 'vitest';
import { en } from '../../../ops/replies/locales/en.js';
import { intentLabelKey, registerCatalog, t } from '../../../ops/replies/translate.js';
import { INTENTS } from '../../../ops/triage/types.js';

describe('messages', () => {
  it('fills placeholders', () => {
    expect(t('en', 'case_opened', { caseNumber: 1042, sla: '4 hours' })).toBe(
      "I've opened case #1042 for you. We aim to reply within 4 hours.",
    );
    expect(t('en', 'ask_order_code')).toContain('ORD-');
  });

  it('falls back to English for a missing locale or a key a translation lacks', () => {
    expect(t('xx', 'ask_email')).toBe(en.ask_email);
    expect(t(undefined, 'ask_email')).toBe(en.ask_email);
    registerCatalog('de', { ask_email: 'Bitte sende die E-Mail-Adresse deiner Bestellung.' });
    expect(t('de-AT', 'ask_email')).toBe('Bitte sende die E-Mail-Adresse deiner Bestellung.');
    expect(t('de', 'verification_failed')).toBe(en.verification_failed);
  });

  it('has the keys the pipeline needs and a label for every intent', () => {
    for (const key of [
      'ask_order_code',
      'ask_email',
      'verification_failed',
      'clarify_intent',
      'handed_to_human',
      'case_opened',
      'refund_pending_approval',
      'rate_limited',
      'unsupported_attachment',
    ]) {
      expect(en).toHaveProperty(key);
    }
    for (const intent of INTENTS) expect(t('en', intentLabelKey(intent))).not.toMatch(/^intent\./);
    expect(
      t('en', 'clarify_intent', {
        first: t('en', 'intent.get_refund'),
        second: t('en', 'intent.cancel_ticket'),
      }),
    ).toBe('Just to be sure: would you like to get a refund, or cancel a ticket?');
  });

  it('rejects unknown keys and missing params at compile time', () => {
    // @ts-expect-error not a message key
    t('en', 'no_such_key');
    // @ts-expect-error case_opened needs caseNumber and sla
    t('en', 'case_opened');
    // @ts-expect-error sla is missing
    t('en', 'case_opened', { caseNumber: 1 });
  });
});
