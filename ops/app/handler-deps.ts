import type Stripe from 'stripe';
import type { Db } from '../../db/client.js';
import { ChannelSenders } from '../channels/index.js';
import type { Policy } from '../config/index.js';
import type { PaymentLookup } from '../integrations/stripe/index.js';
import type { JobEngine } from '../jobs/index.js';
import { type KnowledgeBase, shippedKnowledge } from '../knowledge/index.js';
import type { Logger } from '../logger.js';
import type { LlmClassifier } from '../triage/index.js';
import type { HandlerDeps } from './job-handlers.js';

/** What a process has to hand when it wires the core: the database, the job engine, the
 * policy and a logger; the rest has a default (the shipped knowledge, no channel senders
 * yet, no Stripe, no LLM brain). */
export type HandlerDepsInput = {
  db: Db;
  jobs: JobEngine;
  policy: Policy;
  log: Logger;
  knowledge?: KnowledgeBase;
  senders?: ChannelSenders;
  payments?: PaymentLookup | undefined;
  stripe?: Stripe | undefined;
  /** the optional LLM brain (see createLlmClassifier); the offline brain alone without it */
  llm?: LlmClassifier | undefined;
  now?: () => Date;
};

/** The one place the job handlers' dependencies are put together: the runtime, the tests and
 * the benches all call it, so a new dependency is added once. */
export function createHandlerDeps(input: HandlerDepsInput): HandlerDeps {
  return {
    knowledge: shippedKnowledge(),
    senders: new ChannelSenders(),
    ...input,
  };
}
