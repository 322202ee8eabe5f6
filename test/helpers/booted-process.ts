import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootProcess, type RunningProcess } from '../../bot/process.js';
import { dropPrefix, requireRedis, uniquePrefix } from '../../testkit/scratch-redis.js';
import { createTestDatabase } from '../../testkit/test-database.js';
import { staffConsoleClient } from './staff-console.js';

/** `ticketops start` booted in this process on a scratch PostgreSQL database with `policy` as
 * its policy file (HTTP on a free port; in-process jobs, or BullMQ on a fresh Redis key prefix
 * with `redis: true`), and a console client for it. Call `close()` in afterAll: it stops the
 * process and removes the database, the queue keys and the files. */
export async function bootWithPolicy(policy: string, options: { redis?: boolean } = {}) {
  const redis = options.redis ? { url: await requireRedis(), prefix: uniquePrefix() } : undefined;
  const testDb = await createTestDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'tops-boot-'));
  const policyPath = join(dir, 'ticketops.yaml');
  writeFileSync(policyPath, policy);
  let running: RunningProcess;
  try {
    running = await bootProcess('start', {
      env: {
        DATABASE_URL: testDb.url,
        ...(redis ? { REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix } : {}),
        PORT: '0',
        LOG_LEVEL: 'silent',
        TICKETOPS_CONFIG: policyPath,
        DATA_DIR: dir,
      },
    });
  } catch (error) {
    await testDb.drop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    running,
    db: running.runtime.database.db,
    client: staffConsoleClient(running.http!),
    async close() {
      await running.stop();
      if (redis) await dropPrefix(redis.url, redis.prefix).catch(() => {});
      await testDb.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type BootedProcess = Awaited<ReturnType<typeof bootWithPolicy>>;
