import type { SQL } from 'drizzle-orm';
import type { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Db } from './client.js';

type Internals = { $client?: unknown; dialect: PgDialect };

/** Runs a hot raw statement as a named prepared statement on PostgreSQL: each pooled
 * connection parses and plans it once instead of on every call (measured as the larger part
 * of these statements' server time). `name` must stand for one exact SQL text: callers
 * whose text varies by shape put the shape in the name. PGlite runs it as a plain statement. */
export async function executeNamed<Row>(db: Db, name: string, query: SQL): Promise<Row[]> {
  const internals = db as unknown as Internals;
  if (internals.$client instanceof pg.Pool) {
    const { sql: text, params } = internals.dialect.sqlToQuery(query);
    const result = await internals.$client.query({ name, text, values: params });
    return result.rows as Row[];
  }
  const result = await db.execute(query);
  return (result as unknown as { rows: Row[] }).rows;
}
