import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** `ticketops <args>` from source through tsx, as an operator runs it (same code path as
 * `node dist/bot/cli.js`): `env` is laid over this process's, `stdin` is written and closed.
 * Resolves with the exit code and both streams once the process ends. */
export async function runCli(
  args: string[],
  options: { env?: Record<string, string>; stdin?: string | Buffer } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(join(process.cwd(), 'node_modules', '.bin', 'tsx'), ['bot/cli.ts', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  child.stdin.end(options.stdin ?? '');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}
