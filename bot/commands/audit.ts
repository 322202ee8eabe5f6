import type { Command } from 'commander';
import { describeAuditVerdict } from './audit-verdict.js';
import { loadEnv, runCommand } from './run.js';

export function registerAudit(program: Command): void {
  const auditCommand = program.command('audit').description('the hash-chained audit log');
  auditCommand
    .command('verify')
    .description(
      'walk the audit chain and check it ends where the signed head says; exit 1 and say what is wrong if it was tampered with',
    )
    .action(() =>
      runCommand(async () => {
        const env = await loadEnv();
        const { openDatabase } = await import('../../db/client.js');
        const { verifyAudit } = await import('../../ops/audit/index.js');
        const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
        try {
          const verdict = await verifyAudit(database.db);
          process.stdout.write(`${describeAuditVerdict(verdict)}\n`);
          if (!verdict.ok) process.exitCode = 1;
        } finally {
          await database.close();
        }
      }),
    );
}
