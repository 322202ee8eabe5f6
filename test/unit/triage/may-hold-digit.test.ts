import { describe, expect, it } from 'vitest';
import { mayHoldDigit, mayHoldNonAsciiDigit } from '../../../ops/triage/entities/may-hold-digit.js';

describe('mayHoldDigit', () => {
  it('is true for every decimal digit of every script, alone or inside text', () => {
    for (let cp = 0; cp <= 0x1ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      if (!/\p{Nd}/u.test(ch)) continue;
      if (!mayHoldDigit(`🎟️ ticket ${ch} 你好`)) expect.fail(`U+${cp.toString(16)} missed`);
      if (cp > 0x7f && !mayHoldNonAsciiDigit(ch)) expect.fail(`U+${cp.toString(16)} missed`);
    }
  });

  it('is false for the text most messages are: letters, emoji, CJK, accents', () => {
    for (const text of [
      'I never got my tickets, can you check?',
      '¿Dónde están mis entradas? Gracias 🙏',
      '你好，我的票在哪里？🤔🥲',
      'Привет, где мои билеты?',
    ]) {
      expect(mayHoldDigit(text), text).toBe(false);
    }
  });
});
