import { randomBytes } from 'node:crypto';
import pg from 'pg';

const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type TestDatabase = { url: string; drop(): Promise<void> };

/** A fresh, empty database next to the one DATABASE_URL names (`ticketops_t_<random>`),
 * so test files running in parallel never see each other's rows. Call `drop()` in afterAll.
 * An unreachable server fails the test with a message saying what to do: never a skip. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `ticketops_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BASE_URL });
  try {
    await admin.connect();
  } catch (error) {
    const where = redact(BASE_URL);
    throw new Error(
      `PostgreSQL not reachable at ${where}: start it or set DATABASE_URL (${String(error)})`,
    );
  }
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: BASE_URL });
      await client.connect();
      try {
        // FORCE: a pool a failed test did not close must not keep the database alive.
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable DATABASE_URL]';
  }
}
