/** Where generated batches go. A group of batches (say a chunk's orders, tickets and scans)
 * is written in order and atomically. The serial sink writes everything inside one
 * transaction; the parallel one spreads groups over several connections, because one
 * PostgreSQL backend (index upkeep plus a foreign-key check per row) is the bottleneck of a
 * million-order seed. */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { RowBatch } from './batches.js';
import type { SqlRunner } from './reset.js';

export interface BatchSink {
  /** Queues a group; may return before it is written (call `drain` at phase boundaries). */
  write(group: readonly RowBatch[]): Promise<void>;
  /** Waits until everything queued is committed; rethrows the first failure. */
  drain(): Promise<void>;
}

async function writeGroup(db: SqlRunner, group: readonly RowBatch[]): Promise<void> {
  for (const batch of group) if (batch.size > 0) await db.execute(batch.toInsert());
}

/** Everything in the caller's transaction, one statement at a time (PGlite, small demos). */
export function serialSink(tx: SqlRunner): BatchSink {
  return { write: (group) => writeGroup(tx, group), drain: async () => {} };
}

/** Each group in its own transaction on a pooled connection, at most `connections` at once.
 * The caller generates the next group while earlier ones are being written. */
export function parallelSink(db: Db, connections: number): BatchSink {
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  return {
    async write(group) {
      if (failure) throw failure;
      while (inFlight.size >= connections) await Promise.race(inFlight);
      if (failure) throw failure;
      const running: Promise<void> = db
        .transaction(async (tx) => {
          // No fsync wait per chunk: the final publish commits synchronously, and WAL order
          // makes it durable only together with every chunk before it.
          await tx.execute(sql`set local synchronous_commit = off`);
          await writeGroup(tx, group);
        })
        .then(
          () => undefined,
          (error: unknown) => {
            failure ??= error;
          },
        )
        .finally(() => inFlight.delete(running));
      inFlight.add(running);
    },
    async drain() {
      await Promise.all(inFlight);
      if (failure) throw failure;
    },
  };
}
