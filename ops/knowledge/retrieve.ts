import { join } from 'node:path';
import { projectRoot } from '../../db/paths.js';
import { loadKnowledge, type Snippet } from './load-knowledge.js';

export type KnowledgeBase = {
  find(intent: string, eventSlug?: string | null): Snippet | undefined;
};

/** Snippets by intent, an event's own section winning over the default one. Loaded once:
 * organizers edit Markdown and restart, as with the policy file. */
export function createKnowledgeBase(snippets: Snippet[]): KnowledgeBase {
  return {
    find(intent, eventSlug) {
      const answering = snippets.filter((s) => s.intents.includes(intent));
      return (
        (eventSlug ? answering.find((s) => s.scope === eventSlug) : undefined) ??
        answering.find((s) => s.scope === 'default')
      );
    },
  };
}

let shipped: KnowledgeBase | undefined;

/** The knowledge folder of this install (`knowledge/` at the project root). */
export function shippedKnowledge(): KnowledgeBase {
  shipped ??= createKnowledgeBase(loadKnowledge(join(projectRoot(), 'knowledge')));
  return shipped;
}
