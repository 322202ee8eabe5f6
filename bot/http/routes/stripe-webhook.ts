import type { FastifyInstance } from 'fastify';
import type Stripe from 'stripe';
import type { Db } from '../../../db/client.js';
import type { JobEngine } from '../../../ops/jobs/index.js';
import type { Logger } from '../../../ops/logger.js';
import { handleStripeWebhook } from '../../../ops/payments/index.js';

export type StripeWebhookRouteDeps = {
  db: Db;
  /** STRIPE_WEBHOOK_SECRET; unset means the endpoint answers 503. */
  webhookSecret: string | undefined;
  log: Logger;
  /** optional: buyer replies (paid upgrades) go out at once instead of with the sweeper */
  jobs?: JobEngine | undefined;
  /** optional: a paid upgrade's payment link is switched off */
  stripe?: Stripe | undefined;
};

/** POST /webhooks/stripe. The signature covers the exact bytes Stripe sent, so this route
 * reads the body as a Buffer; the JSON parser override is scoped to this plugin and every
 * other route keeps Fastify's normal JSON parsing.
 *
 * 200 applied / ignored / duplicate (Stripe stops redelivering), 400 unsigned, forged, stale
 * or malformed (nothing stored), 503 not configured, 500 transient failure (Stripe retries). */
export function registerStripeWebhook(app: FastifyInstance, deps: StripeWebhookRouteDeps): void {
  app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );

    scope.post('/webhooks/stripe', async (request, reply) => {
      if (!deps.webhookSecret) {
        return reply
          .code(503)
          .send({ error: 'Stripe webhooks are not configured: set STRIPE_WEBHOOK_SECRET' });
      }
      if (!Buffer.isBuffer(request.body)) {
        return reply.code(400).send({ error: 'expected a JSON body' });
      }
      const signature = request.headers['stripe-signature'];
      const result = await handleStripeWebhook(
        {
          db: deps.db,
          webhookSecret: deps.webhookSecret,
          log: deps.log,
          jobs: deps.jobs,
          stripe: deps.stripe,
        },
        request.body,
        Array.isArray(signature) ? signature[0] : signature,
      ).catch((error: unknown) => {
        deps.log.error({ err: error }, 'stripe webhook: failed, Stripe will redeliver');
        return undefined;
      });
      if (!result) return reply.code(500).send({ error: 'temporary failure, retry later' });
      switch (result.kind) {
        case 'rejected':
          deps.log.warn({ reason: result.reason }, 'stripe webhook: rejected');
          return reply.code(400).send({ error: result.message, reason: result.reason });
        case 'duplicate':
          return reply.send({ received: true, duplicate: true });
        case 'ignored':
          return reply.send({ received: true, ignored: result.reason });
        case 'applied':
          return reply.send({ received: true });
      }
    });
  });
}
