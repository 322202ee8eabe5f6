import type { Command } from 'commander';
import { loadEnv, runCommand } from './run.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (safe to run repeatedly and concurrently)')
    .action(() =>
      runCommand(async () => {
        const env = await loadEnv();
        const { openDatabase } = await import('../../db/client.js');
        const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
        try {
          await database.migrate();
          process.stderr.write(`ticketops: migrations applied (${database.kind})\n`);
        } finally {
          await database.close();
        }
      }),
    );
}
