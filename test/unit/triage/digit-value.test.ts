import { describe, expect, it } from 'vitest';
import { digitValue } from '../../../ops/triage/entities/digit-value.js';

describe('digitValue', () => {
  it('reads every Unicode decimal digit, and agrees with NFKC wherever NFKC folds to ASCII', () => {
    const counts = new Array<number>(10).fill(0);
    for (let cp = 0; cp <= 0x1ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      const value = digitValue(cp);
      if (!/\p{Nd}/u.test(ch)) {
        if (value !== -1) expect.fail(`U+${cp.toString(16)} is no digit but read as ${value}`);
        continue;
      }
      if (value < 0 || value > 9) expect.fail(`U+${cp.toString(16)} read as ${value}`);
      counts[value]!++;
      const folded = ch.normalize('NFKC');
      if (/^[0-9]$/.test(folded) && Number(folded) !== value) {
        expect.fail(`U+${cp.toString(16)} read as ${value}, NFKC says ${folded}`);
      }
    }
    // Digits come in whole sets of ten: as many zeros as nines.
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBeGreaterThan(50);
  });

  it('reads the scripts buyers type in', () => {
    expect([...'4２٤४𝟒'].map((c) => digitValue(c.codePointAt(0)!))).toEqual([4, 2, 4, 4, 4]);
    expect(digitValue('a'.codePointAt(0)!)).toBe(-1);
    expect(digitValue('½'.codePointAt(0)!)).toBe(-1);
  });
});
