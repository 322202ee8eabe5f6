import { describe, expect, it } from 'vitest';
import { runScenarios, selectScenarios, toJsonLine } from '../../bench/run.js';

describe('npm run bench (quick mode)', () => {
  it('pulls in the baseline a selected scenario needs', () => {
    expect(selectScenarios('seed').map((s) => s.name)).toEqual(['pg-insert-batched', 'seed']);
    expect(() => selectScenarios('nope')).toThrow(/unknown scenario/);
  });

  it('measures every scenario and computes ratios from the figures', async () => {
    // The baselines and the seed; later scenarios have smoke tests of their own.
    const results = await runScenarios(selectScenarios('bullmq-noop,pg-insert-single,seed'), {
      quick: true,
      databaseUrl: process.env.DATABASE_URL,
      redisUrl: process.env.REDIS_URL,
    });
    expect(results.map((r) => r.scenario)).toEqual([
      'bullmq-noop',
      'pg-insert-single',
      'pg-insert-batched',
      'seed',
    ]);
    for (const result of results) {
      for (const value of Object.values(result.figures)) expect(value).toBeGreaterThan(0);
      expect(result.figures[result.primary]).toBeGreaterThan(0);
      const line = JSON.parse(toJsonLine(result)) as Record<string, unknown>;
      expect(line).toMatchObject({ scenario: result.scenario, ratio: result.ratio });
    }
    const batched = results.find((r) => r.scenario === 'pg-insert-batched');
    const seed = results.find((r) => r.scenario === 'seed');
    expect(batched).toMatchObject({ baseline: null, ratio: 1 });
    expect(seed?.baseline).toBe('pg-insert-batched');
    const expected = (seed?.figures.ticketsPerSecond ?? 0) / (batched?.figures.rowsPerSecond ?? 1);
    expect(seed?.ratio).toBeCloseTo(expected, 2);
  }, 120_000);
});
