import { type SQL, sql } from 'drizzle-orm';

export type BulkColumn = readonly [name: string, type: 'text' | 'int4' | 'timestamptz'];
export type BulkCell = string | number | Date | null;

/** `insert into t (a, b) select * from unnest($1::text[], $2::int4[])`: one array parameter
 * per column, whatever the row count. Building thousands of rows through the query builder
 * costs seconds of CPU per batch; this costs one string join per column, and it is the same
 * SQL on PostgreSQL and PGlite. `suffix` adds e.g. `on conflict do nothing returning id`. */
export function bulkInsert(
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly (readonly BulkCell[])[],
  suffix: SQL = sql``,
): SQL {
  const names = columns.map(([name]) => `"${name}"`).join(', ');
  const arrays = sql.join(
    columns.map(
      ([, type], i) => sql`${arrayLiteral(rows.map((r) => r[i] ?? null))}::${sql.raw(type)}[]`,
    ),
    sql`, `,
  );
  return sql`insert into ${sql.raw(`"${table}"`)} (${sql.raw(names)}) select * from unnest(${arrays}) ${suffix}`;
}

/** A Postgres array literal: every element quoted (so commas, braces and spaces in names are
 * safe), backslashes and quotes escaped, NULL unquoted. */
function arrayLiteral(values: readonly BulkCell[]): string {
  const items = values.map((v) => {
    if (v === null) return 'NULL';
    const text = v instanceof Date ? v.toISOString() : String(v);
    return `"${text.replace(/[\\"]/g, '\\$&')}"`;
  });
  return `{${items.join(',')}}`;
}

/** Rows of a `returning` clause from `db.execute`, on node-postgres and PGlite alike. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
