import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExternalServiceError, isRetryable } from '../../ops/errors.js';
import { createPaymentLookup } from '../../ops/integrations/stripe/payment-facts.js';
import { createStripeClient } from '../../ops/integrations/stripe/stripe-client.js';
import { FakeStripe } from '../../testkit/fake-stripe.js';

describe('payment facts from Stripe (real SDK against the fake Stripe server)', () => {
  let fake: FakeStripe;
  const env = () => ({ STRIPE_SECRET_KEY: 'sk_test_ticketops', STRIPE_API_BASE: fake.url });

  beforeAll(async () => {
    fake = await FakeStripe.start();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('reads the payment, Radar verdict, refunds, disputes and early fraud warnings', async () => {
    const { paymentIntentId, chargeId } = fake.addPayment({
      amount: 12_000,
      currency: 'eur',
      riskLevel: 'elevated',
      riskScore: 71,
      refunds: [{ amount: 3_000 }, { amount: 500, status: 'failed' }],
      disputes: [{ reason: 'fraudulent', status: 'needs_response' }],
      earlyFraudWarning: true,
    });
    const facts = await createPaymentLookup(createStripeClient(env())).paymentFacts(
      paymentIntentId,
    );

    expect(facts).toMatchObject({
      paymentIntentId,
      status: 'succeeded',
      amountMinor: 12_000,
      currency: 'EUR',
      chargeId,
      amountRefundedMinor: 3_000,
      riskLevel: 'elevated',
      riskScore: 71,
      earlyFraudWarning: true,
      disputes: [{ amountMinor: 12_000, status: 'needs_response', reason: 'fraudulent' }],
    });
    // Newest first, as Stripe lists them.
    expect(facts?.refunds.map((r) => [r.amountMinor, r.status])).toEqual([
      [500, 'failed'],
      [3_000, 'succeeded'],
    ]);
    expect(facts?.refunds[0]?.createdAt).toBeInstanceOf(Date);
    // The charge came inline through `expand`, and every list was filtered by payment intent.
    const intentCall = fake.requests.find(
      (r) => r.path === `/v1/payment_intents/${paymentIntentId}`,
    );
    expect(intentCall?.params.expand).toEqual(['latest_charge']);
    for (const path of ['/v1/refunds', '/v1/disputes', '/v1/radar/early_fraud_warnings']) {
      expect(fake.requestsTo('GET', path).at(-1)?.params.payment_intent).toBe(paymentIntentId);
    }
  });

  it('reports a clean payment as such', async () => {
    const { paymentIntentId } = fake.addPayment({ amount: 4_500 });
    const facts = await createPaymentLookup(createStripeClient(env())).paymentFacts(
      paymentIntentId,
    );
    expect(facts).toMatchObject({
      amountRefundedMinor: 0,
      refunds: [],
      disputes: [],
      riskLevel: 'normal',
      riskScore: null,
      earlyFraudWarning: false,
    });
  });

  it('answers undefined when Stripe is not configured', async () => {
    const lookup = createPaymentLookup(createStripeClient({ STRIPE_SECRET_KEY: undefined }));
    expect(await lookup.paymentFacts('pi_anything')).toBeUndefined();
  });

  it('retries a 500 with the SDK and then succeeds', async () => {
    const { paymentIntentId } = fake.addPayment({ amount: 2_000 });
    const before = fake.requests.length;
    fake.failNext(1, { status: 500 });
    const facts = await createPaymentLookup(createStripeClient(env())).paymentFacts(
      paymentIntentId,
    );
    expect(facts?.amountMinor).toBe(2_000);
    const intentCalls = fake.requests
      .slice(before)
      .filter((r) => r.path === `/v1/payment_intents/${paymentIntentId}`);
    expect(intentCalls.map((r) => r.status)).toEqual([500, 200]);
  });

  it('gives up on 5xx after the retries with a retryable error', async () => {
    const { paymentIntentId } = fake.addPayment();
    fake.failNext(2, { status: 503 });
    const lookup = createPaymentLookup(createStripeClient(env(), { maxNetworkRetries: 1 }));
    const error = await lookup.paymentFacts(paymentIntentId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect(isRetryable(error)).toBe(true);
    expect((error as ExternalServiceError).message).toMatch(/HTTP 503/);
  });

  it('turns a 4xx into a non-retryable error that names the problem', async () => {
    const lookup = createPaymentLookup(createStripeClient(env()));
    const before = fake.requests.length;
    const error = await lookup.paymentFacts('pi_doesnotexist').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect(error).toMatchObject({ service: 'stripe', retryable: false });
    expect((error as Error).message).toMatch(/retrieve payment intent failed \(HTTP 404/);
    expect((error as Error).message).toMatch(/No such payment_intent/);
    // A 4xx is not retried by the SDK either.
    expect(fake.requests.length - before).toBe(1);
  });

  it('treats a rejected API key as permanent', async () => {
    const lookup = createPaymentLookup(
      createStripeClient({ STRIPE_SECRET_KEY: 'rk_wrong', STRIPE_API_BASE: fake.url }),
    );
    const error = await lookup.paymentFacts('pi_x').catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: false });
    expect((error as Error).message).toMatch(/HTTP 401/);
  });

  it('treats an unreachable Stripe as transient', async () => {
    const closed = await FakeStripe.start();
    const base = closed.url;
    await closed.close();
    const lookup = createPaymentLookup(
      createStripeClient(
        { STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_API_BASE: base },
        { maxNetworkRetries: 0 },
      ),
    );
    const error = await lookup.paymentFacts('pi_x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect(error).toMatchObject({ retryable: true });
  });

  it('replays a refund create with the same Idempotency-Key instead of refunding twice', async () => {
    const stripe = createStripeClient(env())!;
    const { paymentIntentId } = fake.addPayment({ amount: 10_000 });
    fake.failNext(1, { status: 500, afterEffect: true });
    const refund = await stripe.refunds.create(
      { payment_intent: paymentIntentId, amount: 2_500 },
      { idempotencyKey: 'apr_test_refund_1' },
    );
    const again = await stripe.refunds.create(
      { payment_intent: paymentIntentId, amount: 2_500 },
      { idempotencyKey: 'apr_test_refund_1' },
    );
    expect(again.id).toBe(refund.id);
    expect(fake.refunds.filter((r) => r.payment_intent === paymentIntentId)).toHaveLength(1);
    const calls = fake.requestsTo('POST', '/v1/refunds').slice(-3);
    expect(calls.map((c) => [c.status, c.replayed, c.idempotencyKey])).toEqual([
      [500, false, 'apr_test_refund_1'],
      [200, true, 'apr_test_refund_1'],
      [200, true, 'apr_test_refund_1'],
    ]);
    expect(calls[0]?.params).toMatchObject({ payment_intent: paymentIntentId, amount: '2500' });
  });
});
