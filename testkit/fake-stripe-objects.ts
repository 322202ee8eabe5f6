import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../db/paths.js';

/** Stripe's own example objects (shared/fixtures/stripe, beside the repository), read at run
 * time so the fake answers with the real shapes, field for field. */
export const STRIPE_FIXTURES_DIR =
  process.env.STRIPE_FIXTURES_DIR ?? join(projectRoot(), '..', 'shared', 'fixtures', 'stripe');

type Json = Record<string, unknown>;

const cache = new Map<string, Json>();

export function stripeFixture(name: string): Json {
  let fixture = cache.get(name);
  if (!fixture) {
    const path = `${STRIPE_FIXTURES_DIR}/${name}.json`;
    try {
      fixture = JSON.parse(readFileSync(path, 'utf8')) as Json;
    } catch (error) {
      throw new Error(`fake Stripe: fixture ${path} unreadable (${(error as Error).message})`);
    }
    cache.set(name, fixture);
  }
  return structuredClone(fixture);
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** An id like Stripe's: prefix plus 24 base62 characters. */
export function stripeId(prefix: string): string {
  const bytes = randomBytes(24);
  let out = `${prefix}_`;
  for (const b of bytes) out += BASE62[b % 62];
  return out;
}

const now = () => Math.floor(Date.now() / 1000);

export function paymentIntentObject(p: {
  id: string;
  amount: number;
  currency: string;
  status: string;
  chargeId: string | null;
}): Json {
  return {
    ...stripeFixture('payment_intent'),
    id: p.id,
    amount: p.amount,
    amount_received: p.status === 'succeeded' ? p.amount : 0,
    currency: p.currency,
    status: p.status,
    latest_charge: p.chargeId,
    canceled_at: null,
    last_payment_error: null,
    next_action: null,
    created: now(),
  };
}

export function chargeObject(p: {
  id: string;
  paymentIntentId: string;
  amount: number;
  currency: string;
  riskLevel: string;
  riskScore: number | undefined;
}): Json {
  const fixture = stripeFixture('charge');
  return {
    ...fixture,
    id: p.id,
    amount: p.amount,
    amount_captured: p.amount,
    amount_refunded: 0,
    captured: true,
    currency: p.currency,
    payment_intent: p.paymentIntentId,
    refunded: false,
    disputed: false,
    created: now(),
    outcome: {
      ...(fixture.outcome as Json),
      type: 'authorized',
      network_status: 'approved_by_network',
      seller_message: 'Payment complete.',
      risk_level: p.riskLevel,
      ...(p.riskScore === undefined ? {} : { risk_score: p.riskScore }),
    },
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${p.id}/refunds` },
  };
}

export function refundObject(p: {
  chargeId: string;
  paymentIntentId: string;
  amount: number;
  currency: string;
  status: string;
  reason: string | null;
  metadata: Json;
}): Json {
  return {
    ...stripeFixture('refund'),
    id: stripeId('re'),
    amount: p.amount,
    charge: p.chargeId,
    payment_intent: p.paymentIntentId,
    currency: p.currency,
    status: p.status,
    reason: p.reason,
    metadata: p.metadata,
    created: now(),
  };
}

export function disputeObject(p: {
  chargeId: string;
  paymentIntentId: string;
  amount: number;
  currency: string;
  reason: string;
  status: string;
}): Json {
  return {
    ...stripeFixture('dispute'),
    id: stripeId('dp'),
    amount: p.amount,
    charge: p.chargeId,
    payment_intent: p.paymentIntentId,
    currency: p.currency,
    reason: p.reason,
    status: p.status,
    created: now(),
  };
}

/** The fixtures have no early fraud warning; this is the documented object, all fields. */
export function earlyFraudWarningObject(p: {
  chargeId: string;
  paymentIntentId: string;
  fraudType: string;
}): Json {
  return {
    id: stripeId('issfr'),
    object: 'radar.early_fraud_warning',
    actionable: true,
    charge: p.chargeId,
    created: now(),
    fraud_type: p.fraudType,
    livemode: false,
    payment_intent: p.paymentIntentId,
  };
}

export function listObject(url: string, data: Json[], hasMore = false): Json {
  return { object: 'list', data, has_more: hasMore, url };
}

/** Parses a form-encoded body or query string the way Stripe does: `a[b]=1` nests,
 * `a[0]=x` / `a[]=x` build arrays. */
export function parseStripeForm(encoded: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(encoded)) {
    const path = key.split(/\[|\]\[|\]/).filter((part, i) => i === 0 || part !== '');
    if (key.endsWith('[]')) path.push('');
    let node: Json | unknown[] = root;
    path.forEach((part, i) => {
      const last = i === path.length - 1;
      const container = node as Json & unknown[];
      const slot = Array.isArray(container) && part === '' ? container.length : part;
      if (last) {
        (container as Json)[slot] = value;
        return;
      }
      const nextIsIndex = /^\d*$/.test(path[i + 1] ?? '');
      (container as Json)[slot] ??= nextIsIndex ? [] : {};
      node = (container as Json)[slot] as Json;
    });
  }
  return root;
}

/** A Stripe API error as the fake answers it. */
export class StripeFault extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export type Answer = { status: number; body: Json };
/** `path`: only a request to this path takes the failure (others pass it by). */
export type ScriptedFailure = { status: number; afterEffect: boolean; path?: string };

export function found(item: Json | undefined, kind: string, id: string): Json {
  if (item) return item;
  throw new StripeFault(
    404,
    'invalid_request_error',
    `No such ${kind}: '${id}'`,
    'resource_missing',
  );
}

export function unknownUrl(method: string, path: string): StripeFault {
  return new StripeFault(
    404,
    'invalid_request_error',
    `Unrecognized request URL (${method}: ${path}).`,
  );
}

export function fault(e: StripeFault): Answer {
  const error: Json = { type: e.type, message: e.message };
  if (e.code) error.code = e.code;
  return { status: e.status, body: { error } };
}

export function scripted(failure: ScriptedFailure): Answer {
  const type = failure.status >= 500 ? 'api_error' : 'invalid_request_error';
  return fault(new StripeFault(failure.status, type, `fake Stripe: scripted ${failure.status}`));
}
