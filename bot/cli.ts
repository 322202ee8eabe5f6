#!/usr/bin/env node
import { Command } from 'commander';
import { registerAudit } from './commands/audit.js';
import { registerClassify } from './commands/classify.js';
import { registerImport } from './commands/import.js';
import { registerMigrate } from './commands/migrate.js';
import { registerProcessCommands } from './commands/processes.js';
import { registerSeed } from './commands/seed.js';
import { registerStaff } from './commands/staff.js';

/** `ticketops`: the single entry point. Each command lives in bot/commands/ and registers
 * itself here; commands load config themselves so `classify` can start without a database. */
const program = new Command('ticketops')
  .description('Operations bot for ticketed events')
  .showHelpAfterError();

// `ticketops classify | head` closes the pipe early: stop quietly rather than crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

registerProcessCommands(program);
registerMigrate(program);
registerAudit(program);
registerClassify(program);
registerSeed(program);
registerImport(program);
registerStaff(program);

await program.parseAsync(process.argv);
