/** Baselines: raw PostgreSQL insert throughput on this server, row by row from a pool and
 * in multi-row batches. The seed's figure is read against the batched one. */
import pg from 'pg';
import {
  assertLoopback,
  type BenchContext,
  type BenchResult,
  benchDatabase,
  benchResult,
  perSecond,
  type Scenario,
} from '../scenario.js';

// A row shaped like a ticket: text id, text code, integer, timestamp; two indexes.
const TABLE = `create table bench_rows (
  id text primary key, code text not null unique, amount int not null, at timestamptz not null)`;

/** Times `insert` writing `rows` rows into a fresh table of a scratch database, through a
 * pool of `poolSize` connections. */
async function timeInserts(
  context: BenchContext,
  poolSize: number,
  rows: number,
  insert: (pool: pg.Pool) => Promise<void>,
): Promise<{ seconds: number; rowsPerSecond: number }> {
  assertLoopback(context.databaseUrl, 'DATABASE_URL');
  const scratch = await benchDatabase(context.databaseUrl);
  const pool = new pg.Pool({ connectionString: scratch.url, max: poolSize });
  // An idle client dropped by the server emits here; unhandled, it would kill the run.
  pool.on('error', () => {});
  try {
    await pool.query(TABLE);
    const started = performance.now();
    await insert(pool);
    const ms = performance.now() - started;
    return { seconds: ms / 1000, rowsPerSecond: perSecond(rows, ms) };
  } finally {
    await pool.end();
    await scratch.drop();
  }
}

const rowId = (i: number) => `row_${i.toString(36).padStart(8, '0')}`;
const rowCode = (i: number) => ((i * 2_654_435_761) >>> 0).toString(32).padStart(8, '0');

export const pgInsertSingle: Scenario = {
  name: 'pg-insert-single',
  description: 'raw PostgreSQL: single-row INSERTs from a pool of 8, rows per second',
  async run(context): Promise<BenchResult> {
    const rows = context.quick ? 2_000 : 20_000;
    const concurrency = 8;
    const { seconds, rowsPerSecond } = await timeInserts(
      context,
      concurrency,
      rows,
      async (pool) => {
        let next = 0;
        const lane = async () => {
          for (let i = next++; i < rows; i = next++) {
            await pool.query('insert into bench_rows values ($1, $2, $3, now())', [
              rowId(i),
              rowCode(i),
              i,
            ]);
          }
        };
        await Promise.all(Array.from({ length: concurrency }, lane));
      },
    );
    return benchResult(
      pgInsertSingle,
      context,
      'rowsPerSecond',
      { rows, concurrency, seconds, rowsPerSecond },
      () => `${rows} single-row inserts, ${concurrency} at a time: ${rowsPerSecond} rows/s`,
    );
  },
};

export const pgInsertBatched: Scenario = {
  name: 'pg-insert-batched',
  description: 'raw PostgreSQL: multi-row INSERT ... SELECT FROM unnest(arrays), rows per second',
  async run(context): Promise<BenchResult> {
    const rows = context.quick ? 20_000 : 400_000;
    const batchSize = 10_000;
    const { seconds, rowsPerSecond } = await timeInserts(context, 1, rows, async (pool) => {
      for (let from = 0; from < rows; from += batchSize) {
        const ids: string[] = [];
        const codes: string[] = [];
        const amounts: number[] = [];
        for (let i = from; i < Math.min(rows, from + batchSize); i++) {
          ids.push(rowId(i));
          codes.push(rowCode(i));
          amounts.push(i);
        }
        await pool.query(
          'insert into bench_rows select *, now() from unnest($1::text[], $2::text[], $3::int[])',
          [ids, codes, amounts],
        );
      }
    });
    return benchResult(
      pgInsertBatched,
      context,
      'rowsPerSecond',
      { rows, batchSize, seconds, rowsPerSecond },
      () => `${rows} rows in batches of ${batchSize}: ${rowsPerSecond} rows/s`,
    );
  },
};
