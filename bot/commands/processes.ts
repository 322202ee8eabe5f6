import type { Command } from 'commander';
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

export function registerProcessCommands(program: Command): void {
  for (const { role, description } of ROLES) {
    program
      .command(role)
      .description(description)
      .action(() =>
        runCommand(async () => {
          // Loaded on use: `ticketops classify` must not pay for the server's imports.
          const { bootProcess, stopOnSignals } = await import('../process.js');
          const running = await bootProcess(role);
          stopOnSignals(running);
          if (running.url) process.stderr.write(`Ticketops ${role}: listening on ${running.url}\n`);
        }),
      );
  }
}
