/** Column-wise row buffers for the demo seed, written with the shared `unnest` bulk insert
 * (db/bulk-insert.ts): a batch of thousands of rows is one statement and one round trip. */
import type { SQL } from 'drizzle-orm';
import { type BulkType, bulkInsertColumns } from '../db/bulk-insert.js';
import { ORDER_VALUE_COLUMNS, TICKET_VALUE_COLUMNS } from '../db/order-columns.js';

/** Timestamps are `ms` (epoch milliseconds): the demo writes millions of rows. */
type ColumnType = Extract<BulkType, 'text' | 'int4' | 'ms'>;
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
  columns: [...ORDER_VALUE_COLUMNS, ['created_at', 'ms'], ['updated_at', 'ms']],
};

export const TICKETS: TableSpec = {
  table: 'tickets',
  columns: [
    ...TICKET_VALUE_COLUMNS,
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

  /** One statement whatever the row count. The literals are built here, so the batch may be
   * reused or dropped as soon as this returns. */
  toInsert(): SQL {
    return bulkInsertColumns(this.spec.table, this.spec.columns, this.columns);
  }
}
