/** The demo seed (`seed --demo --orders N`) on a fresh database: tickets per second, read
 * against raw batched inserts on the same server in the same run. */
import { seedDemo } from '../../demo/seed.js';
import {
  type BenchResult,
  benchResult,
  perSecond,
  type Scenario,
  withBenchDatabase,
} from '../scenario.js';
import { pgInsertBatched } from './pg-insert.js';

export const seedScenario: Scenario = {
  name: 'seed',
  description: 'demo seed of N orders on a fresh database, tickets per second',
  baseline: pgInsertBatched.name,
  run(context): Promise<BenchResult> {
    const orders = context.quick ? 5_000 : 100_000;
    return withBenchDatabase(context, undefined, async (database) => {
      const connections = orders >= 20_000 ? 3 : 1;
      const result = await seedDemo(database.db, { orders, connections });
      if (result.status !== 'seeded') throw new Error(`bench: seed ${result.status}`);
      const { tickets } = result.counts;
      const ticketsPerSecond = perSecond(tickets, result.elapsedMs);
      const rowsPerSecond = perSecond(result.rows, result.elapsedMs);
      return benchResult(
        seedScenario,
        context,
        'ticketsPerSecond',
        {
          orders,
          tickets,
          rows: result.rows,
          seconds: result.elapsedMs / 1000,
          ticketsPerSecond,
          rowsPerSecond,
        },
        (ratio) =>
          `${orders} orders, ${tickets} tickets, ${result.rows} rows in ${(result.elapsedMs / 1000).toFixed(2)} s: ${ticketsPerSecond} tickets/s (${ratio}x batched inserts)`,
      );
    });
  },
};
