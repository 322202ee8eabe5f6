import { describe, expect, it } from 'vitest';
import { newId } from '../../../db/ids.js';

describe('newId', () => {
  it('sorts in creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 2000 }, () => newId('msg'));
    const sorted = [...ids].sort();
    expect(sorted).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the prefix and the length', () => {
    const id = newId('cas');
    expect(id).toMatch(/^cas_[0-9A-Z]{22}$/);
  });
});
