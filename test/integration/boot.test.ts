import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_SIGN_IN_NOTICE } from '../../bot/http/routes/staff/login-page.js';
import { bootProcess } from '../../bot/process.js';
import { customers } from '../../db/schema/index.js';
import { ValidationError } from '../../ops/errors.js';
import { dropPrefix, requireRedis, uniquePrefix } from '../../testkit/scratch-redis.js';
import { createTestDatabase } from '../../testkit/test-database.js';

const quiet = { LOG_LEVEL: 'silent', PORT: '0', TICKETOPS_CONFIG: '' };

describe('booting a Ticketops process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tops-boot-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts on the embedded default with no env, answers /healthz, and reuses its data', async () => {
    const env = { ...quiet, DATA_DIR: dataDir };
    const first = await bootProcess('start', { env });
    try {
      const health = await fetch(`${first.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({
        status: 'ok',
        database: { ok: true, kind: 'pglite' },
        jobs: { ok: true, engine: 'in-process' },
        // The web console, the first adapter of the channel contract, reports its health.
        channels: { web: { connected: true, lastEventAt: null } },
      });
      // No staff members in the built-in defaults: the console is the demo's, and says so.
      const login = await fetch(`${first.url}/staff/login`);
      expect(await login.text()).toContain(DEMO_SIGN_IN_NOTICE);
      await first.runtime.database.db
        .insert(customers)
        .values({ email: 'persist@example.com', name: 'Persisted' });
    } finally {
      await first.stop();
    }
    const second = await bootProcess('start', { env });
    try {
      const rows = await second.runtime.database.db.select().from(customers);
      expect(rows.map((r) => r.email)).toContain('persist@example.com');
      expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('runs as bot + worker on PostgreSQL and Redis', async () => {
    const redisUrl = await requireRedis();
    const testDb = await createTestDatabase();
    const prefix = uniquePrefix();
    const env = { ...quiet, DATABASE_URL: testDb.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix };
    const [bot, worker] = await Promise.all([
      bootProcess('bot', { env }),
      bootProcess('worker', { env }),
    ]);
    try {
      const body = await (await fetch(`${bot.url}/healthz`)).json();
      expect(body).toMatchObject({
        status: 'ok',
        database: { kind: 'postgres' },
        jobs: { engine: 'bullmq' },
      });
      expect(worker.url).toBeUndefined();
      const metrics = await (await fetch(`${bot.url}/metrics`)).text();
      expect(metrics).toMatch(/ticketops_http_requests_total\{route="\/healthz",status="200"\} 1/);
    } finally {
      await Promise.all([bot.stop(), worker.stop()]);
      await dropPrefix(redisUrl, prefix);
      await testDb.drop();
    }
  });

  it('refuses bot and worker without Redis, naming the variable', async () => {
    const env = { ...quiet, DATA_DIR: dataDir };
    await expect(bootProcess('worker', { env })).rejects.toThrow(ValidationError);
    await expect(bootProcess('bot', { env })).rejects.toThrow(/^REDIS_URL: /);
  });

  it('stops on a bad env value or policy key with a named error', async () => {
    await expect(bootProcess('start', { env: { ...quiet, PORT: 'eighty' } })).rejects.toThrow(
      /PORT: expected a port number/,
    );
    await expect(
      bootProcess('start', { env: { ...quiet, TICKETOPS_CONFIG: join(dataDir, 'missing.yaml') } }),
    ).rejects.toThrow(/TICKETOPS_CONFIG: file not found/);
  });
});
