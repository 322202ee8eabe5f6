/** Worker processes for benchmarks: a Node child started from the project root that counts
 * as up once its stdout says so, and is stopped by a signal. */
import { type ChildProcess, spawn } from 'node:child_process';
import { projectRoot } from '../db/paths.js';

export type BenchChild = { process: ChildProcess; exited: Promise<number | null> };

/** Runs `node <args>` with `env` over this process's environment and resolves once its
 * stdout has printed `ready`; rejects if it exits first or takes longer than `timeoutMs`.
 * `echo` copies its stdout to stderr, for reading a worker's logs. */
export async function startChild(
  args: readonly string[],
  options: { env: Record<string, string>; ready: string; echo?: boolean; timeoutMs?: number },
): Promise<BenchChild> {
  const child = spawn(process.execPath, args, {
    cwd: projectRoot(),
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const timeoutMs = options.timeoutMs ?? 30_000;
  await new Promise<void>((resolve, reject) => {
    let out = '';
    let ready = false;
    const timer = setTimeout(
      () => reject(new Error(`bench: worker did not start in ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    // Read on after `ready` too: a pipe nobody drains would block the child once it fills.
    child.stdout?.on('data', (chunk: Buffer) => {
      if (options.echo) process.stderr.write(chunk);
      if (ready) return;
      // Kept until the marker shows up: it may arrive split over two chunks.
      out += chunk.toString();
      if (out.includes(options.ready)) {
        ready = true;
        out = '';
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`bench: worker exited before it was ready (code ${code})`));
    });
  });
  return { process: child, exited };
}

/** Sends `signal` and waits for the exit; a child that already exited is left as it is. */
export async function stopChild(
  child: BenchChild | undefined,
  signal: NodeJS.Signals,
): Promise<void> {
  if (!child) return;
  child.process.kill(signal);
  await child.exited;
}
