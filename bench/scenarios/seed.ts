/** The demo seed (`seed --demo --orders N`) on a fresh database: tickets per second, read
 * against raw batched inserts on the same server in the same run. */
import { openDatabase } from '../../db/client.js';
import { seedDemo } from '../../ops/demo/seed.js';
import {
  assertLoopback,
  type BenchResult,
  benchDatabase,
  perSecond,
  ratioTo,
  type Scenario,
} from '../scenario.js';

export const seedScenario: Scenario = {
  name: 'seed',
  description: 'demo seed of N orders on a fresh database, tickets per second',
  baseline: 'pg-insert-batched',
  async run(context): Promise<BenchResult> {
    assertLoopback(context.databaseUrl, 'DATABASE_URL');
    const orders = context.quick ? 5_000 : 100_000;
    const scratch = await benchDatabase(context.databaseUrl);
    try {
      const database = await openDatabase({ url: scratch.url, dataDir: '' });
      try {
        await database.migrate();
        const connections = orders >= 20_000 ? 3 : 1;
        const result = await seedDemo(database.db, { orders, connections });
        if (result.status !== 'seeded') throw new Error(`bench: seed ${result.status}`);
        const { tickets } = result.counts;
        const ticketsPerSecond = perSecond(tickets, result.elapsedMs);
        const rowsPerSecond = perSecond(result.rows, result.elapsedMs);
        const ratio = ratioTo(ticketsPerSecond, context.results.get('pg-insert-batched'));
        return {
          scenario: 'seed',
          primary: 'ticketsPerSecond',
          figures: {
            orders,
            tickets,
            rows: result.rows,
            seconds: result.elapsedMs / 1000,
            ticketsPerSecond,
            rowsPerSecond,
          },
          baseline: 'pg-insert-batched',
          ratio,
          summary: `${orders} orders, ${tickets} tickets, ${result.rows} rows in ${(result.elapsedMs / 1000).toFixed(2)} s: ${ticketsPerSecond} tickets/s (${ratio}x batched inserts)`,
        };
      } finally {
        await database.close();
      }
    } finally {
      await scratch.drop();
    }
  },
};
