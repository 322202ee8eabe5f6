import type cliProgressModule from 'cli-progress';
import { type Command, InvalidArgumentError } from 'commander';
import { DEFAULT_DEMO_ORDERS, DEFAULT_DEMO_SEED, MAX_DEMO_ORDERS } from '../../demo/limits.js';
import type { DemoSeedResult, SeedProgress } from '../../demo/seed.js';

type SeedCommandOptions = {
  demo?: boolean;
  orders: number;
  seed: string;
  reset?: boolean;
  quiet?: boolean;
};

function orderCount(value: string): number {
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 1 || n > MAX_DEMO_ORDERS) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_DEMO_ORDERS}`);
  }
  return n;
}

/** `ticketops seed --demo`: fills the database with a demo event and its orders. */
export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description('add demo data: an upcoming event, a past one, buyers, orders, tickets, scans')
    .option('--demo', 'seed the demo dataset (the only dataset so far)')
    .option('--orders <n>', 'how many orders to generate', orderCount, DEFAULT_DEMO_ORDERS)
    .option('--seed <s>', 'seed for the generator: same seed, same data', String(DEFAULT_DEMO_SEED))
    .option('--reset', 'remove an existing demo first instead of skipping')
    .option('--quiet', 'no progress bar')
    .action(async (options: SeedCommandOptions) => {
      if (!options.demo) {
        console.error('seed: only the demo dataset exists; run `ticketops seed --demo`');
        process.exitCode = 2;
        return;
      }
      process.exitCode = await runSeed(options);
    });
}

async function runSeed(options: SeedCommandOptions): Promise<number> {
  const [{ openDatabase }, { parseEnv }, { seedDemo }, { redactUrl }, cliProgress] =
    await Promise.all([
      import('../../db/client.js'),
      // biome-ignore lint/style/noRestrictedImports: loaded lazily and alone, so this command starts without the rest of the folder
      import('../../ops/config/env.js'),
      import('../../demo/seed.js'),
      import('../../ops/logger.js'),
      import('cli-progress'),
    ]);
  const env = parseEnv();
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
  const where = env.DATABASE_URL ? redactUrl(env.DATABASE_URL) : `PGlite in ${env.DATA_DIR}`;
  const progress = progressBar(cliProgress.default, options.quiet === true);
  try {
    await database.migrate();
    const result = await seedDemo(database.db, {
      orders: options.orders,
      seed: options.seed,
      reset: options.reset === true,
      connections: writerConnections(database.kind, options.orders),
      onProgress: progress.update,
    });
    progress.stop();
    console.log(describe(result, where ?? 'database'));
    return 0;
  } catch (error) {
    progress.stop();
    console.error(`seed: failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await database.close();
  }
}

/** One PostgreSQL backend is the bottleneck of a large seed; a few write in parallel. Small
 * demos (and PGlite, one connection by nature) go in one transaction. */
function writerConnections(kind: 'postgres' | 'pglite', orders: number): number {
  const fromEnv = Number(process.env.TICKETOPS_SEED_CONNECTIONS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return kind === 'postgres' && orders >= 20_000 ? 3 : 1;
}

/** A bar on stderr for people watching a terminal; nothing for pipes, CI logs and --quiet. */
function progressBar(cliProgress: typeof cliProgressModule, quiet: boolean) {
  if (quiet || !process.stderr.isTTY) return { update: undefined, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'seeding {phase} [{bar}] {percentage}% {value}/{total} | {duration}s',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let phase: SeedProgress['phase'] | null = null;
  return {
    update: (p: SeedProgress) => {
      if (phase !== p.phase) {
        if (phase !== null) bar.stop();
        phase = p.phase;
        bar.start(p.total, 0, { phase: p.phase.padEnd(9) });
      }
      bar.update(p.done);
    },
    stop: () => {
      if (phase !== null) bar.stop();
      phase = null;
    },
  };
}

function describe(result: DemoSeedResult, where: string): string {
  if (result.status === 'skipped') return `seed: ${result.message}`;
  const { counts, elapsedMs, rows } = result;
  const seconds = elapsedMs / 1000;
  const lines = [
    `Seeded the demo into ${where} (seed ${result.seed}) in ${seconds.toFixed(2)} s`,
    `  events ${counts.events}, ticket types ${counts.ticketTypes}, customers ${counts.customers}`,
    `  orders ${counts.orders}, tickets ${counts.tickets}, scans ${counts.scans}`,
    `  ${rows} rows, ${Math.round(rows / seconds)} rows/s`,
  ];
  if (result.wiped) {
    const w = result.wiped;
    lines.splice(1, 0, `  replaced: ${w.events} events, ${w.orders} orders, ${w.tickets} tickets`);
  }
  return lines.join('\n');
}
