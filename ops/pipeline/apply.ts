import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { insertCaseOnce } from '../../db/queries/cases.js';
import { storeReplyOnly } from '../../db/queries/reply-only.js';
import {
  approvals,
  cases,
  channelIdentities,
  conversations,
  messages,
} from '../../db/schema/index.js';
import { POLICY_ACTOR } from '../approvals/index.js';
import { type AuditEntry, auditAll } from '../audit/index.js';
import { describeDuration, routeCase, slaDueTimes } from '../cases/index.js';
import { deliveredOnStore } from '../channels/index.js';
import { storeOutgoing, t } from '../replies/index.js';
import type { MessageContext } from './context.js';
import type { Plan, ReplyDraft } from './plan.js';

export class AlreadyHandled extends Error {}

export type Applied = {
  /** replies stored for an outbound job to send; empty on a channel delivered by storing
   * (the channel contract's `deliveredOnStore`) */
  replyIds: string[];
  caseId?: string;
  caseNumber?: number;
  newCase?: { id: string; firstResponseDueAt: Date; resolutionDueAt: Date };
  approvalId?: string;
  /** an approval safe automation approved: its commit is enqueued after this commits */
  commitApprovalId?: string;
};

/** Writes everything a plan decided in one transaction, starting by claiming the message
 * (handled_at null -> now): a second run of the same job finds it claimed and writes nothing. */
export async function applyPlan(ctx: MessageContext, p: Plan): Promise<Applied> {
  if (
    !p.openCase &&
    !p.touchCaseId &&
    !p.reopenCaseId &&
    !p.verifiedCustomerId &&
    !p.audit?.length
  ) {
    return applyReplyOnly(ctx, p);
  }
  const { now, message, conversation } = ctx;
  const policy = ctx.deps.policy;
  return ctx.deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const claimed = await db
      .update(messages)
      .set({ handledAt: now })
      .where(and(eq(messages.id, message.id), isNull(messages.handledAt)))
      .returning({ id: messages.id });
    if (claimed.length === 0) throw new AlreadyHandled(message.id);
    const applied: Applied = { replyIds: [] };
    // Audit rows are appended last: the audit lock is shared by every audited transaction.
    const trail: AuditEntry[] = [];
    let sla = '';

    if (p.openCase) {
      const draft = p.openCase;
      const due = slaDueTimes(policy, draft.severity, now);
      const row = await insertCaseOnce(db, {
        conversationId: conversation.id,
        customerId: draft.customerId ?? conversation.customerId,
        orderId: draft.orderId,
        eventId: draft.eventId,
        intent: draft.intent,
        category: draft.category,
        severity: draft.severity,
        tier: draft.tier ?? 'standard',
        queue: routeCase(policy, draft),
        status: draft.resolved ? 'resolved' : p.handOver ? 'pending_staff' : 'open',
        ...(draft.resolved ? { resolvedAt: now } : {}),
        sourceMessageId: message.id,
        fields: stripUndefined(draft.fields),
        ...due,
      });
      applied.caseId = row.id;
      applied.caseNumber = row.number;
      applied.newCase = { id: row.id, ...due };
      sla = describeDuration(policy.sla[draft.severity].first_response_minutes);
      trail.push({
        actor: 'bot',
        action: 'case.opened',
        subject: row.id,
        details: {
          number: row.number,
          queue: row.queue,
          severity: row.severity,
          intent: row.intent,
          order: row.orderId,
        },
      });
    }

    if (p.approval && applied.caseId) {
      const a = p.approval;
      const [row] = await db
        .insert(approvals)
        .values({
          kind: a.kind,
          caseId: applied.caseId,
          orderId: a.orderId,
          amountMinor: a.amountMinor,
          currency: a.currency,
          payload: a.payload,
          ...(a.edit ? { edit: a.edit } : {}),
          requestedBy: 'bot',
          // Safe automation: the policy approves at once (the actor is `policy`, never a
          // person), and the commit runs exactly as a staff-approved one would.
          ...(a.automatic
            ? { status: 'approved' as const, decidedBy: POLICY_ACTOR, decidedAt: now }
            : {}),
          expiresAt: new Date(now.getTime() + policy.policy.approval_ttl_minutes * 60_000),
          // One approval per request message, whatever happens to this job.
          idempotencyKey: `${a.kind}:${message.id}`,
        })
        .onConflictDoNothing()
        .returning();
      if (row) {
        applied.approvalId = row.id;
        trail.push({
          actor: 'bot',
          action: 'approval.requested',
          subject: row.id,
          details: {
            kind: row.kind,
            order: row.orderId,
            amountMinor: row.amountMinor,
            case: applied.caseId,
          },
        });
        if (a.automatic) {
          applied.commitApprovalId = row.id;
          trail.push({
            actor: POLICY_ACTOR,
            action: 'approval.approved',
            subject: row.id,
            details: {
              kind: row.kind,
              order: row.orderId,
              amountMinor: row.amountMinor,
              editType: typeof a.edit?.type === 'string' ? a.edit.type : undefined,
              automated: true,
            },
          });
        }
      }
    }

    for (const caseId of [p.touchCaseId, p.reopenCaseId].filter(Boolean) as string[]) {
      const reopen = caseId === p.reopenCaseId;
      const [row] = await db
        .update(cases)
        .set(
          reopen
            ? { status: 'open', resolvedAt: null, reopenCount: sql`${cases.reopenCount} + 1` }
            : // A buyer's answer puts a case waiting on them back in the queue; a case
              // already waiting on staff stays so.
              {
                status: sql`case when ${cases.status} = 'pending_customer' then 'open' else ${cases.status} end`,
              },
        )
        .where(eq(cases.id, caseId))
        .returning();
      if (row) {
        applied.caseId ??= row.id;
        applied.caseNumber ??= row.number;
        trail.push({
          actor: 'buyer',
          action: reopen ? 'case.reopened' : 'case.buyer_replied',
          subject: row.id,
          details: { number: row.number, message: message.id },
        });
      }
    }

    if (p.verifiedCustomerId && ctx.identity) {
      await db
        .update(channelIdentities)
        .set({ customerId: p.verifiedCustomerId, verifiedAt: now })
        .where(eq(channelIdentities.id, ctx.identity.id));
      trail.push({
        actor: 'bot',
        action: 'identity.verified',
        subject: ctx.identity.id,
        details: { customer: p.verifiedCustomerId, channel: ctx.identity.channel },
      });
    }

    const conversationUpdate: Partial<typeof conversations.$inferInsert> = {};
    if (p.awaiting !== undefined) conversationUpdate.awaiting = p.awaiting;
    if (p.verifiedCustomerId) conversationUpdate.customerId = p.verifiedCustomerId;
    conversationUpdate.status = conversationStatus(p);
    await db
      .update(conversations)
      .set(conversationUpdate)
      .where(eq(conversations.id, conversation.id));

    trail.push(...(p.audit ?? []));
    for (const reply of p.replies) {
      const stored = await storeOutgoing(db, {
        conversationId: conversation.id,
        channel: conversation.channel,
        text: replyText(ctx, reply, applied, sla),
        buttons: reply.buttons,
      });
      if (!stored.delivered) applied.replyIds.push(stored.id);
    }
    await auditAll(db, trail);
    return applied;
  });
}

