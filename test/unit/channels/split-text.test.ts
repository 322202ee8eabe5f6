import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitText } from '../../../ops/channels/index.js';

describe('splitText', () => {
  it('leaves a text within the limit whole', () => {
    expect(splitText('short reply', 4096)).toEqual(['short reply']);
    expect(splitText('', 10)).toEqual(['']);
  });

  it('cuts at paragraph breaks before lines, and lines before words', () => {
    expect(splitText('aaaa\n\nbbbb\ncccc', 12)).toEqual(['aaaa', 'bbbb\ncccc']);
    expect(splitText('aaaa bbbb\ncccc dddd', 12)).toEqual(['aaaa bbbb', 'cccc dddd']);
    expect(splitText('aaaa bbbb cccc', 10)).toEqual(['aaaa bbbb', 'cccc']);
  });

  it('cuts inside a word only when the word alone is too long, keeping emoji whole', () => {
    expect(splitText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(splitText('abc😀def', 4)).toEqual(['abc', '😀de', 'f']);
  });

  it('never makes a part over the limit or an empty part, and loses no character', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.integer({ min: 2, max: 50 }), (text, max) => {
        const parts = splitText(text, max);
        for (const part of parts) expect(part.length).toBeLessThanOrEqual(max);
        if (text.length > 0) for (const part of parts) expect(part.length).toBeGreaterThan(0);
        const kept = parts.join('').replace(/\s/g, '');
        expect(kept).toBe(text.replace(/\s/g, ''));
      }),
    );
  });
});
