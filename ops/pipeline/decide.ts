import { latestCaseOfConversation } from '../../db/queries/cases.js';
import type { AwaitingState } from '../../db/schema/index.js';
import { intentLabelKey, t } from '../replies/index.js';
import { INTENTS, type Intent } from '../triage/index.js';
import type { MessageContext } from './context.js';
import { orderCodeIn } from './context.js';
import { holderNameAnswer, holderNameIn } from './holder-name.js';
import { ANSWER_INTENTS, CONFIDENT, HANDOVER_INTENTS, ORDER_INTENTS } from './intent-groups.js';
import { caseAnnouncement, type Plan, plan } from './plan.js';
import { identifyOrder, verificationState } from './verify.js';

/** How long the bot waits for an answer to its question before starting afresh. */
export const AWAITING_TTL_MS = 30 * 60_000;

/** The policy engine for one buyer message: answer, ask, verify, open a case, draft an
 * approval or hand over. Reads only; the caller applies the plan. */
export async function decide(ctx: MessageContext): Promise<Plan> {
  const attachments = ctx.message.attachments ?? [];
  if (attachments.length > 0 && ctx.message.text.trim() === '') {
    // Only an attachment: the bot cannot read files, and says so instead of guessing.
    return plan('attachment only', {
      text: t(ctx.locale, 'unsupported_attachment', { kind: attachments[0]!.kind }),
    });
  }
  const held = await heldByStaff(ctx);
  if (held) return held;
  const awaiting = ctx.conversation.awaiting;
  if (awaiting && !isExpired(awaiting, ctx.now)) {
    const resumed = await resume(ctx, awaiting);
    if (resumed) return resumed;
  }
  const fresh = await decideFresh(ctx, ctx.triage.intent, ctx.triage.confidence);
  // A new topic drops whatever the bot was waiting for.
  return joinCase(
    ctx,
    awaiting && fresh.awaiting === undefined ? { ...fresh, awaiting: null } : fresh,
  );
}

const LIVE = new Set(['open', 'pending_customer', 'pending_staff']);

const latestCaseOf = (ctx: MessageContext) =>
  ctx.latestCase !== undefined
    ? ctx.latestCase
    : latestCaseOfConversation(ctx.deps.db, ctx.conversation.id);

/** A person has taken the conversation: while its case is live the bot answers nothing
 * itself (no FAQ answer, no verification) and adds each message to that case, so the buyer
 * hears one voice and staff see everything. A door emergency still gets its own case. */
async function heldByStaff(ctx: MessageContext): Promise<Plan | undefined> {
  if (ctx.conversation.status !== 'handed_over') return undefined;
  if (ctx.triage.intent === 'checkin_problem') return undefined;
  const latest = await latestCaseOf(ctx);
  if (!latest || !LIVE.has(latest.status)) return undefined;
  return {
    ...plan(
      'handed over: added to the case',
      caseAnnouncement(t(ctx.locale, 'case_updated', { caseNumber: '{caseNumber}' })),
    ),
    handOver: true,
    awaiting: null,
    touchCaseId: latest.id,
  };
}
/** A resolved case comes back to life when the buyer writes about it again within this. */
export const REOPEN_WITHIN_MS = 7 * 24 * 3600_000;

/** Ties the message to the conversation's latest case: the same open topic is added to
 * rather than opened twice; a buyer answering a case that waits on them puts it back in the
 * queue; a recently resolved case is reopened (and counted) when they come back about it. */
async function joinCase(ctx: MessageContext, p: Plan): Promise<Plan> {
  const latest = await latestCaseOf(ctx);
  if (!latest) return p;
  const recentlyResolved =
    (latest.status === 'resolved' || latest.status === 'closed') &&
    latest.resolvedAt !== null &&
    ctx.now.getTime() - latest.resolvedAt.getTime() < REOPEN_WITHIN_MS;
  const draft = p.openCase;
  if (draft) {
    const sameTopic =
      latest.intent === draft.intent && (latest.orderId ?? undefined) === draft.orderId;
    if (!sameTopic) return p;
    if (LIVE.has(latest.status)) return { ...p, openCase: undefined, touchCaseId: latest.id };
    if (recentlyResolved) return { ...p, openCase: undefined, reopenCaseId: latest.id };
    return p;
  }
  if (latest.status === 'pending_customer') return { ...p, touchCaseId: latest.id };
  const aboutIt = ctx.triage.intent === latest.intent || ORDER_INTENTS.has(ctx.triage.intent);
  if (recentlyResolved && aboutIt) return { ...p, reopenCaseId: latest.id };
  return p;
}

const isExpired = (awaiting: AwaitingState, now: Date) =>
  awaiting.expiresAt !== undefined && Date.parse(awaiting.expiresAt) < now.getTime();

