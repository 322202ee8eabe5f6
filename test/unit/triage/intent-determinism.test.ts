/** Same training data -> same model -> same answers. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyIntent } from '../../../ops/triage/intent/index.js';
import { modelPath, trainFromFiles } from '../../../ops/triage/intent/load-model.js';
import { encodeModel } from '../../../ops/triage/intent/model.js';

describe('intent model determinism', () => {
  it('training from the YAML reproduces the committed model.bin byte for byte', () => {
    const trained = encodeModel(trainFromFiles());
    expect(trained.equals(readFileSync(modelPath()))).toBe(true);
  }, 180_000);

  it('classifying the same text twice gives the same result', () => {
    const texts = ['where is my refund', 'hi', '', 'scanner says invalid', 'vip upgrade?'];
    const first = texts.map((t) => classifyIntent(t));
    const second = texts.map((t) => classifyIntent(t));
    expect(second).toEqual(first);
  });
});
