import { describe, expect, it } from 'vitest';
import { analyzeSentiment } from '../../../ops/triage/sentiment.js';

describe('sentiment', () => {
  it('labels clear cases', () => {
    expect(analyzeSentiment('Thanks, the event was amazing!').label).toBe('positive');
    expect(analyzeSentiment('This is a terrible, useless service').label).toBe('negative');
    expect(analyzeSentiment('Where is the venue?')).toEqual({ label: 'neutral', score: 0 });
  });

  it('flips polarity after a negation', () => {
    expect(analyzeSentiment('I am not happy').label).toBe('negative');
    expect(analyzeSentiment('no problem at all').score).toBeGreaterThan(0);
  });

  it('intensifiers and exclamation marks strengthen the score', () => {
    const plain = analyzeSentiment('I am disappointed').score;
    expect(analyzeSentiment('I am very disappointed').score).toBeLessThan(plain);
    expect(analyzeSentiment('I am disappointed!!!').score).toBeLessThan(plain);
  });

  it('counts emoji', () => {
    expect(analyzeSentiment('😭😭😡').label).toBe('negative');
    expect(analyzeSentiment('🎉🎉 ❤️').label).toBe('positive');
  });

  it('keeps the score in [-1, 1]', () => {
    const s = analyzeSentiment('terrible '.repeat(500)).score;
    expect(s).toBeGreaterThanOrEqual(-1);
    expect(s).toBeLessThan(0);
  });
});
