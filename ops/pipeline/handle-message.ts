import type { Conversation, TriageLoad } from '../../db/queries/conversations.js';
import { scheduleApprovalExpiry } from '../approvals/index.js';
import { t } from '../replies/index.js';
import { AlreadyHandled, type Applied, applyPlan } from './apply.js';
import type { MessageContext, PipelineDeps } from './context.js';
import { decide } from './decide.js';
import { inTurn, type Skipped } from './in-turn.js';
import { messageTriage } from './message-triage.js';
import { type Plan, plan } from './plan.js';
import { withSecondOpinion } from './second-opinion.js';

export type HandleResult = { status: 'handled'; note: string; applied: Applied } | Skipped;

/** The triage job: one stored inbound message through classify -> enrich -> retrieve ->
 * decide -> case -> respond. Replies are stored in the same transaction as the decision and
 * sent by their own jobs, so a slow channel never holds up triage. A chat's messages are
 * handled one after another, in the order they came (as grammY's `sequentialize` does),
 * however many jobs run at once: see `inTurn`. */
export async function handleInboundMessage(
  deps: PipelineDeps,
  messageId: string,
): Promise<HandleResult> {
  return inTurn(deps, messageId, (loaded, conversation) =>
    handleLoaded(deps, loaded, conversation),
  );
}

async function handleLoaded(
  deps: PipelineDeps,
  loaded: TriageLoad,
  conversation: Conversation,
): Promise<HandleResult> {
  const { message } = loaded;
  const now = deps.now?.() ?? new Date();
  const ctx: MessageContext = {
    deps,
    message,
    conversation,
    identity: loaded.identity ?? undefined,
    // Classified at ingest. The LLM brain, when configured, is asked here rather than at
    // ingest, which must stay fast, and only about the messages that need it.
    triage: await withSecondOpinion(deps, message, messageTriage(message, now)),
    now,
    locale: conversation.locale ?? undefined,
    latestCase: loaded.latestCase,
  };
  const decided = rateLimited(ctx, loaded.rankInMinute) ?? (await decide(ctx));
  let applied: Applied;
  try {
    applied = await applyPlan(ctx, decided);
  } catch (error) {
    if (error instanceof AlreadyHandled) return { status: 'skipped', reason: 'already_handled' };
    throw error;
  }
  await followUp(deps, applied);
  deps.log.info(
    {
      messageId: message.id,
      conversationId: conversation.id,
      intent: ctx.triage.intent,
      brain: ctx.triage.source,
      caseId: applied.caseId,
      note: decided.note,
    },
    'triage: handled',
  );
  return { status: 'handled', note: decided.note, applied };
}

/** A buyer over the per-minute limit gets one "slow down" and then silence until the window
 * passes; every message is still stored and visible to staff. */
function rateLimited(ctx: MessageContext, rank: number): Plan | undefined {
  const limit = ctx.deps.policy.policy.buyer_messages_per_minute;
  if (rank <= limit) return undefined;
  if (rank === limit + 1) {
    return plan('rate limited', { text: t(ctx.locale, 'rate_limited', { seconds: 60 }) });
  }
  return plan('rate limited, silent');
}

/** After commit: send the replies and start the new case's SLA clocks. If an enqueue fails
 * here the rows stay unhandled and the sweeper enqueues them again. */
async function followUp(deps: PipelineDeps, applied: Applied) {
  try {
    for (const messageId of applied.replyIds)
      await deps.jobs.enqueue('outbound.send', { messageId });
    if (applied.commitApprovalId) {
      await deps.jobs.enqueue('approvals.commit', { approvalId: applied.commitApprovalId });
    } else if (applied.approvalId) await scheduleApprovalExpiry(deps, applied.approvalId);
    if (applied.newCase) {
      const now = deps.now?.() ?? new Date();
      const { id, firstResponseDueAt, resolutionDueAt } = applied.newCase;
      await deps.jobs.enqueue(
        'cases.sla_check',
        { caseId: id, clock: 'first_response' },
        { delayMs: Math.max(0, firstResponseDueAt.getTime() - now.getTime()) },
      );
      await deps.jobs.enqueue(
        'cases.sla_check',
        { caseId: id, clock: 'resolution' },
        { delayMs: Math.max(0, resolutionDueAt.getTime() - now.getTime()) },
      );
    }
  } catch (error) {
    deps.log.warn({ err: error }, 'triage: follow-up enqueue failed, sweeper will retry');
  }
}
