import { type Database, openDatabase } from '../../db/client.js';
import { ChannelSenders } from '../channels/index.js';
import { type Env, loadPolicy, type Policy, parseEnv } from '../config/index.js';
import { ValidationError } from '../errors.js';
import { createPaymentLookup, createStripeClient } from '../integrations/stripe/index.js';
import type { JobEngine } from '../jobs/index.js';
import { createJobEngine } from '../jobs/index.js';
import { shippedKnowledge } from '../knowledge/index.js';
import { createLogger, type Logger, redactUrl } from '../logger.js';
import { createMetrics, type Metrics } from '../metrics.js';
import { createLlmClassifier, llmConfigFromEnv } from '../triage/index.js';
import { createHandlerDeps } from './handler-deps.js';
import type { HandlerDeps } from './job-handlers.js';
import { createUseCases, type UseCases } from './use-cases.js';

/** Everything a Ticketops process holds open: config, logger, database, job engine. */
export type Runtime = {
  env: Env;
  policy: Policy;
  log: Logger;
  database: Database;
  jobs: JobEngine;
  /** adapters register their sending half here as they connect */
  senders: ChannelSenders;
  /** this process's Prometheus metrics, served at /metrics by the processes that serve HTTP */
  metrics: Metrics;
  /** what job handlers and the pipeline are given */
  handlerDeps(): HandlerDeps;
  /** what HTTP routes and adapters call, bound to this runtime */
  useCases: UseCases;
  close(): Promise<void>;
};

/** Parses env and policy once (a bad value throws a ValidationError naming it), then opens
 * the database and the job engine. */
export async function createRuntime(
  source: Record<string, string | undefined> = process.env,
  overrides: { log?: Logger } = {},
): Promise<Runtime> {
  const env = parseEnv(source);
  const { policy, source: policySource } = loadPolicy(env.TICKETOPS_CONFIG);
  const log = overrides.log ?? createLogger(env.LOG_LEVEL);
  const metrics = createMetrics();
  // Before anything is opened: a half-done LLM setup stops the start with nothing to close.
  const llm = llmBrain(source, env, metrics, log);
  // Triage jobs share batched statements, so jobs in flight need far fewer connections than
  // one each; the few left are for transactions (cases, approvals), HTTP and sweeps.
  const database = await openDatabase({
    url: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    poolSize: Math.min(env.JOB_CONCURRENCY, 16) + 4,
  });
  const jobs = createJobEngine({
    redisUrl: env.REDIS_URL,
    log,
    prefix: env.QUEUE_PREFIX,
    concurrency: env.JOB_CONCURRENCY,
  });
  log.info(
    {
      database:
        database.kind === 'postgres' ? redactUrl(env.DATABASE_URL) : `pglite:${env.DATA_DIR}`,
      jobs: jobs.kind,
      policy: policySource,
    },
    'runtime: ready',
  );
  const senders = new ChannelSenders();
  const knowledge = shippedKnowledge();
  // Without STRIPE_SECRET_KEY the lookup answers "unknown" and triage carries on.
  const stripe = createStripeClient(env);
  const payments = createPaymentLookup(stripe);
  let closed = false;
  const handlerDeps = () =>
    createHandlerDeps({
      db: database.db,
      jobs,
      policy,
      log,
      knowledge,
      senders,
      payments,
      stripe,
      llm,
    });
  return {
    env,
    policy,
    log,
    database,
    jobs,
    senders,
    metrics,
    handlerDeps,
    useCases: createUseCases(handlerDeps()),
    async close() {
      if (closed) return;
      closed = true;
      await jobs.close();
      await database.close();
    },
  };
}

/** The LLM brain when LLM_BASE_URL is set. A base URL without a model is a half-done setup:
 * it stops the start like any bad value, rather than leave the brain silently off. */
function llmBrain(
  source: Record<string, string | undefined>,
  env: Env,
  metrics: Metrics,
  log: Logger,
) {
  if (!env.LLM_BASE_URL) return undefined;
  const config = llmConfigFromEnv(source);
  if (!config) {
    throw new ValidationError('LLM_MODEL: required with LLM_BASE_URL (the model to ask)');
  }
  log.info(
    { llm: redactUrl(config.baseUrl), model: config.model },
    'runtime: llm brain on for unsure messages',
  );
  return createLlmClassifier(config, metrics);
}
