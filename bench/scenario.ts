/** What a benchmark scenario is, and the scratch resources scenarios share. Every figure is
 * measured against local services only, on scratch databases and queue prefixes that are
 * removed afterwards. */
import { randomBytes } from 'node:crypto';
import { type Database, openDatabase } from '../db/client.js';
import { createScratchDatabase, type ScratchDatabase } from '../testkit/scratch-database.js';

export type BenchContext = {
  databaseUrl: string;
  redisUrl: string;
  quick: boolean;
  /** Results of scenarios that already ran, by name: where a ratio finds its baseline. */
  results: ReadonlyMap<string, BenchResult>;
};

export type BenchResult = {
  scenario: string;
  /** The figure that ratios are computed from, e.g. `rowsPerSecond`. */
  primary: string;
  figures: Record<string, number>;
  /** Name of the baseline scenario, or null for a baseline itself. */
  baseline: string | null;
  /** primary / the baseline's primary; 1 for a baseline. */
  ratio: number;
  /** One line for people. */
  summary: string;
};

export type Scenario = {
  name: string;
  description: string;
  /** A baseline this scenario's ratio is computed against; it runs first even if not
   * selected with --only. */
  baseline?: string;
  run(context: BenchContext): Promise<BenchResult>;
};

export const perSecond = (count: number, ms: number): number =>
  Math.round((count / Math.max(ms, 1)) * 1000);

/** Ratio of this result's primary figure to its baseline's, rounded to 3 decimals. */
function ratioTo(value: number, baseline: BenchResult | undefined): number {
  const base = baseline?.figures[baseline.primary];
  if (!base) throw new Error('bench: baseline missing or zero');
  return Math.round((value / base) * 1000) / 1000;
}

/** The result of a run of `scenario`, named and tied to its baseline from the scenario
 * itself, with `figures[primary]` read against the baseline's result (1 for a baseline).
 * `summary` gets that ratio. */
export function benchResult(
  scenario: Scenario,
  context: BenchContext,
  primary: string,
  figures: Record<string, number>,
  summary: (ratio: number) => string,
): BenchResult {
  const baseline = scenario.baseline ?? null;
  const ratio =
    baseline === null ? 1 : ratioTo(figures[primary] ?? 0, context.results.get(baseline));
  return { scenario: scenario.name, primary, figures, baseline, ratio, summary: summary(ratio) };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Benchmarks hammer a server; they only ever target this machine. */
export function assertLoopback(url: string, what: string): void {
  const host = new URL(url).hostname;
  if (!LOOPBACK.has(host)) {
    throw new Error(`bench: ${what} must be on 127.0.0.1 (got host "${host}")`);
  }
}

/** A fresh database next to `baseUrl` for one scenario, dropped by `drop()`. */
export const benchDatabase = (baseUrl: string): Promise<ScratchDatabase> =>
  createScratchDatabase(baseUrl, {
    prefix: 'ticketops_bench',
    hint: 'start it or set DATABASE_URL',
  });

/** Runs `body` on a migrated scratch database next to the context's, opened with a pool of
 * `poolSize`, then closes and drops it. `body` gets the scratch URL for other processes. */
export async function withBenchDatabase<T>(
  context: BenchContext,
  poolSize: number | undefined,
  body: (database: Database, url: string) => Promise<T>,
): Promise<T> {
  assertLoopback(context.databaseUrl, 'DATABASE_URL');
  const scratch = await benchDatabase(context.databaseUrl);
  try {
    const database = await openDatabase({ url: scratch.url, dataDir: '', poolSize });
    try {
      await database.migrate();
      return await body(database, scratch.url);
    } finally {
      await database.close();
    }
  } finally {
    await scratch.drop();
  }
}

/** A fresh queue prefix per run: nothing left by an earlier run is counted, and cleanup can
 * remove every key this run made. */
export const benchPrefix = (): string => `ticketops-bench-${randomBytes(4).toString('hex')}`;
