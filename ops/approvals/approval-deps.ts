import type Stripe from 'stripe';
import type { Db } from '../../db/client.js';
import type { Policy } from '../config/index.js';
import type { JobEngine } from '../jobs/index.js';
import type { Logger } from '../logger.js';

/** What deciding and committing approvals need. `stripe` is undefined when no secret key is
 * configured (embedded demo, bank-transfer imports): refunds then take the manual payout path. */
export type ApprovalDeps = {
  db: Db;
  jobs: JobEngine;
  policy: Policy;
  log: Logger;
  stripe?: Stripe | undefined;
};

/** The order code the buyer knows, as the pipeline stored it in the approval's payload. */
export function orderCodeOf(payload: Record<string, unknown>): string {
  return typeof payload.orderCode === 'string' ? payload.orderCode : 'your order';
}

/** Ticket ids listed in the payload (the tickets a refund gives up). */
export function ticketIdsOf(payload: Record<string, unknown>): string[] {
  const ids = payload.ticketIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}