/** The buyer answers the bot's question, unless they clearly moved on to something else. */
async function resume(ctx: MessageContext, awaiting: AwaitingState): Promise<Plan | undefined> {
  const movedOn = ctx.triage.confidence >= CONFIDENT && ctx.triage.intent !== awaiting.intent;
  if (awaiting.kind === 'choice') {
    const chosen = pickChoice(ctx.message.text, (awaiting.context?.options ?? []) as string[]);
    if (chosen) return { ...(await decideFresh(ctx, chosen, 1)), awaiting: null };
    return undefined;
  }
  if (awaiting.kind === 'holder_name') {
    // A name can read like anything to the classifier; only text that is no name moves on.
    if (movedOn && !holderNameIn(ctx.message.text)) return undefined;
    return withExpiry(holderNameAnswer(ctx, awaiting), ctx.now);
  }
  if (awaiting.kind === 'verification' && awaiting.intent) {
    const gaveSomething = ctx.message.entities?.some(
      (e) => e.type === 'order_code' || e.type === 'email',
    );
    if (movedOn && !gaveSomething) return undefined;
    return withExpiry(
      await identifyOrder(ctx, awaiting.intent, verificationState(awaiting)),
      ctx.now,
    );
  }
  return undefined;
}

async function decideFresh(
  ctx: MessageContext,
  intent: Intent | string,
  confidence: number,
): Promise<Plan> {
  const { locale } = ctx;
  if (confidence < CONFIDENT && !HANDOVER_INTENTS.has(intent) && !orderCodeIn(ctx.message)) {
    return clarify(ctx);
  }
  if (intent === 'out_of_scope') {
    return plan('out of scope', {
      text: t(locale, 'out_of_scope', { organizer: 'the organizer' }),
    });
  }
  if (HANDOVER_INTENTS.has(intent)) return handOver(ctx, intent, 'handed over');
  if (intent === 'checkin_problem') {
    return {
      ...plan(
        'door case opened',
        caseAnnouncement(t(locale, 'case_opened', { caseNumber: '{caseNumber}', sla: '{sla}' })),
      ),
      openCase: {
        intent,
        category: 'checkin',
        severity: ctx.triage.severity,
        fields: {
          summary: ctx.message.text.slice(0, 300),
          reported_order_code: orderCodeIn(ctx.message),
          steps_to_reproduce: ctx.message.text.slice(0, 1000),
        },
      },
    };
  }
  if (ANSWER_INTENTS.has(intent)) {
    const snippet = ctx.deps.knowledge.find(intent);
    if (snippet) {
      return plan(`answered from ${snippet.source}`, {
        text: t(locale, 'knowledge_answer', { answer: snippet.text, source: snippet.title }),
      });
    }
  }
  if (ORDER_INTENTS.has(intent)) return withExpiry(await identifyOrder(ctx, intent), ctx.now);
  // Nothing the bot can answer itself: a person takes it.
  return handOver(ctx, intent, 'no answer, handed over');
}

/** A person takes over: a case in the intent's queue, the conversation marked handed over. */
function handOver(ctx: MessageContext, intent: string, note: string): Plan {
  return {
    ...plan(note, caseAnnouncement(t(ctx.locale, 'handed_to_human', { eta: 'within {sla}' }))),
    handOver: true,
    openCase: {
      intent,
      category: ctx.triage.category,
      severity: ctx.triage.severity,
      fields: { summary: ctx.message.text.slice(0, 300) },
    },
  };
}

/** Low confidence: offer the best guesses as buttons, act on none. */
function clarify(ctx: MessageContext): Plan {
  const options = [ctx.triage.intent, ...ctx.triage.alternatives.map((a) => a.intent)]
    .filter((intent, i, all) => intent !== 'out_of_scope' && all.indexOf(intent) === i)
    .slice(0, 3);
  if (options.length < 2) options.push('human_agent');
  const label = (intent: Intent) => t(ctx.locale, intentLabelKey(intent));
  const [first, second] = options as [Intent, Intent];
  return {
    ...plan('clarify', {
      text: t(ctx.locale, 'clarify_intent', { first: label(first), second: label(second) }),
      buttons: options.map((intent) => ({ id: intent, label: label(intent as Intent) })),
    }),
    awaiting: {
      kind: 'choice',
      context: { options },
      expiresAt: new Date(ctx.now.getTime() + AWAITING_TTL_MS).toISOString(),
    },
  };
}

/** A pressed button sends its id; a typed answer may be the label or its number. */
function pickChoice(text: string, options: string[]): Intent | undefined {
  const answer = text.trim().toLowerCase();
  const byNumber = /^\d$/.test(answer) ? options[Number(answer) - 1] : undefined;
  const picked =
    options.find((o) => o === answer) ??
    byNumber ??
    options.find((o) => t('en', intentLabelKey(o as Intent)).toLowerCase() === answer);
  return picked && (INTENTS as readonly string[]).includes(picked) ? (picked as Intent) : undefined;
}

function withExpiry(p: Plan, now: Date): Plan {
  if (!p.awaiting) return p;
  return {
    ...p,
    awaiting: { ...p.awaiting, expiresAt: new Date(now.getTime() + AWAITING_TTL_MS).toISOString() },
  };
}
