import { describe, expect, it } from 'vitest';
import type { MessageTriage } from '../../../ops/pipeline/message-triage.js';
import { needsSecondOpinion } from '../../../ops/pipeline/second-opinion.js';
import { classify } from '../../../ops/triage/classify.js';

const triageOf = (text: string, source: MessageTriage['source'] = 'offline'): MessageTriage => {
  const { entities: _entities, ...rest } = classify(text);
  return { ...rest, source };
};

describe('needsSecondOpinion', () => {
  it('asks about what the offline brain is unsure of', () => {
    const vague = triageOf('hmm so about the thing from last week');
    expect(vague.confidence).toBeLessThan(0.55);
    expect(needsSecondOpinion(vague)).toBe(true);
  });

  it('asks about a language the offline brain was not trained on, even when it is sure', () => {
    const spanish = triageOf('quiero un reembolso de mi pedido');
    expect(spanish).toMatchObject({ language: 'es' });
    expect(spanish.confidence).toBeGreaterThanOrEqual(0.55);
    expect(needsSecondOpinion(spanish)).toBe(true);
  });

  it('does not ask about a confident English message', () => {
    expect(needsSecondOpinion(triageOf('what is your refund policy?'))).toBe(false);
  });

  it('does not ask again once the LLM answered (a retried job)', () => {
    expect(needsSecondOpinion(triageOf('hmm so about the thing from last week', 'llm'))).toBe(
      false,
    );
  });
});
