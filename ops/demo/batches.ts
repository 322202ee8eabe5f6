/** Column-wise row buffers and the one bulk INSERT they turn into. A batch of thousands of
 * rows travels as one array per column and is unpacked by `unnest` on the server: one
 * statement and one round trip per batch instead of one per row, and the same SQL on
 * PostgreSQL and PGlite. */
import { type SQL, sql } from 'drizzle-orm';

/** `ms`: a timestamptz column fed with epoch milliseconds (cheaper to build and to send
 * than ISO strings; exact, unlike a float of seconds). */
type ColumnType = 'text' | 'int4' | 'ms';
export type Cell = string | number | null;

export type TableSpec = {
  readonly table: string;
  readonly columns: readonly (readonly [name: string, type: ColumnType])[];
};

export const EVENTS: TableSpec = {
  table: 'events',
  columns: [
    ['id', 'text'],
    ['slug', 'text'],
    ['name', 'text'],
    ['venue', 'text'],
    ['timezone', 'text'],
    ['starts_at', 'ms'],
    ['doors_at', 'ms'],
    ['ends_at', 'ms'],
    ['capacity', 'int4'],
    ['status', 'text'],
    ['created_at', 'ms'],
    ['updated_at', 'ms'],
  ],
};

export const TICKET_TYPES: TableSpec = {
  table: 'ticket_types',
  columns: [
    ['id', 'text'],
    ['event_id', 'text'],
    ['name', 'text'],
    ['price_minor', 'int4'],
    ['currency', 'text'],
    ['capacity', 'int4'],
    ['created_at', 'ms'],
  ],
};

export const CUSTOMERS: TableSpec = {
  table: 'customers',
  columns: [
    ['id', 'text'],
    ['email', 'text'],
    ['name', 'text'],
    ['tier', 'text'],
    ['country', 'text'],
    ['created_at', 'ms'],
  ],
};

export const ORDERS: TableSpec = {
  table: 'orders',
  columns: [
    ['id', 'text'],
    ['code', 'text'],
    ['event_id', 'text'],
    ['customer_id', 'text'],
    ['status', 'text'],
    ['subtotal_minor', 'int4'],
    ['fee_minor', 'int4'],
    ['total_minor', 'int4'],
    ['refunded_minor', 'int4'],
    ['currency', 'text'],
    ['stripe_payment_intent_id', 'text'],
    ['stripe_charge_id', 'text'],
    ['billing_country', 'text'],
    ['ip_country', 'text'],
    ['created_at', 'ms'],
    ['updated_at', 'ms'],
  ],
};

export const TICKETS: TableSpec = {
  table: 'tickets',
  columns: [
    ['id', 'text'],
    ['order_id', 'text'],
    ['event_id', 'text'],
    ['ticket_type_id', 'text'],
    ['code', 'text'],
    ['holder_name', 'text'],
    ['status', 'text'],
    ['checked_in_at', 'ms'],
    ['replaced_by_id', 'text'],
    ['created_at', 'ms'],
    ['updated_at', 'ms'],
  ],
};

export const SCANS: TableSpec = {
  table: 'scans',
  columns: [
    ['id', 'text'],
    ['event_id', 'text'],
    ['ticket_id', 'text'],
    ['raw_code', 'text'],
    ['gate', 'text'],
    ['device', 'text'],
    ['staff', 'text'],
    ['result', 'text'],
    ['nonce', 'text'],
    ['scanned_at', 'ms'],
  ],
};

/** One array literal per column: building `{"a","b"}` with one join is much cheaper than
 * letting the driver quote a million elements one by one. */
function arrayLiteral(values: readonly Cell[], type: ColumnType): string {
  if (type !== 'text') return `{${values.map((v) => (v === null ? 'NULL' : v)).join(',')}}`;
  const quoted = values.map((v) => {
    if (v === null) return 'NULL';
    const text = String(v);
    return NEEDS_ESCAPE.test(text) ? `"${text.replace(/[\\"]/g, '\\$&')}"` : `"${text}"`;
  });
  return `{${quoted.join(',')}}`;
}

const NEEDS_ESCAPE = /[\\"]/;

const SQL_TYPE: Record<ColumnType, string> = { text: 'text', int4: 'int4', ms: 'int8' };

export class RowBatch {
  private readonly columns: Cell[][];

  constructor(readonly spec: TableSpec) {
    this.columns = spec.columns.map(() => []);
  }

  get size(): number {
    return this.columns[0]?.length ?? 0;
  }

  /** Values in the order of `spec.columns`. */
  push(row: readonly Cell[]): void {
    if (row.length !== this.columns.length) {
      throw new Error(`demo: ${this.spec.table} row has ${row.length} values`);
    }
    for (let i = 0; i < row.length; i++) this.columns[i]?.push(row[i] ?? null);
  }

  /** `insert into t (a, b, at) select c0, c1, epoch + c2 ms from unnest($1::text[], ...)`:
   * one statement whatever the row count. The literals are built here, so the batch may be
   * reused or dropped as soon as this returns. */
  toInsert(): SQL {
    const { table, columns } = this.spec;
    const names = columns.map(([name]) => `"${name}"`).join(', ');
    const select = columns
      .map(([, type], i) =>
        type === 'ms' ? `'epoch'::timestamptz + c${i} * interval '1 millisecond'` : `c${i}`,
      )
      .join(', ');
    const arrays = sql.join(
      columns.map(
        ([, type], i) =>
          sql`${arrayLiteral(this.columns[i] ?? [], type)}::${sql.raw(SQL_TYPE[type])}[]`,
      ),
      sql`, `,
    );
    const alias = columns.map((_, i) => `c${i}`).join(', ');
    return sql`insert into ${sql.raw(`"${table}"`)} (${sql.raw(names)}) select ${sql.raw(select)} from unnest(${arrays}) as u(${sql.raw(alias)})`;
  }
}
