import { orderOwner, ordersOfCustomer } from '../../db/queries/orders.js';
import {
  type AttemptCounts,
  releaseVerificationAttempt,
  reserveVerificationAttempt,
} from '../../db/queries/verification-attempts.js';
import type { AwaitingState } from '../../db/schema/index.js';
import { t } from '../replies/index.js';
import { contactDigester } from './contact-digest.js';
import { emailDigestIn, type MessageContext, orderCodeIn } from './context.js';
import { actOnOrder } from './order-intents.js';
import { type Plan, plan } from './plan.js';

/** What the buyer has given so far. Failed attempts are not kept here: they are counted in
 * the database (see `reserveVerificationAttempt`), so a new topic, which drops this state,
 * cannot reset them. */
export type VerificationState = { orderCode?: string; emailDigest?: string };

const waiting = (intent: string, state: VerificationState): AwaitingState => ({
  kind: 'verification',
  intent,
  context: { ...state },
});

/** Order intents need an order the buyer has proved is theirs: the order code plus the
 * email on the order, or a channel identity verified that way before. A failed check says
 * the same whether the order exists or not, so guessing codes teaches nothing. Failed checks
 * lock verification for the conversation and for the order code (from any chat) once the
 * policy's limit is reached within its window. */
export async function identifyOrder(
  ctx: MessageContext,
  intent: string,
  previous: VerificationState = {},
): Promise<Plan> {
  const { db } = ctx.deps;
  const state: VerificationState = {
    orderCode: orderCodeIn(ctx.message) ?? previous.orderCode,
    emailDigest: emailDigestIn(ctx.message) ?? previous.emailDigest,
  };
  const identity = ctx.identity;
  const trusted = identity?.verifiedAt && identity.customerId ? identity.customerId : undefined;

  if (trusted && !state.orderCode) {
    const orders = await ordersOfCustomer(db, trusted, 2);
    if (orders.length === 1) return actOnOrder(ctx, intent, orders[0]!.id);
    return {
      ...plan('ask which order', { text: t(ctx.locale, 'ask_order_code') }),
      awaiting: waiting(intent, state),
    };
  }
  if (!state.orderCode) {
    const key = state.emailDigest ? 'ask_order_code' : 'ask_order_code_and_email';
    return {
      ...plan('ask order code', { text: t(ctx.locale, key) }),
      awaiting: waiting(intent, state),
    };
  }
  const owner = await orderOwner(db, state.orderCode);
  if (trusted && owner?.customerId === trusted) return actOnOrder(ctx, intent, owner.orderId);
  if (!state.emailDigest) {
    return {
      ...plan('ask email', { text: t(ctx.locale, 'ask_email') }),
      awaiting: waiting(intent, state),
    };
  }
  return checkEmail(ctx, intent, state.orderCode, state.emailDigest, owner);
}

/** The one step that compares an email with an order: counted before it is answered (only
 * here, not on every message), refused while the conversation or the order is locked. */
async function checkEmail(
  ctx: MessageContext,
  intent: string,
  orderCode: string,
  emailDigest: string,
  owner: Awaited<ReturnType<typeof orderOwner>>,
): Promise<Plan> {
  const { db, policy } = ctx.deps;
  const limit = policy.policy.verification_attempts;
  const attempt = await reserveVerificationAttempt(db, {
    messageId: ctx.message.id,
    conversationId: ctx.conversation.id,
    orderCode,
    windowMinutes: policy.policy.verification_window_minutes,
    limit,
  });
  if (!attempt.reserved) return locked(ctx, intent, orderCode, attempt.before);
  const digest = await contactDigester(db);
  if (owner && digest(owner.email) === emailDigest) {
    await releaseVerificationAttempt(db, ctx.message.id);
    const acted = await actOnOrder(ctx, intent, owner.orderId);
    return { ...acted, verifiedCustomerId: owner.customerId };
  }
  const failures = {
    conversation: attempt.before.conversation + 1,
    order: attempt.before.order + 1,
  };
  if (failures.conversation >= limit || failures.order >= limit) {
    return locked(ctx, intent, orderCode, failures);
  }
  return {
    ...plan('verification failed', { text: t(ctx.locale, 'verification_failed') }),
    // Forget both: the buyer re-sends what they mistyped.
    awaiting: waiting(intent, {}),
  };
}

/** Too many failures: the buyer is told a person takes over, a case tells staff which order
 * is being guessed at, and the lock is audited. */
function locked(
  ctx: MessageContext,
  intent: string,
  orderCode: string,
  failures: AttemptCounts,
): Plan {
  const limit = ctx.deps.policy.policy.verification_attempts;
  const scope = failures.conversation >= limit ? 'conversation' : 'order';
  const facts = {
    scope,
    order: orderCode,
    failures: scope === 'conversation' ? failures.conversation : failures.order,
    window_minutes: ctx.deps.policy.policy.verification_window_minutes,
  };
  return {
    ...plan('verification locked', { text: t(ctx.locale, 'verification_locked') }),
    awaiting: null,
    handOver: true,
    openCase: {
      intent,
      category: 'account',
      severity: 'P3',
      fields: { reason: 'verification_locked', ...facts },
    },
    audit: [
      {
        actor: 'bot',
        action: 'verification.locked',
        subject: ctx.conversation.id,
        details: { ...facts, message: ctx.message.id },
      },
    ],
  };
}

export function verificationState(awaiting: AwaitingState): VerificationState {
  const context = (awaiting.context ?? {}) as Partial<VerificationState>;
  return {
    orderCode: typeof context.orderCode === 'string' ? context.orderCode : undefined,
    emailDigest: typeof context.emailDigest === 'string' ? context.emailDigest : undefined,
  };
}
