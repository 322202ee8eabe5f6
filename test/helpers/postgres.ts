import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const baseDatabaseUrl = (): string =>
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh, empty PostgreSQL database for one test file; `drop()` removes it. Fails loudly
 * when PostgreSQL is unreachable: integration tests never skip silently. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = baseDatabaseUrl();
  const name = `ticketops_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL not reachable at ${base} (${(error as Error).message}): start it (see .ci/run) or set DATABASE_URL`,
    );
  }
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
