import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type WorkerChild = { process: ChildProcess; exited: Promise<number | null> };

/** Starts bench/faults/worker.ts in its own Node process and resolves once it consumes jobs. */
export async function startWorker(env: Record<string, string>): Promise<WorkerChild> {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild that a
  // SIGKILL to the CLI would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: process.env.WORKER_LOG_LEVEL ?? 'silent', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      // Worker logs go to stdout; shown only when asked for (WORKER_LOG_LEVEL).
      if (process.env.WORKER_LOG_LEVEL) process.stderr.write(chunk);
      out += chunk.toString();
      if (out.includes('ready')) resolve();
    });
    void exited.then((code) => reject(new Error(`worker exited before ready (code ${code})`)));
  });
  return { process: child, exited };
}

/** SIGKILL: no shutdown hook runs, in-flight work is lost exactly as in a crash. */
export async function killWorker(worker: WorkerChild): Promise<void> {
  worker.process.kill('SIGKILL');
  await worker.exited;
}
