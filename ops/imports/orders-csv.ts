import { type Readable, Transform } from 'node:stream';
import { parse } from 'csv-parse';
import type { Db } from '../../db/client.js';
import { audit } from '../audit/index.js';
import { ValidationError } from '../errors.js';
import {
  ORDER_COLUMNS,
  type OrderCsvRow,
  parseOrderRow,
  REQUIRED_COLUMNS,
} from './orders-csv-row.js';
import { type ImportedOrder, OrderBatchWriter } from './orders-csv-write.js';

export type ImportRejection = { line: number; orderCode?: string; reason: string };

export type ImportSummary = {
  rows: number;
  imported: number;
  skippedExisting: number;
  rejected: ImportRejection[];
  tickets: number;
  customersCreated: number;
};

export type ImportOptions = {
  /** Orders written per transaction: large enough for few round trips, small enough that
   * memory stays flat on a million-row file. */
  batchSize?: number;
  /** Names the import in the audit log (a file name, never its content). */
  sourceName?: string;
};

/** Imports orders from CSV (format: orders-csv-row.ts). Good rows are imported, bad ones
 * reported with their line number and reason; an order code already in the database is
 * skipped, so running the same file again creates nothing. */
export async function importOrdersCsv(
  db: Db,
  source: Readable,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const summary: ImportSummary = {
    rows: 0,
    imported: 0,
    skippedExisting: 0,
    rejected: [],
    tickets: 0,
    customersCreated: 0,
  };
  const writer = new OrderBatchWriter(db);
  const batchSize = options.batchSize ?? 500;
  let batch: ImportedOrder[] = [];
  // One batch is written while the next is parsed: CPU and database work overlap, and at
  // most two batches are in memory. A failed write is kept and rethrown, never left unhandled.
  let writing: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  const settle = async () => {
    await writing;
    if (failure) throw failure.error;
  };
  const flush = async () => {
    await settle();
    if (batch.length === 0) return;
    const orders = batch;
    batch = [];
    writing = writer.write(orders).then(
      (result) => {
        summary.imported += result.imported;
        summary.skippedExisting += result.skippedExisting;
        summary.tickets += result.tickets;
        summary.customersCreated += result.customersCreated;
        summary.rejected.push(...result.rejected);
      },
      (error: unknown) => {
        failure = { error };
      },
    );
  };
  for await (const item of ordersOf(source, summary)) {
    if ('reason' in item) summary.rejected.push(item);
    else batch.push(item);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  await settle();
  summary.rejected.sort((a, b) => a.line - b.line);
  if (summary.imported > 0) {
    await audit(db, {
      actor: 'import',
      action: 'orders.imported',
      subject: `csv:${options.sourceName ?? 'stdin'}`,
      details: {
        imported: summary.imported,
        tickets: summary.tickets,
        skippedExisting: summary.skippedExisting,
        rejected: summary.rejected.length,
      },
    });
  }
  return summary;
}

/** Rows grouped into orders (consecutive rows with one order code), or rejections. */
async function* ordersOf(
  source: Readable,
  summary: ImportSummary,
): AsyncGenerator<ImportedOrder | ImportRejection> {
  const skipped: ImportRejection[] = [];
  const parser = source.pipe(crlfToLf()).pipe(
    parse({
      bom: true,
      columns: (header: string[]) => checkHeader(header.map((h) => h.trim().toLowerCase())),
      info: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (error) skipped.push({ line: Number(error.lines ?? 0), reason: error.message });
        return undefined;
      },
    }),
  );
  source.on('error', (error) => parser.destroy(error));
  const seen = new Map<string, number>();
  let open: ImportedOrder | undefined;
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    yield* skipped.splice(0);
    summary.rows++;
    // info.lines is where the record ends; a quoted newline makes it start earlier.
    const line = info.lines - newlinesIn(record);
    const verdict = parseOrderRow(record);
    if (!verdict.ok) {
      const code = record.order_code?.trim().toUpperCase();
      yield { line, reason: verdict.reason, ...(code ? { orderCode: code } : {}) };
      continue;
    }
    const row = verdict.row;
    if (open && open.code === row.order_code) {
      const mismatch = ORDER_COLUMNS.find((c) => String(row[c]) !== String(open?.first[c]));
      if (mismatch) {
        yield {
          line,
          orderCode: row.order_code,
          reason: `${mismatch === 'totalMinor' ? 'total' : mismatch} differs from line ${open.lines[0]} of the same order`,
        };
        continue;
      }
      open.lines.push(line);
      open.items.push(itemOf(row));
      continue;
    }
    if (open) yield open;
    open = undefined;
    const earlier = seen.get(row.order_code);
    if (earlier !== undefined) {
      yield {
        line,
        orderCode: row.order_code,
        reason: `order_code also on line ${earlier}: keep the rows of one order together`,
      };
      continue;
    }
    seen.set(row.order_code, line);
    open = { code: row.order_code, first: row, lines: [line], items: [itemOf(row)] };
  }
  if (open) yield open;
  yield* skipped.splice(0);
}

function itemOf(row: OrderCsvRow): ImportedOrder['items'][number] {
  return { ticketType: row.ticket_type, quantity: row.quantity, holders: row.holders };
}

function checkHeader(columns: string[]): string[] {
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (!columns.includes('total_minor') && !columns.includes('total'))
    missing.push('total_minor or total');
  if (missing.length > 0) {
    throw new ValidationError(
      `orders CSV: header lacks ${missing.join(', ')} (found: ${columns.join(', ')})`,
    );
  }
  return columns;
}

function newlinesIn(record: Record<string, string>): number {
  let n = 0;
  for (const value of Object.values(record)) for (const ch of value) if (ch === '\n') n++;
  return n;
}

/** CRLF to LF before parsing: csv-parse counts a CRLF inside a quoted field as two lines,
 * which would put every later line number off by one. */
function crlfToLf(): Transform {
  let pendingCr = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let text = (pendingCr ? '\r' : '') + chunk.toString('latin1');
      pendingCr = text.endsWith('\r');
      if (pendingCr) text = text.slice(0, -1);
      done(null, Buffer.from(text.replaceAll('\r\n', '\n'), 'latin1'));
    },
    flush(done) {
      done(null, pendingCr ? Buffer.from('\r', 'latin1') : null);
    },
  });
}
