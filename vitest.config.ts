import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests share one PostgreSQL database and one Redis; files run in parallel
    // workers but each uses its own schema / queue prefix (see test/helpers).
    pool: 'forks',
    maxWorkers: 2,
  },
});
