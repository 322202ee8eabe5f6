/** Where a run's CPU went, per process, from Linux's /proc: this process (the `bot` side of
 * a scenario, bench driver included), a child worker, and the PostgreSQL and Redis servers
 * on this machine. On other systems every figure reads 0. */
import { readdirSync, readFileSync } from 'node:fs';

export type CpuSample = { bot: number; worker: number; postgres: number; redis: number };

// USER_HZ: the unit of /proc/<pid>/stat times, 100 on every Linux Node.js runs on.
const TICKS_PER_SECOND = 100;

/** CPU seconds a process has used (user + system), or 0 when it cannot be read. */
function processCpu(pid: string | number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds of every live process with this command name. Server processes that exit
 * during a run take their time with them; a scenario keeps its connections open. */
function commandCpu(command: string): number {
  let total = 0;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === command) total += processCpu(pid);
    } catch {
      // The process ended between listing and reading.
    }
  }
  return total;
}

export function sampleCpu(workerPid?: number): CpuSample {
  const own = process.cpuUsage();
  return {
    bot: (own.user + own.system) / 1e6,
    worker: workerPid ? processCpu(workerPid) : 0,
    postgres: commandCpu('postgres'),
    redis: commandCpu('redis-server'),
  };
}

/** CPU milliseconds per item between two samples, per process, rounded to 0.01 ms. */
export function cpuMsPer(before: CpuSample, after: CpuSample, items: number): CpuSample {
  const per = (key: keyof CpuSample) =>
    Math.round(((after[key] - before[key]) * 1000 * 100) / Math.max(items, 1)) / 100;
  return { bot: per('bot'), worker: per('worker'), postgres: per('postgres'), redis: per('redis') };
}

/** Resident memory of another process in bytes; 0 when unknown. */
export function processRss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}
