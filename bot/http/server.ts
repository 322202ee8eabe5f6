import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Metrics } from '../../ops/metrics.js';
import type { Runtime } from '../../ops/runtime.js';
import { registerConsoleRoutes } from './routes/console.js';
import { registerHealthRoutes } from './routes/health.js';

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
    disableRequestLogging: true,
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequests.inc({
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    });
  });
  registerHealthRoutes(app, runtime, metrics);
  registerConsoleRoutes(app, runtime);
  return app;
}
