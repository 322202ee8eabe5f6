import { type Database, openDatabase } from '../../db/client.js';
import { createJobHandlers, type HandlerDeps } from '../../ops/app/job-handlers.js';
import type { ChannelSender } from '../../ops/channels/types.js';
import { parsePolicy } from '../../ops/config/policy.js';
import { createPaymentLookup } from '../../ops/integrations/stripe/payment-facts.js';
import { createStripeClient } from '../../ops/integrations/stripe/stripe-client.js';
import { createBullmqEngine } from '../../ops/jobs/bullmq.js';
import type { QueueName } from '../../ops/jobs/define.js';
import type { LlmClassifier } from '../../ops/triage/llm/index.js';
import { FakeStripe } from '../../testkit/fake-stripe.js';
import { dropPrefix, requireRedis, uniquePrefix } from '../../testkit/scratch-redis.js';
import { createTestDatabase } from '../../testkit/test-database.js';
import { handlerDeps } from './deps.js';
import { forThisFile } from './for-this-file.js';
import { testLogger } from './log.js';

export type PipelineHarnessOptions = {
  /** Policy YAML (staff members, thresholds); empty means the shipped defaults. */
  policy?: string;
  /** Queues this process works with the real job handlers. None when the test starts its
   * own worker processes. */
  queues?: readonly QueueName[];
  /** Senders registered before the workers start, e.g. a `recordingSender`. */
  senders?: readonly ChannelSender[];
  /** Which handler dependency talks to the fake Stripe: the SDK client that commits refunds,
   * or only the payment lookup the pipeline enriches cases with. */
  stripeFor?: 'refunds' | 'payment-lookup';
  /** Bearer key the SDK sends; any `sk_` key passes the fake, so it only names the file. */
  stripeKey?: string;
  /** SDK-level retries; 0 hands every Stripe failure to the job engine. SDK default when unset. */
  stripeNetworkRetries?: number;
  /** The LLM brain the triage job asks (e.g. over a FakeLlm); none when unset. */
  llm?: LlmClassifier;
};

/** Everything an end-to-end pipeline test runs on: a fresh PostgreSQL database, BullMQ on its
 * own Redis prefix, a fake Stripe, and handler deps over all three (workers started when
 * `queues` is given). Start it in beforeAll, `close()` it in afterAll. */
export async function startPipelineHarness(options: PipelineHarnessOptions = {}) {
  // Undone in reverse order by close(), or right away when a later step fails, so a broken
  // start-up leaves no database, server or queue keys behind.
  const undo: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const step of undo.splice(0).reverse()) await step();
  };
  try {
    const redisUrl = await requireRedis();
    const prefix = uniquePrefix();
    undo.push(() => dropPrefix(redisUrl, prefix));
    const testDb = await createTestDatabase();
    undo.push(testDb.drop);
    const database: Database = await openDatabase({ url: testDb.url, dataDir: '' });
    undo.push(() => database.close());
    await database.migrate();
    const fake = await FakeStripe.start();
    undo.push(() => fake.close());
    const jobs = createBullmqEngine({ redisUrl, prefix, log: testLogger() });
    undo.push(() => jobs.close());
    // What a worker process reads from its environment to reach the same fake.
    const stripeEnv = {
      STRIPE_SECRET_KEY: options.stripeKey ?? 'sk_test_ticketops',
      STRIPE_API_BASE: fake.url,
    };
    const stripe = createStripeClient(
      stripeEnv,
      options.stripeNetworkRetries === undefined
        ? {}
        : { maxNetworkRetries: options.stripeNetworkRetries },
    );
    const deps: HandlerDeps = handlerDeps(database, {
      jobs,
      policy: parsePolicy(options.policy ?? ''),
      llm: options.llm,
      ...(options.stripeFor === 'payment-lookup'
        ? { payments: createPaymentLookup(stripe) }
        : { stripe }),
    });
    for (const sender of options.senders ?? []) deps.senders.register(sender);
    if (options.queues) await jobs.work(createJobHandlers(deps), options.queues);
    return {
      database,
      db: database.db,
      databaseUrl: testDb.url,
      redisUrl,
      prefix,
      jobs,
      fake,
      stripeEnv,
      deps,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

export type PipelineHarness = Awaited<ReturnType<typeof startPipelineHarness>>;

/** The harness of one test file: started in its `beforeAll`, closed in its `afterAll`. */
export const usePipelineHarness = (options: PipelineHarnessOptions = {}): PipelineHarness =>
  forThisFile('pipeline harness', () => startPipelineHarness(options));
