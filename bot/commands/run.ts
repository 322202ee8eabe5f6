import { TicketopsError } from '../../ops/errors.js';

/** Runs a command body; a known error prints its message (no stack) and exits 1, so a bad
 * env value reads as one clear line, not a trace. */
export async function runCommand(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof TicketopsError) {
      process.stderr.write(`ticketops: ${error.message}\n`);
    } else {
      process.stderr.write(`ticketops: ${(error as Error)?.stack ?? String(error)}\n`);
    }
    process.exitCode = 1;
  }
}

/** The environment, parsed on use: zod costs ~90 ms to load, which every CLI start would
 * otherwise pay before `ticketops classify` reads its first line. */
export async function loadEnv() {
  // biome-ignore lint/style/noRestrictedImports: loaded lazily and alone, so this command starts without the rest of the folder
  const { parseEnv } = await import('../../ops/config/env.js');
  return parseEnv();
}
