/** The public face of ops/knowledge: what other folders may import from it. */
export { type KnowledgeBase, shippedKnowledge } from './retrieve.js';
