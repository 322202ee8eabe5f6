import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../../ops/app/index.js';
import type { Metrics } from '../../../ops/metrics.js';

export function registerHealthRoutes(app: FastifyInstance, runtime: Runtime, metrics: Metrics) {
  /** 200 when the database answers and the job engine is up, 503 otherwise; the body says
   * which part is down so an operator knows where to look. */
  app.get('/healthz', async (_request, reply) => {
    const [database, jobs] = await Promise.all([
      runtime.database
        .ping()
        .then(() => ({ ok: true, kind: runtime.database.kind }))
        .catch((error: Error) => ({
          ok: false,
          kind: runtime.database.kind,
          detail: error.message,
        })),
      runtime.jobs.health(),
    ]);
    const ok = database.ok && jobs.ok;
    const channels = runtime.senders.health();
    return reply
      .code(ok ? 200 : 503)
      .send({ status: ok ? 'ok' : 'degraded', database, jobs, channels });
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
