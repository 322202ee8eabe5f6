import { Redis } from 'ioredis';

/** Deletes every Redis key under a queue prefix: what a test or benchmark run leaves behind.
 * SCAN in pages, so a large prefix never blocks Redis the way KEYS would. */
export async function dropPrefix(url: string, prefix: string): Promise<void> {
  const client = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}
