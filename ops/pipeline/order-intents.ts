import { findOpenMoneyApproval } from '../../db/queries/money-approvals.js';
import { loadOrderFacts, type OrderFacts } from '../../db/queries/orders.js';
import { holdOf, refundVerdict } from '../approvals/index.js';
import type { PaymentFacts } from '../integrations/stripe/index.js';
import { formatMoney, t } from '../replies/index.js';
import { assessSeverity } from '../triage/index.js';
import type { MessageContext } from './context.js';
import { askHolderName } from './holder-name.js';
import { EDIT_INTENTS, REFUND_INTENTS } from './intent-groups.js';
import { type CaseDraft, caseAnnouncement, type Plan, plan } from './plan.js';
import { maskEmail } from './redact.js';
import { mayAutomate } from './safe-automation.js';

/** What the buyer asked about their (verified) order: answer it, or open a case and draft
 * the approval staff must give. Nothing here moves money. */
export async function actOnOrder(
  ctx: MessageContext,
  intent: string,
  orderId: string,
): Promise<Plan> {
  const facts = await loadOrderFacts(ctx.deps.db, orderId);
  if (!facts) return plan('order vanished', { text: t(ctx.locale, 'temporary_error') });
  const payment = await paymentFacts(ctx, facts);
  const { order } = facts;
  const severity = assessSeverity(ctx.message.text, ctx.triage.intent, {
    tier: facts.customer.tier,
    eventStartsAt: facts.event.startsAt,
    now: ctx.now,
  });
  const draft = (category: CaseDraft['category'], fields: Record<string, unknown>): CaseDraft => ({
    intent,
    category,
    severity: severity.severity,
    orderId: order.id,
    eventId: order.eventId,
    customerId: order.customerId,
    tier: facts.customer.tier,
    fields: {
      order_code: order.code,
      severity_reasons: severity.reasons,
      payment: payment && summarisePayment(payment),
      risk_review: facts.openReview
        ? { id: facts.openReview.id, score: facts.openReview.score }
        : undefined,
      ...fields,
    },
  });
  const money = (minor: number) => formatMoney(minor, order.currency, ctx.locale);

  if (REFUND_INTENTS.has(intent)) {
    // One open money approval per order (a refund, or a cancellation that refunds): asking
    // again, from this chat or another, points at the one already waiting.
    const pending = await findOpenMoneyApproval(ctx.deps.db, order.id);
    if (pending) {
      return plan('refund already requested', {
        text: t(ctx.locale, 'refund_pending_approval', {
          orderCode: order.code,
          amount: money(pending.amountMinor ?? 0),
        }),
      });
    }
    const verdict = refundVerdict(ctx.deps.policy, {
      order,
      tickets: facts.tickets,
      doorsAt: facts.event.doorsAt,
      now: ctx.now,
      heldForReview: holdOf(facts.openReview?.hold) !== 'none',
    });
    if (!verdict.eligible) {
      return plan(`refund not eligible: ${verdict.rule}`, {
        text: t(ctx.locale, 'refund_not_eligible', {
          orderCode: order.code,
          reason: verdict.reason,
        }),
      });
    }
    const automatic = await mayAutomate(
      ctx,
      { kind: 'refund_commit' },
      { customerId: order.customerId, hold: holdOf(facts.openReview?.hold) },
    );
    const replyKey = automatic ? 'refund_automatic' : 'refund_pending_approval';
    return {
      ...plan(
        automatic
          ? `refund by safe automation: ${verdict.rule}`
          : `refund drafted: ${verdict.rule}`,
        {
          text: t(ctx.locale, replyKey, {
            orderCode: order.code,
            amount: money(verdict.amountMinor),
          }),
        },
        ...(automatic
          ? []
          : [
              caseAnnouncement(
                t(ctx.locale, 'case_opened', { caseNumber: '{caseNumber}', sla: '{sla}' }),
              ),
            ]),
      ),
      openCase: { ...draft('billing', { verdict, automated: automatic }), resolved: automatic },
      approval: {
        kind: 'refund_commit',
        orderId: order.id,
        amountMinor: verdict.amountMinor,
        currency: verdict.currency,
        automatic,
        payload: {
          orderCode: order.code,
          intent,
          verdict,
          ticketIds: facts.tickets.filter((tk) => tk.status === 'valid').map((tk) => tk.id),
          paymentIntentId: order.stripePaymentIntentId,
          riskLevel: payment?.riskLevel ?? null,
          heldForReview: verdict.held,
        },
      },
    };
  }

  if (EDIT_INTENTS.has(intent)) {
    const holderName = await holderNameByAutomation(ctx, intent, facts);
    if (holderName) return holderName;
    const requested =
      ctx.message.entities?.filter((e) => e.type === 'seat' || e.type === 'date') ?? [];
    return {
      ...plan(
        'order edit drafted',
        { text: t(ctx.locale, 'order_edit_pending_approval', { orderCode: order.code }) },
        caseAnnouncement(
          t(ctx.locale, 'case_opened', { caseNumber: '{caseNumber}', sla: '{sla}' }),
        ),
      ),
      openCase: draft('orders', { change: intent }),
      approval: {
        kind: 'order_edit_commit',
        orderId: order.id,
        payload: {
          orderCode: order.code,
          change: intent,
          // What the buyer asked for, in their words; staff fill in the exact change.
          request: ctx.message.text.slice(0, 500),
          details: requested.map((e) => ({ type: e.type, value: e.value })),
          ticketIds: facts.tickets.map((tk) => tk.id),
        },
      },
    };
  }

  if (intent === 'track_refund' || intent === 'track_cancellation') {
    const pending = await findOpenMoneyApproval(ctx.deps.db, order.id);
    return plan('refund status answered', {
      text: t(ctx.locale, 'refund_status', {
        orderCode: order.code,
        refunded: money(order.refundedMinor),
        total: money(order.totalMinor),
        pending: pending ? t(ctx.locale, 'refund_status_pending') : '',
      }).trim(),
    });
  }

  if (intent === 'find_ticket') {
    const valid = facts.tickets.filter((tk) => tk.status === 'valid' || tk.status === 'checked_in');
    return plan('tickets summarised', {
      text: t(ctx.locale, 'order_tickets_summary', {
        orderCode: order.code,
        eventName: facts.event.name,
        count: valid.length,
        email: maskEmail(facts.customer.email),
      }),
    });
  }

  // report_payment_issue, pay: a person looks at the payment.
  return {
    ...plan(
      'payment case opened',
      caseAnnouncement(t(ctx.locale, 'case_opened', { caseNumber: '{caseNumber}', sla: '{sla}' })),
    ),
    openCase: draft('billing', {}),
  };
}

