import { fileURLToPath } from 'node:url';
import { type BenchChild, startChild, stopChild } from './child-process.js';

const WORKER = fileURLToPath(new URL('./fault-worker.ts', import.meta.url));

export type WorkerChild = BenchChild;

/** Starts bench/faults/worker.ts in its own Node process and resolves once it consumes jobs. */
export function startWorker(env: Record<string, string>): Promise<WorkerChild> {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild that a
  // SIGKILL to the CLI would leave running.
  return startChild(['--import', 'tsx', WORKER], {
    env: { LOG_LEVEL: process.env.WORKER_LOG_LEVEL ?? 'silent', ...env },
    ready: 'ready',
    // Worker logs go to stdout; shown only when asked for (WORKER_LOG_LEVEL).
    echo: Boolean(process.env.WORKER_LOG_LEVEL),
  });
}

/** SIGKILL: no shutdown hook runs, in-flight work is lost exactly as in a crash. */
export const killWorker = (worker: WorkerChild): Promise<void> => stopChild(worker, 'SIGKILL');
