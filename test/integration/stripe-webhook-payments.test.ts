import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { riskReviews } from '../../db/schema/index.js';
import {
  chargeObject,
  disputeObject,
  earlyFraudWarningObject,
  stripeId,
} from '../../testkit/fake-stripe-objects.js';
import { forThisFile } from '../helpers/for-this-file.js';
import { startWebhookHarness, stripeEvent } from '../helpers/stripe-webhook-harness.js';

describe('POST /webhooks/stripe: refunds, disputes, early fraud warnings (PostgreSQL)', () => {
  const h = forThisFile('webhook harness', startWebhookHarness);

  it('records a partial then a full refund from charge.refunded and voids the tickets', async () => {
    const { paymentIntentId, chargeId, order } = await h.paidOrder();
    const charge = (refunded: number) => ({
      ...chargeObject({
        id: chargeId,
        paymentIntentId,
        amount: 8_400,
        currency: 'eur',
        riskLevel: 'normal',
        riskScore: 12,
      }),
      amount_refunded: refunded,
      refunded: refunded === 8_400,
    });
    expect((await h.deliver(stripeEvent('charge.refunded', charge(4_200)))).statusCode).toBe(200);
    expect(await h.orderOf(paymentIntentId)).toMatchObject({
      status: 'partially_refunded',
      refundedMinor: 4_200,
      stripeChargeId: chargeId,
    });
    expect(await h.ticketStatuses(order.id)).toEqual(['valid', 'valid']);

    // An older, smaller running total arriving late does not undo the newer one.
    await h.deliver(stripeEvent('charge.refunded', charge(8_400)));
    await h.deliver(stripeEvent('charge.refunded', charge(4_200)));
    expect(await h.orderOf(paymentIntentId)).toMatchObject({
      status: 'refunded',
      refundedMinor: 8_400,
    });
    expect(await h.ticketStatuses(order.id)).toEqual(['void', 'void']);
  });

  it('marks a disputed order and opens a held risk review; a won dispute makes it paid again', async () => {
    const { paymentIntentId, chargeId, order } = await h.paidOrder();
    const dispute = (status: string) =>
      disputeObject({
        chargeId,
        paymentIntentId,
        amount: 8_400,
        currency: 'eur',
        reason: 'fraudulent',
        status,
      });
    const opened = dispute('needs_response');
    expect((await h.deliver(stripeEvent('charge.dispute.created', opened))).statusCode).toBe(200);
    expect((await h.orderOf(paymentIntentId)).status).toBe('disputed');
    const [review] = await h.db.select().from(riskReviews).where(eq(riskReviews.orderId, order.id));
    expect(review).toMatchObject({ status: 'open', hold: 'all', score: 100 });
    expect(review?.findings).toEqual([
      { rule: 'stripe_dispute', reason: 'chargeback opened: fraudulent', weight: 100 },
    ]);

    await h.deliver(stripeEvent('charge.dispute.closed', { ...opened, status: 'won' }));
    expect(await h.orderOf(paymentIntentId)).toMatchObject({ status: 'paid', refundedMinor: 0 });
    expect(await h.ticketStatuses(order.id)).toEqual(['valid', 'valid']);
  });

  it('treats a lost dispute as money gone: order refunded, tickets void', async () => {
    const { paymentIntentId, chargeId, order } = await h.paidOrder();
    const opened = disputeObject({
      chargeId,
      paymentIntentId,
      amount: 8_400,
      currency: 'eur',
      reason: 'product_not_received',
      status: 'needs_response',
    });
    await h.deliver(stripeEvent('charge.dispute.created', opened));
    const [review] = await h.db.select().from(riskReviews).where(eq(riskReviews.orderId, order.id));
    expect(review?.hold).toBe('refunds');
    await h.deliver(stripeEvent('charge.dispute.closed', { ...opened, status: 'lost' }));
    expect(await h.orderOf(paymentIntentId)).toMatchObject({
      status: 'refunded',
      refundedMinor: 8_400,
    });
    expect(await h.ticketStatuses(order.id)).toEqual(['void', 'void']);
  });

  it('opens a risk review with a hold on an early fraud warning, adding to an open one', async () => {
    const { paymentIntentId, chargeId, order } = await h.paidOrder({
      ticket_type: 'VIP',
      quantity: '1',
    });
    const warning = earlyFraudWarningObject({
      chargeId,
      paymentIntentId,
      fraudType: 'made_with_stolen_card',
    });
    const response = await h.deliver(stripeEvent('radar.early_fraud_warning.created', warning));
    expect(response.statusCode).toBe(200);
    const reviews = () => h.db.select().from(riskReviews).where(eq(riskReviews.orderId, order.id));
    expect(await reviews()).toMatchObject([{ status: 'open', hold: 'all', score: 80 }]);
    expect((await h.orderOf(paymentIntentId)).status).toBe('paid');

    // The dispute that usually follows joins the same open review.
    await h.deliver(
      stripeEvent(
        'charge.dispute.created',
        disputeObject({
          chargeId,
          paymentIntentId,
          amount: 9_000,
          currency: 'eur',
          reason: 'fraudulent',
          status: 'needs_response',
        }),
      ),
    );
    const [review] = await reviews();
    expect(review?.score).toBe(100);
    expect(review?.findings.map((f) => f.rule)).toEqual([
      'stripe_early_fraud_warning',
      'stripe_dispute',
    ]);
  });

  it('acknowledges payment events for payments it has no order for', async () => {
    const warning = earlyFraudWarningObject({
      chargeId: stripeId('ch'),
      paymentIntentId: stripeId('pi'),
      fraudType: 'misc',
    });
    const response = await h.deliver(stripeEvent('radar.early_fraud_warning.created', warning));
    expect(response.json()).toEqual({ received: true, ignored: 'no order for this payment' });
  });
});