/** A holder-name change the policy leaves to the bot: on an order with one usable ticket (or
 * the ticket the buyer named by its code), the bot asks for the name and changes it itself.
 * Undefined: staff approve it as any other edit. */
async function holderNameByAutomation(
  ctx: MessageContext,
  intent: string,
  facts: OrderFacts,
): Promise<Plan | undefined> {
  if (intent !== 'change_personal_details_on_ticket') return undefined;
  const valid = facts.tickets.filter((tk) => tk.status === 'valid');
  const named = ctx.message.entities?.find((e) => e.type === 'ticket_code')?.value;
  const ticket = named
    ? valid.find((tk) => tk.code === named)
    : valid.length === 1
      ? valid[0]
      : undefined;
  if (!ticket) return undefined;
  const automatic = await mayAutomate(
    ctx,
    { kind: 'order_edit_commit', editType: 'change_holder_name' },
    {
      customerId: facts.order.customerId,
      hold: holdOf(facts.openReview?.hold),
      edit: { type: 'change_holder_name' },
    },
  );
  if (!automatic) return undefined;
  return askHolderName(ctx, {
    orderId: facts.order.id,
    orderCode: facts.order.code,
    ticketId: ticket.id,
    eventId: facts.order.eventId,
    customerId: facts.order.customerId,
    tier: facts.customer.tier,
  });
}

async function paymentFacts(
  ctx: MessageContext,
  facts: OrderFacts,
): Promise<PaymentFacts | undefined> {
  const id = facts.order.stripePaymentIntentId;
  if (!ctx.deps.payments || !id) return undefined;
  try {
    return await ctx.deps.payments.paymentFacts(id);
  } catch (error) {
    // Enrichment is best effort: staff see "payment unknown" rather than the buyer waiting.
    ctx.deps.log.warn({ err: error, orderId: facts.order.id }, 'enrich: payment lookup failed');
    return undefined;
  }
}

/** What staff need of a payment, with no card data. */
const summarisePayment = (p: PaymentFacts) => ({
  status: p.status,
  amountMinor: p.amountMinor,
  currency: p.currency,
  amountRefundedMinor: p.amountRefundedMinor,
  disputes: p.disputes.map((d) => ({ status: d.status, reason: d.reason })),
  riskLevel: p.riskLevel,
  earlyFraudWarning: p.earlyFraudWarning,
});
