import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const redisUrl = (): string => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Fails loudly when Redis is not there: integration tests never skip silently. */
export async function requireRedis(): Promise<string> {
  const url = redisUrl();
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    retryStrategy: () => null,
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `Redis not reachable at ${url} (${(error as Error).message}): start it (see .ci/run) or set REDIS_URL`,
    );
  } finally {
    client.disconnect();
  }
  return url;
}

/** A BullMQ key prefix no other test uses, so each test sees only its own queues. */
export const uniquePrefix = (): string => `tops-test-${randomBytes(6).toString('hex')}`;

export { dropPrefix } from '../ops/jobs/drop-prefix.js';
