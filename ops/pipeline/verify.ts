import { orderOwner, ordersOfCustomer } from '../../db/queries/orders.js';
import type { AwaitingState } from '../../db/schema/index.js';
import { t } from '../triage/messages/index.js';
import { emailDigestIn, type MessageContext, orderCodeIn } from './context.js';
import { actOnOrder } from './order-intents.js';
import { type Plan, plan } from './plan.js';
import { contactDigest } from './redact.js';

export type VerificationState = { orderCode?: string; emailDigest?: string; attempts: number };

const waiting = (intent: string, state: VerificationState): AwaitingState => ({
  kind: 'verification',
  intent,
  attempts: state.attempts,
  context: { ...state },
});

/** Order intents need an order the buyer has proved is theirs: the order code plus the
 * email on the order, or a channel identity verified that way before. A failed check says
 * the same whether the order exists or not, so guessing codes teaches nothing. */
export async function identifyOrder(
  ctx: MessageContext,
  intent: string,
  previous: VerificationState = { attempts: 0 },
): Promise<Plan> {
  const { db } = ctx.deps;
  const state: VerificationState = {
    attempts: previous.attempts,
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
  if (owner && contactDigest(owner.email) === state.emailDigest) {
    const acted = await actOnOrder(ctx, intent, owner.orderId);
    return { ...acted, verifiedCustomerId: owner.customerId };
  }
  const attempts = state.attempts + 1;
  if (attempts >= ctx.deps.policy.policy.verification_attempts) {
    return {
      ...plan('verification locked', { text: t(ctx.locale, 'verification_locked') }),
      awaiting: null,
      handOver: true,
      openCase: {
        intent,
        category: 'account',
        severity: 'P3',
        fields: { reason: 'verification_locked', attempts },
      },
    };
  }
  return {
    ...plan('verification failed', { text: t(ctx.locale, 'verification_failed') }),
    // Forget both: the buyer re-sends what they mistyped.
    awaiting: waiting(intent, { attempts }),
  };
}

export function verificationState(awaiting: AwaitingState): VerificationState {
  const context = (awaiting.context ?? {}) as Partial<VerificationState>;
  return {
    attempts: awaiting.attempts ?? 0,
    orderCode: typeof context.orderCode === 'string' ? context.orderCode : undefined,
    emailDigest: typeof context.emailDigest === 'string' ? context.emailDigest : undefined,
  };
}
