import type { Command } from 'commander';
import type { Runtime } from '../../ops/app/index.js';
import type { ProcessRole } from '../process.js';
import { runCommand } from './run.js';

const ROLES: { role: ProcessRole; description: string }[] = [
  {
    role: 'start',
    description:
      'everything in one process: HTTP, channels, workers (embedded default without DATABASE_URL / REDIS_URL)',
  },
  { role: 'bot', description: 'HTTP server and channel connections; needs REDIS_URL' },
  {
    role: 'worker',
    description: 'job workers (triage, approvals, check-in, reports); needs REDIS_URL',
  },
];

/** The embedded default is for trying Ticketops: an empty local database gets the demo
 * event. A production database (DATABASE_URL) is never seeded behind anyone's back. */
async function seedDemoWhenEmbedded(runtime: Runtime): Promise<void> {
  if (runtime.env.DATABASE_URL) return;
  const { ensureDemoData } = await import('../../demo/seed.js');
  const result = await ensureDemoData(runtime.database.db);
  if (result.status === 'seeded') {
    process.stderr.write(
      `Ticketops: seeded the demo event (${result.counts.orders} orders, ${result.counts.tickets} tickets)\n`,
    );
  }
}

export function registerProcessCommands(program: Command): void {
  for (const { role, description } of ROLES) {
    program
      .command(role)
      .description(description)
      .action(() =>
        runCommand(async () => {
          // Loaded on use: `ticketops classify` must not pay for the server's imports.
          const { bootProcess, stopOnSignals } = await import('../process.js');
          const running = await bootProcess(role, {
            beforeListen: role === 'start' ? seedDemoWhenEmbedded : undefined,
          });
          stopOnSignals(running);
          if (running.url) process.stderr.write(`Ticketops ${role}: listening on ${running.url}\n`);
        }),
      );
  }
}
