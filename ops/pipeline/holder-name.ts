import type { AwaitingState } from '../../db/schema/index.js';
import { t } from '../replies/index.js';
import type { MessageContext } from './context.js';
import { type Plan, plan } from './plan.js';

/** What the bot waits for after asking which name a ticket should carry. */
export type HolderNameContext = {
  orderId: string;
  orderCode: string;
  ticketId: string;
  eventId: string;
  customerId: string;
  tier: string;
};

/** A person's name as a buyer types it: letters (any script), spaces, hyphens, apostrophes
 * and dots; at least two letters; no digits, addresses or links. */
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} .'’-]{0,78}[\p{L}\p{M}.]$/u;

/** The name in the buyer's answer, or undefined when it does not look like one. Words like
 * "it's" or "the name is" before it are dropped. */
export function holderNameIn(text: string): string | undefined {
  const answer = text
    .normalize('NFC')
    .trim()
    .replace(/^(?:(?:the\s+)?(?:new\s+)?name\s*(?:is|:)\s*|it'?s\s+|please\s+(?:use|put)\s+)/iu, '')
    .replace(/\s+/g, ' ')
    .replace(/[.!]+$/u, '')
    .trim();
  if (!NAME.test(answer)) return undefined;
  return (answer.match(/\p{L}/gu) ?? []).length >= 2 ? answer : undefined;
}

/** Asks which name the ticket should carry; the answer comes back to `holderNameAnswer`. */
export function askHolderName(ctx: MessageContext, context: HolderNameContext): Plan {
  return {
    ...plan('holder name asked', {
      text: t(ctx.locale, 'ask_holder_name', { orderCode: context.orderCode }),
    }),
    awaiting: { kind: 'holder_name', intent: 'change_personal_details_on_ticket', context },
  };
}

/** The buyer's answer: a name changes the ticket at once through an approval the policy
 * approves (audited, committed exactly once like any other); anything else is asked again,
 * once, then left to staff. */
export function holderNameAnswer(ctx: MessageContext, awaiting: AwaitingState): Plan {
  const context = awaiting.context as HolderNameContext;
  const holderName = holderNameIn(ctx.message.text);
  if (!holderName) {
    if ((awaiting.attempts ?? 0) >= 1) {
      return {
        ...plan('holder name unclear', { text: t(ctx.locale, 'holder_name_unclear') }),
        awaiting: null,
      };
    }
    return {
      ...plan('holder name asked again', {
        text: t(ctx.locale, 'ask_holder_name_again', { orderCode: context.orderCode }),
      }),
      awaiting: { ...awaiting, attempts: (awaiting.attempts ?? 0) + 1 },
    };
  }
  const edit = { type: 'change_holder_name', ticketId: context.ticketId, holderName };
  return {
    ...plan('holder name changed by safe automation'),
    awaiting: null,
    openCase: {
      intent: 'change_personal_details_on_ticket',
      category: 'orders',
      severity: 'P4',
      orderId: context.orderId,
      eventId: context.eventId,
      customerId: context.customerId,
      tier: context.tier,
      fields: { order_code: context.orderCode, change: 'change_holder_name', automated: true },
      resolved: true,
    },
    approval: {
      kind: 'order_edit_commit',
      orderId: context.orderId,
      amountMinor: 0,
      payload: {
        orderCode: context.orderCode,
        change: 'change_personal_details_on_ticket',
        ticketIds: [context.ticketId],
      },
      edit,
      automatic: true,
    },
  };
}
