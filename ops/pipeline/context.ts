import type { Db } from '../../db/client.js';
import type {
  Conversation,
  Identity,
  LatestCase,
  MessageRow,
} from '../../db/queries/conversations.js';
import type { Policy } from '../config/index.js';
import type { PaymentLookup } from '../integrations/stripe/index.js';
import type { JobEngine } from '../jobs/index.js';
import type { KnowledgeBase } from '../knowledge/index.js';
import type { Logger } from '../logger.js';
import type { LlmClassifier } from '../triage/index.js';
import type { MessageTriage } from './message-triage.js';

export type PipelineDeps = {
  db: Db;
  jobs: JobEngine;
  policy: Policy;
  log: Logger;
  knowledge: KnowledgeBase;
  payments?: PaymentLookup | undefined;
  /** the optional LLM brain, asked about messages the offline brain is unsure of; undefined
   * without LLM_BASE_URL */
  llm?: LlmClassifier | undefined;
  now?: () => Date;
};

/** One inbound message with what the pipeline knows around it. */
export type MessageContext = {
  deps: PipelineDeps;
  message: MessageRow;
  conversation: Conversation;
  identity: Identity | undefined;
  triage: MessageTriage;
  now: Date;
  locale: string | undefined;
  /** the conversation's latest case as loaded with the message (null: none); when absent,
   * decide reads it itself */
  latestCase?: LatestCase | null;
};

export const orderCodeIn = (message: MessageRow): string | undefined =>
  message.entities?.find((e) => e.type === 'order_code')?.value;

export const emailDigestIn = (message: MessageRow): string | undefined =>
  message.entities?.find((e) => e.type === 'email')?.digest;
