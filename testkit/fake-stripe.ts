import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakePaymentLinks } from './fake-stripe-links.js';
import {
  type Answer,
  chargeObject,
  disputeObject,
  earlyFraudWarningObject,
  fault,
  found,
  listObject,
  parseStripeForm,
  paymentIntentObject,
  refundObject,
  type ScriptedFailure,
  StripeFault,
  scripted,
  stripeId,
  unknownUrl,
} from './fake-stripe-objects.js';

type Json = Record<string, unknown>;

export type RecordedRequest = {
  method: string;
  path: string;
  /** Query string and form body, parsed with Stripe's bracket rules. */
  params: Json;
  idempotencyKey: string | undefined;
  status: number;
  /** True when the answer was a stored idempotent response. */
  replayed: boolean;
};

export type FakePaymentSetup = {
  amount?: number;
  currency?: string;
  riskLevel?: 'normal' | 'elevated' | 'highest' | 'not_assessed' | 'unknown';
  riskScore?: number;
  refunds?: { amount: number; status?: string; reason?: string }[];
  disputes?: { amount?: number; reason?: string; status?: string }[];
  earlyFraudWarning?: boolean;
};

type StoredAnswer = { fingerprint: string; status: number; body: Json };

/** A local stand-in for api.stripe.com: real object shapes from shared/fixtures/stripe,
 * form-encoded bodies, bearer-key auth, Idempotency-Key replay (same key, same answer; same
 * key with other params is an idempotency_error), scriptable failures, and a log of every
 * request so a test can assert what was called. Point the SDK at `url` via STRIPE_API_BASE. */
