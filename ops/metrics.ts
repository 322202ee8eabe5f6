import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

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
    llmCalls: new Counter({
      name: 'ticketops_llm_calls_total',
      help: 'Requests to the LLM brain by outcome: ok, timeout, invalid (not the JSON asked for), error (network, HTTP status)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    llmCallSeconds: new Histogram({
      name: 'ticketops_llm_call_duration_seconds',
      help: 'Time from sending a request to the LLM brain to its answer, failure or timeout',
      labelNames: ['outcome'] as const,
      // The request timeout is at most 10 s.
      buckets: [0.1, 0.25, 0.5, 1, 2, 4, 6, 8, 10],
      registers: [registry],
    }),
    llmCacheHits: new Counter({
      name: 'ticketops_llm_cache_hits_total',
      help: 'Classifications the LLM brain answered from its cache (or from a request in flight for the same text), with no request of their own',
      registers: [registry],
    }),
    llmRateLimited: new Counter({
      name: 'ticketops_llm_rate_limited_total',
      help: 'Messages that kept their offline classification because the LLM rate limit gave them no turn within the request timeout',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
