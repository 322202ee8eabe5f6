import type Stripe from 'stripe';
import { markProcessed } from '../../db/queries/processed-events.js';
import { commitApproval, expireApproval } from '../approvals/index.js';
import { checkSla } from '../cases/index.js';
import type { ChannelSenders } from '../channels/index.js';
import type { JobHandlers } from '../jobs/index.js';
import type { PipelineDeps } from '../pipeline/index.js';
import { handleInboundMessage, sendReply, sweepUnhandled } from '../pipeline/index.js';

export type HandlerDeps = PipelineDeps & {
  senders: ChannelSenders;
  /** Stripe client for approval commits; undefined without STRIPE_SECRET_KEY (manual payouts) */
  stripe?: Stripe | undefined;
};

/** The handler for every job in the catalog. Each is thin: the engine has parsed the
 * payload, the handler calls one use case. `satisfies` makes a missing handler a compile error. */
export function createJobHandlers(deps: HandlerDeps): JobHandlers {
  return {
    'system.ping': async ({ nonce }) => {
      const first = await markProcessed(deps.db, 'job:system.ping', nonce);
      return { nonce, first };
    },
    'triage.message': async ({ messageId }, ctx) =>
      handleInboundMessage({ ...deps, log: ctx.log }, messageId),
    'outbound.send': async ({ messageId }) => sendReply(deps, messageId),
    'cases.sla_check': async (payload, ctx) =>
      checkSla({ db: deps.db, log: ctx.log, jobs: deps.jobs, now: deps.now }, payload),
    'pipeline.sweep': async ({ round }) => sweepUnhandled({ db: deps.db, jobs: deps.jobs }, round),
    'approvals.commit': async ({ approvalId }, ctx) =>
      commitApproval({ ...deps, log: ctx.log }, approvalId),
    'approvals.expire': async ({ approvalId }, ctx) =>
      expireApproval({ ...deps, log: ctx.log }, approvalId),
  } satisfies JobHandlers;
}