export class FakeStripe {
  readonly requests: RecordedRequest[] = [];
  readonly paymentIntents = new Map<string, Json>();
  readonly charges = new Map<string, Json>();
  readonly refunds: Json[] = [];
  /** The status new refunds get: `succeeded` (cards, mostly) or `pending` (the bank has not
   * answered yet; `settleRefund` decides later). */
  refundStatus: 'succeeded' | 'pending' = 'succeeded';
  readonly disputes: Json[] = [];
  readonly earlyFraudWarnings: Json[] = [];
  /** prices, products and Payment Links created through the API */
  readonly paymentLinks = new FakePaymentLinks();
  private readonly idempotent = new Map<string, StoredAnswer>();
  private readonly failures: ScriptedFailure[] = [];
  private readonly refusedPaths = new Map<string, number>();
  /** Called after a request took effect, before its answer is sent: a test can kill the
   * client process here to lose the answer the way a crash does. */
  beforeRespond: ((request: RecordedRequest) => Promise<void> | void) | undefined;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeStripe> {
    let fake: FakeStripe | undefined;
    const server = createServer((req, res) => {
      // A bug in the fake answers 500 with its message instead of killing the test run.
      fake?.handle(req, res).catch((error: Error) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'api_error', message: error.message } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeStripe(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A succeeded payment with its charge and whatever refunds, disputes and early fraud
   * warning the scenario needs. Returns the ids the SDK will be asked about. */
  addPayment(setup: FakePaymentSetup = {}): { paymentIntentId: string; chargeId: string } {
    const amount = setup.amount ?? 5000;
    const currency = setup.currency ?? 'eur';
    const paymentIntentId = stripeId('pi');
    const chargeId = stripeId('ch');
    const ids = { chargeId, paymentIntentId };
    this.paymentIntents.set(
      paymentIntentId,
      paymentIntentObject({ id: paymentIntentId, amount, currency, status: 'succeeded', chargeId }),
    );
    const charge = chargeObject({
      id: chargeId,
      paymentIntentId,
      amount,
      currency,
      riskLevel: setup.riskLevel ?? 'normal',
      riskScore: setup.riskScore,
    });
    this.charges.set(chargeId, charge);
    for (const r of setup.refunds ?? []) {
      this.recordRefund(charge, r.amount, r.status ?? 'succeeded', r.reason ?? null, {});
    }
    for (const d of setup.disputes ?? []) {
      charge.disputed = true;
      this.disputes.push(
        disputeObject({
          ...ids,
          amount: d.amount ?? amount,
          currency,
          reason: d.reason ?? 'fraudulent',
          status: d.status ?? 'needs_response',
        }),
      );
    }
    if (setup.earlyFraudWarning) {
      this.earlyFraudWarnings.push(
        earlyFraudWarningObject({ ...ids, fraudType: 'made_with_stolen_card' }),
      );
    }
    return ids;
  }

  /** The charge a payment intent was paid with (`latest_charge`). */
  chargeOf(paymentIntentId: string): string {
    return String(this.paymentIntents.get(paymentIntentId)?.latest_charge ?? '');
  }

  /** Every request to `path` fails with `status` from now on, as a restricted key that may
   * not read charges would (403). */
  refuseAlways(path: string, status = 403): void {
    this.refusedPaths.set(path, status);
  }

  /** Drops scripted failures that no request used up. */
  clearFailures(): void {
    this.failures.length = 0;
  }

  /** The next `count` requests (to `path` only, when given) fail with `status`. With
   * `afterEffect`, the request is carried out (and its idempotent answer stored) before the
   * failure is returned: a response lost on the way back, which is what a retry with the
   * same key must survive. */
  failNext(
    count: number,
    options: { status?: number; afterEffect?: boolean; path?: string } = {},
  ): void {
    for (let i = 0; i < count; i++) {
      this.failures.push({
        status: options.status ?? 500,
        afterEffect: options.afterEffect ?? false,
        ...(options.path ? { path: options.path } : {}),
      });
    }
  }

  /** A buyer pays a Payment Link: the payment (intent and charge, carrying the link's
   * `payment_intent_data.metadata`) exists, and the completed Checkout Session Stripe would
   * send in `checkout.session.completed` is returned. */
  payLink(linkId: string): Json {
    const { amount, currency, paymentIntentMetadata } = this.paymentLinks.checkoutOf(linkId);
    const { paymentIntentId } = this.addPayment({ amount, currency });
    this.paymentIntents.get(paymentIntentId)!.metadata = paymentIntentMetadata;
    return this.paymentLinks.completeSession(linkId, paymentIntentId);
  }

  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const raw = await readBody(req);
    const method = req.method ?? 'GET';
    const params = parseStripeForm(method === 'GET' ? url.search.slice(1) : raw);
    const key = header(req, 'idempotency-key');
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      params,
      idempotencyKey: key,
      status: 0,
      replayed: false,
    };
    this.requests.push(record);
    const send = (answer: Answer, extra: Record<string, string> = {}) => {
      record.status = answer.status;
      res.writeHead(answer.status, {
        'content-type': 'application/json',
        'request-id': stripeId('req'),
        ...extra,
      });
      res.end(JSON.stringify(answer.body));
    };

    if (!/^Bearer sk_/.test(header(req, 'authorization') ?? '')) {
      return send(fault(new StripeFault(401, 'authentication_error', 'Invalid API Key provided')));
    }
    const refusal = this.refusedPaths.get(url.pathname);
    if (refusal !== undefined) return send(scripted({ status: refusal, afterEffect: false }));
    const at = this.failures.findIndex((f) => !f.path || f.path === url.pathname);
    const failure = at === -1 ? undefined : this.failures.splice(at, 1)[0];
    if (failure && !failure.afterEffect) return send(scripted(failure));

    const fingerprint = `${method} ${url.pathname} ${raw}`;
    const stored = method === 'POST' && key ? this.idempotent.get(key) : undefined;
    let answer: Answer;
    if (stored) {
      record.replayed = stored.fingerprint === fingerprint;
      answer = record.replayed
        ? stored
        : fault(
            new StripeFault(
              400,
              'idempotency_error',
              `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
            ),
          );
    } else {
      answer = this.answer(method, url.pathname, params);
      // Stripe stores the outcome once the endpoint ran, errors included.
      if (method === 'POST' && key) this.idempotent.set(key, { fingerprint, ...answer });
    }
    record.status = answer.status;
    await this.beforeRespond?.(record);
    if (failure) return send(scripted(failure));
    send(answer, record.replayed ? { 'idempotent-replayed': 'true' } : {});
  }

  private answer(method: string, path: string, params: Json): Answer {
    try {
      return { status: 200, body: this.route(method, path, params) };
    } catch (error) {
      if (error instanceof StripeFault) return fault(error);
      throw error;
    }
  }

  private route(method: string, path: string, params: Json): Json {
    const [, version, resource, id, ...rest] = path.split('/');
    if (version !== 'v1' || rest.length > 0) throw unknownUrl(method, path);
    const get = method === 'GET';
    if (resource === 'payment_intents' && get && id) return this.paymentIntent(id, params);
    if (resource === 'charges' && get && id) return found(this.charges.get(id), 'charge', id);
    if (resource === 'refunds' && get && !id) return this.list(path, this.refunds, params);
    if (resource === 'refunds' && get && id) return this.refund(id);
    if (resource === 'refunds' && method === 'POST' && !id) return this.createRefund(params);
    if (resource === 'disputes' && get && !id) return this.list(path, this.disputes, params);
    if (path === '/v1/radar/early_fraud_warnings' && get) {
      return this.list(path, this.earlyFraudWarnings, params);
    }
    const post = method === 'POST';
    const links = this.paymentLinks;
    if (resource === 'prices' && post && !id) return links.createPrice(params);
    if (resource === 'payment_links' && post && !id) return links.createLink(params, this.url);
    if (resource === 'payment_links' && get && id) {
      return found(links.links.get(id), 'payment_link', id);
    }
    if (resource === 'payment_links' && post && id) return links.updateLink(id, params);
    throw unknownUrl(method, path);
  }

  private paymentIntent(id: string, params: Json): Json {
    const intent = { ...found(this.paymentIntents.get(id), 'payment_intent', id) };
    const expand = Array.isArray(params.expand) ? params.expand : [];
    if (expand.includes('latest_charge') && typeof intent.latest_charge === 'string') {
      intent.latest_charge = this.charges.get(intent.latest_charge) ?? null;
    }
    return intent;
  }

  private refund(id: string): Json {
    return found(
      this.refunds.find((r) => r.id === id),
      'refund',
      id,
    );
  }

  private list(url: string, items: Json[], params: Json): Json {
    const matching = items.filter(
      (item) =>
        (params.payment_intent === undefined || item.payment_intent === params.payment_intent) &&
        (params.charge === undefined || item.charge === params.charge),
    );
    // Newest first, a page at a time after `starting_after`, as Stripe lists.
    const newestFirst = [...matching].reverse();
    const after = newestFirst.findIndex((item) => item.id === params.starting_after);
    const rest = after === -1 ? newestFirst : newestFirst.slice(after + 1);
    const limit = Number(params.limit ?? 10);
    return listObject(url, rest.slice(0, limit), rest.length > limit);
  }

  /** POST /v1/refunds: by payment_intent or charge, `amount` defaults to what is left. */
  private createRefund(params: Json): Json {
    const chargeId =
      typeof params.charge === 'string'
        ? params.charge
        : (this.paymentIntents.get(String(params.payment_intent))?.latest_charge as string);
    const charge = this.charges.get(chargeId ?? '');
    if (!charge) {
      throw new StripeFault(
        404,
        'invalid_request_error',
        'No such charge or payment_intent',
        'resource_missing',
      );
    }
    const left = (charge.amount as number) - (charge.amount_refunded as number);
    if (left <= 0) {
      throw new StripeFault(
        400,
        'invalid_request_error',
        `Charge ${chargeId} has already been refunded.`,
        'charge_already_refunded',
      );
    }
    const amount = params.amount === undefined ? left : Number(params.amount);
    if (!Number.isInteger(amount) || amount <= 0 || amount > left) {
      throw new StripeFault(
        400,
        'invalid_request_error',
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
        'amount_too_large',
      );
    }
    const reason = typeof params.reason === 'string' ? params.reason : null;
    const metadata = (params.metadata as Json | undefined) ?? {};
    return this.recordRefund(charge, amount, this.refundStatus, reason, metadata);
  }

  /** What a bank later makes of a refund: `succeeded`, or `failed` (its amount goes back
   * onto the charge, as Stripe does). Returns the refund as the outcome webhook carries it. */
  settleRefund(refundId: string, status: 'succeeded' | 'failed', failureReason?: string): Json {
    const refund = this.refunds.find((r) => r.id === refundId);
    if (!refund) throw new Error(`fake Stripe: no refund ${refundId}`);
    const charge = this.charges.get(refund.charge as string)!;
    if (status === 'failed' && refund.status !== 'failed') {
      charge.amount_refunded = (charge.amount_refunded as number) - (refund.amount as number);
      charge.refunded = false;
    }
    refund.status = status;
    refund.failure_reason =
      status === 'failed' ? (failureReason ?? 'expired_or_canceled_card') : null;
    return refund;
  }

  private recordRefund(
    charge: Json,
    amount: number,
    status: string,
    reason: string | null,
    metadata: Json,
  ): Json {
    const refund = refundObject({
      chargeId: charge.id as string,
      paymentIntentId: charge.payment_intent as string,
      amount,
      currency: charge.currency as string,
      status,
      reason,
      metadata,
    });
    this.refunds.push(refund);
    // A pending refund already counts in the charge's amount_refunded, as at Stripe.
    if (status === 'succeeded' || status === 'pending') {
      charge.amount_refunded = (charge.amount_refunded as number) + amount;
      charge.refunded = charge.amount_refunded === charge.amount;
    }
    return refund;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
