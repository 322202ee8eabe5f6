import { type Database, openDatabase } from '../db/client.js';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.js';

const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type TestDatabase = ScratchDatabase;

/** A fresh, empty database next to the one DATABASE_URL names (`ticketops_t_<random>`),
 * so test files running in parallel never see each other's rows. Call `drop()` in afterAll.
 * An unreachable server fails the test with a message saying what to do: never a skip. */
export const createTestDatabase = (): Promise<TestDatabase> =>
  createScratchDatabase(BASE_URL, {
    prefix: 'ticketops_t',
    hint: 'start it or set DATABASE_URL',
  });

/** A scratch database, opened and migrated: what most integration tests start from. `drop()`
 * closes the pool and removes the database. */
export async function createMigratedTestDatabase(): Promise<{
  database: Database;
  url: string;
  drop(): Promise<void>;
}> {
  const testDb = await createTestDatabase();
  try {
    const database = await openDatabase({ url: testDb.url, dataDir: '' });
    await database.migrate();
    return {
      database,
      url: testDb.url,
      async drop() {
        await database.close();
        await testDb.drop();
      },
    };
  } catch (error) {
    await testDb.drop();
    throw error;
  }
}
