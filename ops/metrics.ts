import { Counter, collectDefaultMetrics, Registry } from 'prom-client';

/** One registry per process, served at /metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ticketops_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'ticketops_http_requests_total',
      help: 'HTTP requests by route and status code',
      labelNames: ['route', 'status'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