const conversationStatus = (p: Plan) =>
  p.handOver ? 'handed_over' : p.awaiting ? 'waiting_buyer' : 'open';

/** A reply's text once the case (if any) is known: `{caseNumber}` and `{sla}` filled in, and
 * "case opened" turned into "case updated" when the message joined an existing case. */
function replyText(ctx: MessageContext, reply: ReplyDraft, applied: Applied, sla: string) {
  const joined = reply.announcesCase && !applied.newCase && applied.caseNumber !== undefined;
  return (joined ? t(ctx.locale, 'case_updated', { caseNumber: '{caseNumber}' }) : reply.text)
    .replaceAll('{caseNumber}', String(applied.caseNumber ?? ''))
    .replaceAll('{sla}', sla || 'a day');
}

/** The plan that only replies (answer, question, clarify, rate limit): the same writes as the
 * transaction above, all or nothing, as one statement batched with the other jobs writing
 * at the same moment (see `storeReplyOnly`). The claim comes first, so a second run of the
 * job finds the message claimed and writes nothing. */
async function applyReplyOnly(ctx: MessageContext, p: Plan): Promise<Applied> {
  const { now, message, conversation } = ctx;
  const applied: Applied = { replyIds: [] };
  const delivered = deliveredOnStore(conversation.channel);
  const replies = p.replies.map((reply) => ({
    id: newId('msg'),
    text: replyText(ctx, reply, applied, ''),
    buttons: reply.buttons ?? null,
  }));
  const claimed = await storeReplyOnly(ctx.deps.db, {
    messageId: message.id,
    conversationId: conversation.id,
    channel: conversation.channel,
    status: conversationStatus(p),
    awaiting: p.awaiting,
    handledAt: now,
    delivered,
    replies,
  });
  if (!claimed) throw new AlreadyHandled(message.id);
  if (!delivered) applied.replyIds = replies.map((r) => r.id);
  return applied;
}

function stripUndefined(fields: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(fields));
}
