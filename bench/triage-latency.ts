/** Where the paced triage messages spent their time, from three clocks on this machine: the
 * bench's (when a message was due, sent, stored), the triage job's record in BullMQ (enqueued,
 * last picked, finished, failed attempts) and the database's (handled_at: when the last
 * attempt started handling it, after its in-turn wait). */
import { sql } from 'drizzle-orm';
import { arrayLiteral } from '../db/bulk-insert.js';
import type { Db } from '../db/client.js';
import { safeJobId } from '../ops/jobs/define.js';
import { type Distribution, distribution } from './latency.js';

/** Per paced message, wall-clock ms (epoch): when it was due, and when the generator sent it. */
export type PacedTimes = { due: number; sent: number; text: string };

/** What a Queue gives for one job; a structural type so this file needs no BullMQ import. */
type JobRecord = {
  timestamp: number;
  processedOn?: number | undefined;
  finishedOn?: number | undefined;
  stacktrace?: string[] | null;
};
type JobSource = { getJob(id: string): Promise<JobRecord | undefined> };

export type TriageLatency = {
  /** due -> triage job finished (reply stored and committed): what a buyer waits */
  endToEnd: Distribution;
  /** created_at -> inbound handled_at, the figure the bench reported before (stops when
   * handling starts, and starts when the bench got round to sending) */
  createdToHandling: Distribution;
  /** the paced generator's lateness: sent - due */
  generatorLag: Distribution;
  endToEndValues: number[];
  /** jobs that failed an attempt and were retried, and the errors' first lines */
  retriedJobs: number;
  retryReasons: Record<string, number>;
  /** end to end by what the buyer wrote (each bench chat always writes the same text) */
  byText: Record<string, Distribution>;
  /** stages, for all messages and for the slowest 1% by end-to-end */
  stages: Record<string, { all: Distribution; slowest: Distribution }>;
  missing: number;
};

export async function triageLatency(
  db: Db,
  queue: JobSource,
  times: ReadonlyMap<string, PacedTimes>,
): Promise<TriageLatency> {
  const ids = [...times.keys()];
  const result = await db.execute(sql`
    select id,
           extract(epoch from created_at) * 1000 as created,
           extract(epoch from handled_at) * 1000 as handled
    from messages where id = any(${arrayLiteral(ids)}::text[])`);
  const rows = (result as unknown as { rows: { id: string; created: string; handled: string }[] })
    .rows;
  const jobs = new Map<string, JobRecord | undefined>();
  for (let i = 0; i < ids.length; i += 200) {
    const chunk = ids.slice(i, i + 200);
    const found = await Promise.all(
      chunk.map((id) => queue.getJob(safeJobId(`triage.message-${id}`))),
    );
    for (const [j, id] of chunk.entries()) jobs.set(id, found[j]);
  }

  type Sample = { e2e: number; text: string; stages: Record<string, number> };
  const samples: Sample[] = [];
  const legacy: number[] = [];
  const lag: number[] = [];
  const retryReasons: Record<string, number> = {};
  let retriedJobs = 0;
  let missing = 0;
  for (const row of rows) {
    const t = times.get(row.id);
    const job = jobs.get(row.id);
    const created = Number(row.created);
    const handled = Number(row.handled);
    if (!t || !job?.finishedOn || !job.processedOn || !Number.isFinite(handled)) {
      missing++;
      continue;
    }
    legacy.push(handled - created);
    lag.push(t.sent - t.due);
    const failures = job.stacktrace ?? [];
    if (failures.length > 0) retriedJobs++;
    for (const trace of failures) {
      const reason = (trace.split('\n')[0] ?? '').slice(0, 120);
      retryReasons[reason] = (retryReasons[reason] ?? 0) + 1;
    }
    samples.push({
      e2e: job.finishedOn - t.due,
      text: t.text,
      stages: {
        generatorLag: t.sent - t.due,
        // store (batched insert) and enqueue (batched addBulk) in this process
        ingest: job.timestamp - t.sent,
        // enqueued -> the last attempt picked by a worker: queue wait, plus earlier failed
        // attempts and their backoff for a retried job
        queued: job.processedOn - job.timestamp,
        // picked -> handling started: the triage load, in-turn waits
        loadAndTurn: handled - job.processedOn,
        // handling started -> job finished: decide, write (batched), follow-up enqueues
        decideAndWrite: job.finishedOn - handled,
      },
    });
  }
  samples.sort((a, b) => a.e2e - b.e2e);
  const slowest = samples.slice(Math.floor(samples.length * 0.99));
  const stages: TriageLatency['stages'] = {};
  for (const name of Object.keys(samples[0]?.stages ?? {})) {
    stages[name] = {
      all: distribution(samples.map((s) => s.stages[name] ?? 0)),
      slowest: distribution(slowest.map((s) => s.stages[name] ?? 0)),
    };
  }
  const endToEndValues = samples.map((s) => s.e2e);
  const byText: Record<string, Distribution> = {};
  for (const text of new Set(samples.map((s) => s.text))) {
    byText[text] = distribution(samples.filter((s) => s.text === text).map((s) => s.e2e));
  }
  return {
    endToEnd: distribution(endToEndValues),
    createdToHandling: distribution(legacy),
    generatorLag: distribution(lag),
    endToEndValues,
    byText,
    retriedJobs,
    retryReasons,
    stages,
    missing: missing + (ids.length - rows.length),
  };
}
