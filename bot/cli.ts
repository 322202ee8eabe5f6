#!/usr/bin/env node
import { Command } from 'commander';
import { registerMigrate } from './commands/migrate.js';
import { registerProcessCommands } from './commands/processes.js';

/** `ticketops`: the single entry point. Each command lives in bot/commands/ and registers
 * itself here; commands load config themselves so `classify` can start without a database. */
const program = new Command('ticketops')
  .description('Operations bot for ticketed events')
  .showHelpAfterError();

registerProcessCommands(program);
registerMigrate(program);

await program.parseAsync(process.argv);
