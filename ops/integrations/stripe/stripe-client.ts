import Stripe from 'stripe';
import type { Env } from '../../config/index.js';
import { ExternalServiceError } from '../../errors.js';

export type StripeClientOptions = {
  /** Per-request timeout. Stripe answers reads in well under a second; 20 s leaves room for
   * a slow refund without holding a worker for the SDK's 80 s default. */
  timeoutMs?: number;
  /** The SDK retries connection errors, 409 and 5xx with backoff, reusing the same
   * Idempotency-Key for POSTs, so a retried refund cannot be created twice. */
  maxNetworkRetries?: number;
};

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_NETWORK_RETRIES = 2;

/** The Stripe SDK client, or `undefined` when no secret key is configured (the pipeline then
 * carries on with what the database knows). `STRIPE_API_BASE` points it at another server
 * (tests, stripe-mock); only scheme, host and port are used. */
export function createStripeClient(
  env: Pick<Env, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE'>,
  options: StripeClientOptions = {},
): Stripe | undefined {
  if (!env.STRIPE_SECRET_KEY) return undefined;
  return new Stripe(env.STRIPE_SECRET_KEY, {
    ...apiBase(env.STRIPE_API_BASE),
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxNetworkRetries: options.maxNetworkRetries ?? DEFAULT_MAX_NETWORK_RETRIES,
    appInfo: { name: 'ticketops' },
    telemetry: false,
  });
}

function apiBase(
  base: string | undefined,
): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!base) return {};
  const url = new URL(base);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return {
    host: url.hostname,
    port: url.port || (protocol === 'http' ? 80 : 443),
    protocol,
  };
}

/** Runs one Stripe call and turns an SDK error into an ExternalServiceError whose `retryable`
 * tells the job runner what to do: 5xx, 429, 409, timeouts and dropped connections may pass;
 * other 4xx (bad id, bad key, bad params) will fail the same way again. */
export async function callStripe<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toExternalServiceError(what, error);
  }
}

export function toExternalServiceError(what: string, error: unknown): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  const status = error.statusCode;
  const retryable =
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    status === undefined ||
    status === 409 ||
    status === 429 ||
    status >= 500;
  const detail = status ? `HTTP ${status}${error.code ? ` ${error.code}` : ''}` : 'no response';
  return new ExternalServiceError(
    'stripe',
    `${what} failed (${detail}): ${error.message}`,
    retryable,
    { statusCode: status, code: error.code, type: error.type, requestId: error.requestId },
    { cause: error },
  );
}
