/** The one bulk INSERT: thousands of rows travel as one array per column and are unpacked by
 * `unnest` on the server. One statement and one round trip per batch instead of one per row;
 * building rows through the query builder instead costs seconds of CPU per batch. The same
 * SQL runs on PostgreSQL and PGlite. */
import { type SQL, sql } from 'drizzle-orm';

/** `timestamptz`: Date cells, sent as ISO text. `ms`: a timestamptz column fed with epoch
 * milliseconds (cheaper to build and to send than ISO strings; exact, unlike a float of
 * seconds), for callers writing millions of rows. */
export type BulkType = 'text' | 'int4' | 'timestamptz' | 'ms';
export type BulkColumn = readonly [name: string, type: BulkType];
export type BulkCell = string | number | boolean | Date | null;

const ARRAY_TYPE: Record<BulkType, string> = {
  text: 'text',
  int4: 'int4',
  timestamptz: 'timestamptz',
  ms: 'int8',
};

/** `insert into t (a, b) select c0, c1 from unnest($1::text[], $2::int4[]) as u(c0, c1)`,
 * whatever the row count. `values` holds one array per column, in the order of `columns`.
 * `suffix` adds e.g. `on conflict do nothing returning id`. The literals are built here, so
 * the caller may reuse or drop its arrays as soon as this returns. */
export function bulkInsertColumns(
  table: string,
  columns: readonly BulkColumn[],
  values: readonly (readonly BulkCell[])[],
  suffix: SQL = sql``,
): SQL {
  const names = columns.map(([name]) => `"${name}"`).join(', ');
  const select = columns
    .map(([, type], i) =>
      type === 'ms' ? `'epoch'::timestamptz + c${i} * interval '1 millisecond'` : `c${i}`,
    )
    .join(', ');
  const arrays = sql.join(
    columns.map(
      ([, type], i) => sql`${arrayLiteral(values[i] ?? [])}::${sql.raw(ARRAY_TYPE[type])}[]`,
    ),
    sql`, `,
  );
  const alias = columns.map((_, i) => `c${i}`).join(', ');
  return sql`insert into ${sql.raw(`"${table}"`)} (${sql.raw(names)}) select ${sql.raw(select)} from unnest(${arrays}) as u(${sql.raw(alias)}) ${suffix}`;
}

/** `bulkInsertColumns` for rows given row by row, each in the order of `columns`. */
export function bulkInsert(
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly (readonly BulkCell[])[],
  suffix: SQL = sql``,
): SQL {
  const values = columns.map((_, i) => rows.map((row) => row[i] ?? null));
  return bulkInsertColumns(table, columns, values, suffix);
}

/** A Postgres array literal built with one join: much cheaper than letting the driver quote a
 * million elements one by one. Numbers go bare, NULL unquoted, everything else quoted (so
 * commas, braces and spaces are safe) with backslashes and quotes escaped. */
export function arrayLiteral(values: readonly BulkCell[]): string {
  const items = values.map((v) => {
    if (v === null) return 'NULL';
    if (typeof v === 'number') return String(v);
    if (typeof v === 'boolean') return v ? 't' : 'f';
    const text = v instanceof Date ? v.toISOString() : v;
    return NEEDS_ESCAPE.test(text) ? `"${text.replace(/[\\"]/g, '\\$&')}"` : `"${text}"`;
  });
  return `{${items.join(',')}}`;
}

const NEEDS_ESCAPE = /[\\"]/;

/** Rows of a `returning` clause from `db.execute`, on node-postgres and PGlite alike. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
