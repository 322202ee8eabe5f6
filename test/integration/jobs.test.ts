import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.js';
import { processedEvents } from '../../db/schema/index.js';
import { createJobHandlers } from '../../ops/app/job-handlers.js';
import { PermanentError, ValidationError } from '../../ops/errors.js';
import { createBullmqEngine } from '../../ops/jobs/bullmq.js';
import type { JobPayload } from '../../ops/jobs/catalog.js';
import { createInProcessEngine } from '../../ops/jobs/in-process.js';
import type { JobContext, JobEngine, JobHandlers } from '../../ops/jobs/types.js';
import { dropPrefix, requireRedis, uniquePrefix } from '../../testkit/scratch-redis.js';
import { createTestDatabase } from '../../testkit/test-database.js';
import { handlerDeps } from '../helpers/deps.js';
import { JOB_ENGINES } from '../helpers/job-engines.js';
import { testLogger } from '../helpers/log.js';
import { waitFor } from '../helpers/wait.js';

type Attempt = { nonce: string; attempt: number; jobId: string };

/** Handlers whose behaviour a test sets per nonce: how many attempts fail, and how. They
 * stand in for the use case so the engine's retry and dedupe semantics can be observed. */
function scriptedHandlers(script: Map<string, (ctx: JobContext) => Promise<void> | void>) {
  const attempts: Attempt[] = [];
  const unused = async () => {
    throw new Error('not used in this test');
  };
  const handlers: JobHandlers = {
    'triage.message': unused,
    'outbound.send': unused,
    'cases.sla_check': unused,
    'pipeline.sweep': unused,
    'approvals.commit': unused,
    'approvals.expire': unused,
    'system.ping': async ({ nonce }: JobPayload<'system.ping'>, ctx) => {
      attempts.push({ nonce, attempt: ctx.attempt, jobId: ctx.jobId });
      await script.get(nonce)?.(ctx);
      return { nonce };
    },
  };
  return { handlers, attempts };
}

describe.each(JOB_ENGINES)('job engine: $name', ({ make }) => {
  let engine: JobEngine;
  let cleanup: () => Promise<void>;

  afterEach(async () => {
    await engine.close(5_000);
    await cleanup();
  });

  async function start(script = new Map<string, (ctx: JobContext) => Promise<void> | void>()) {
    ({ engine, cleanup } = await make());
    const scripted = scriptedHandlers(script);
    await engine.work(scripted.handlers, ['system']);
    return scripted.attempts;
  }

  it('runs a job once and dedupes a second enqueue with the same id', async () => {
    const attempts = await start();
    const first = await engine.enqueue('system.ping', { nonce: 'n1' });
    await waitFor('the job to run', () => (attempts.length === 1 ? true : undefined));
    const second = await engine.enqueue('system.ping', { nonce: 'n1' });
    expect(second.id).toBe(first.id);
    await new Promise((r) => setTimeout(r, 200));
    expect(attempts).toEqual([{ nonce: 'n1', attempt: 1, jobId: first.id }]);
  });

  it('retries a transient failure with backoff until it succeeds', async () => {
    const attempts = await start(
      new Map([
        [
          'flaky',
          (ctx: JobContext) => {
            if (ctx.attempt < 3) throw new Error('database briefly unreachable');
          },
        ],
      ]),
    );
    await engine.enqueue('system.ping', { nonce: 'flaky' });
    await waitFor('the third attempt', () => (attempts.length === 3 ? true : undefined));
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
  });

  it('does not retry a permanent failure', async () => {
    const attempts = await start(
      new Map([
        [
          'broken',
          () => {
            throw new PermanentError('order does not exist');
          },
        ],
      ]),
    );
    await engine.enqueue('system.ping', { nonce: 'broken' });
    await engine.enqueue('system.ping', { nonce: 'after' });
    await waitFor('the next job', () =>
      attempts.some((a) => a.nonce === 'after') ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 600));
    expect(attempts.filter((a) => a.nonce === 'broken')).toHaveLength(1);
  });

  it('refuses an invalid payload at enqueue, naming the field', async () => {
    await start();
    await expect(
      engine.enqueue('system.ping', { nonce: '' } as JobPayload<'system.ping'>),
    ).rejects.toThrow(ValidationError);
    await expect(
      engine.enqueue('system.ping', {
        nonce: 'x',
        extra: 1,
      } as unknown as JobPayload<'system.ping'>),
    ).rejects.toThrow(/job system\.ping: invalid payload/);
  });

  it('runs a delayed job after its delay', async () => {
    const attempts = await start();
    const before = Date.now();
    await engine.enqueue('system.ping', { nonce: 'later' }, { delayMs: 300 });
    await waitFor('the delayed job', () => (attempts.length === 1 ? true : undefined));
    expect(Date.now() - before).toBeGreaterThanOrEqual(250);
  });

  it('lets a running job finish on close and refuses new work after', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const attempts = await start(new Map([['slow', () => gate]]));
    await engine.enqueue('system.ping', { nonce: 'slow' });
    await waitFor('the job to start', () => (attempts.length === 1 ? true : undefined));
    let closed = false;
    const closing = engine.close(5_000).then(() => {
      closed = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(false);
    await expect(engine.enqueue('system.ping', { nonce: 'late' })).rejects.toThrow(/shutting down/);
    release();
    await closing;
    expect(closed).toBe(true);
  });

  it('reports health', async () => {
    await start();
    expect((await engine.health()).ok).toBe(true);
  });
});

describe('catalog round trip through the real handlers and database', () => {
  let pgDatabase: Database;
  let pglite: Database;
  let dropDb: () => Promise<void>;

  beforeAll(async () => {
    const testDb = await createTestDatabase();
    dropDb = testDb.drop;
    pgDatabase = await openDatabase({ url: testDb.url, dataDir: '' });
    await pgDatabase.migrate();
    pglite = await openDatabase({ dataDir: 'memory://' });
    await pglite.migrate();
  });

  afterAll(async () => {
    await pgDatabase?.close();
    await pglite?.close();
    await dropDb?.();
  });

  async function roundTrip(engine: JobEngine, database: Database) {
    await engine.work(createJobHandlers(handlerDeps(database)), ['system']);
    await engine.enqueue('system.ping', { nonce: 'round-trip' });
    const row = await waitFor('the ping row', async () => {
      const rows = await database.db
        .select()
        .from(processedEvents)
        .where(eq(processedEvents.eventId, 'round-trip'));
      return rows[0];
    });
    expect(row.source).toBe('job:system.ping');
  }

  it('on BullMQ + PostgreSQL', async () => {
    const url = await requireRedis();
    const prefix = uniquePrefix();
    const engine = createBullmqEngine({ redisUrl: url, prefix, log: testLogger() });
    try {
      await roundTrip(engine, pgDatabase);
    } finally {
      await engine.close();
      await dropPrefix(url, prefix);
    }
  });

  it('on the in-process runner + PGlite', async () => {
    const engine = createInProcessEngine({ log: testLogger() });
    try {
      await roundTrip(engine, pglite);
    } finally {
      await engine.close();
    }
  });
});
