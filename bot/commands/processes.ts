import type { Command } from 'commander';

export function registerProcessCommands(program: Command): void {
  program.command('start').description('everything in one process (embedded default)');
}
