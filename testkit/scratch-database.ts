import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { redactUrl } from '../ops/logger.js';

export type ScratchDatabase = { url: string; drop(): Promise<void> };

/** A fresh, empty database next to the one `baseUrl` names (`<prefix>_<random>`), for tests
 * and benchmarks that must not see each other's rows. `drop()` removes it even if a pool was
 * left open. An unreachable server is an error naming the address (password masked) and
 * `hint`, never a silent skip. */
export async function createScratchDatabase(
  baseUrl: string,
  options: { prefix: string; hint: string },
): Promise<ScratchDatabase> {
  const name = `${options.prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL not reachable at ${redactUrl(baseUrl)}: ${options.hint} (${String(error)})`,
    );
  }
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        // FORCE: a pool a failed run did not close must not keep the database alive.
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
