import type { Command } from 'commander';
import { loadEnv, runCommand } from './run.js';

export function registerAudit(program: Command): void {
  const auditCommand = program.command('audit').description('the hash-chained audit log');
  auditCommand
    .command('verify')
    .description('walk the audit chain; exit 1 and name the first bad row if it was tampered with')
    .action(() =>
      runCommand(async () => {
        const env = await loadEnv();
        const { openDatabase } = await import('../../db/client.js');
        const { verifyAudit } = await import('../../ops/audit/log.js');
        const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
        try {
          const verdict = await verifyAudit(database.db);
          if (verdict.ok) {
            process.stdout.write(`audit log intact: ${verdict.rows} rows verified\n`);
          } else {
            const what =
              verdict.problem === 'edited'
                ? 'its content does not match its hash (edited)'
                : 'it does not follow the row before it (a row was removed or inserted)';
            process.stdout.write(`audit log TAMPERED at seq ${verdict.seq}: ${what}\n`);
            process.exitCode = 1;
          }
        } finally {
          await database.close();
        }
      }),
    );
}
