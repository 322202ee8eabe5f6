import type { Db } from '../../db/client.js';
import { markProcessed } from '../../db/queries/processed-events.js';
import type { JobHandlers } from './types.js';

export type HandlerDeps = { db: Db };

/** The handler for every job in the catalog. Each is thin: parse (done by the engine), call
 * one use case, return a small result. `satisfies` makes a missing handler a compile error. */
export function createJobHandlers(deps: HandlerDeps): JobHandlers {
  return {
    'system.ping': async ({ nonce }) => {
      const first = await markProcessed(deps.db, 'job:system.ping', nonce);
      return { nonce, first };
    },
  } satisfies JobHandlers;
}
