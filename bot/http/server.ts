import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Runtime } from '../../ops/app/index.js';
import type { Metrics } from '../../ops/metrics.js';
import { WebChannel } from '../channels/web/web-channel.js';
import { registerChatRoutes } from './routes/chat.js';
import { registerConsoleRoutes } from './routes/console.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerStaffConsole } from './routes/staff/index.js';
import { registerStripeWebhook } from './routes/stripe-webhook.js';
import { resolveConsoleToken } from './staff-auth.js';

/** Request bodies above this are refused with 413 before any handler sees them. */
const BODY_LIMIT = 1024 * 1024;

export async function createHttpServer(
  runtime: Runtime,
  metrics: Metrics,
): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; the cast keeps the app's type the plain default.
    loggerInstance: runtime.log.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    // Per-request log lines would drown the log at scan and webhook rates; /metrics counts them.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequests.inc({
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    });
  });
  registerHealthRoutes(app, runtime, metrics);
  registerConsoleRoutes(app, runtime);
  // One secret for the console's sign-in and for signing session cookies (staff and chat).
  const consoleToken = resolveConsoleToken(runtime.policy);
  const web = new WebChannel();
  runtime.senders.register(web);
  registerChatRoutes(app, runtime, consoleToken.token, { web });
  registerStaffConsole(app, runtime, consoleToken);
  registerStripeWebhook(app, {
    db: runtime.database.db,
    webhookSecret: runtime.env.STRIPE_WEBHOOK_SECRET,
    log: runtime.log.child({ component: 'stripe-webhook' }),
    jobs: runtime.jobs,
    stripe: runtime.handlerDeps().stripe,
  });
  return app;
}
