import { basename } from 'node:path';
import type { Command } from 'commander';
import { ValidationError } from '../../ops/errors.js';
import { loadEnv, runCommand } from './run.js';

const SHOWN_REJECTIONS = 50;

/** `ticketops import orders FILE.csv`. Column format: ops/imports/orders-csv-row.ts. Exit code
 * 0 when every row went in (or was already there), 1 when some rows were rejected: the good
 * ones are imported either way, and running the file again after fixing it is safe. */
export function registerImport(program: Command): void {
  const importCommand = program.command('import').description('bring data in from files');
  importCommand
    .command('orders')
    .description('import orders and their tickets from a CSV file (re-running it is safe)')
    .argument('<file>', 'CSV file with a header row, UTF-8')
    .option('--batch-size <n>', 'orders per transaction', (v) => Number(v), 500)
    .option('--quiet', 'no progress bar')
    .action((file: string, options: { batchSize: number; quiet?: boolean }) =>
      runCommand(async () => {
        const env = await loadEnv();
        // Loaded here, not at the top: `ticketops --help` must not pay for the database driver.
        const { createReadStream, statSync } = await import('node:fs');
        const { openDatabase } = await import('../../db/client.js');
        const { importOrdersCsv } = await import('../../ops/imports/index.js');
        const size = fileSize(file, statSync);
        const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
        const progress = await progressBar(size, options.quiet === true);
        try {
          await database.migrate();
          const stream = createReadStream(file);
          let read = 0;
          stream.on('data', (chunk) => {
            read += chunk.length;
            progress.update(read);
          });
          const summary = await importOrdersCsv(database.db, stream, {
            batchSize: options.batchSize,
            sourceName: basename(file),
          });
          progress.stop();
          const { imported, tickets, customersCreated, skippedExisting, rejected } = summary;
          process.stdout.write(
            `imported ${imported} orders (${tickets} tickets, ${customersCreated} new customers), ` +
              `skipped ${skippedExisting} already imported, rejected ${rejected.length} rows\n`,
          );
          for (const r of rejected.slice(0, SHOWN_REJECTIONS)) {
            process.stdout.write(
              `  line ${r.line}${r.orderCode ? ` (${r.orderCode})` : ''}: ${r.reason}\n`,
            );
          }
          if (rejected.length > SHOWN_REJECTIONS) {
            process.stdout.write(`  ... and ${rejected.length - SHOWN_REJECTIONS} more\n`);
          }
          if (rejected.length > 0) process.exitCode = 1;
        } finally {
          progress.stop();
          await database.close();
        }
      }),
    );
}

function fileSize(file: string, stat: (path: string) => { size: number }): number {
  try {
    return stat(file).size;
  } catch (error) {
    throw new ValidationError(
      `import: cannot read ${file} (${(error as NodeJS.ErrnoException).code})`,
    );
  }
}

/** Bytes read of the file, on stderr, only for a person at a terminal. */
async function progressBar(total: number, quiet: boolean) {
  if (quiet || !process.stderr.isTTY) return { update: (_: number) => {}, stop: () => {} };
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'importing [{bar}] {percentage}% | {duration}s',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  let stopped = false;
  return {
    update: (bytes: number) => bar.update(bytes),
    stop: () => {
      if (!stopped) bar.stop();
      stopped = true;
    },
  };
}
