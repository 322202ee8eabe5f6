import type { Db } from '../client.js';
import { processedEvents } from '../schema/index.js';

/** Records that an inbound delivery was handled. Returns false when it was already there,
 * which is how webhook and job handlers stay idempotent across redeliveries. */
export async function markProcessed(db: Db, source: string, eventId: string): Promise<boolean> {
  const rows = await db
    .insert(processedEvents)
    .values({ source, eventId })
    .onConflictDoNothing()
    .returning({ eventId: processedEvents.eventId });
  return rows.length === 1;
}
