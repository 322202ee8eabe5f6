import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** `npm run bench` as an operator runs it (from source through tsx, quick sizes), so the
 * tests import nothing from bench/: what is checked is the command and its output contract. */
const bench = (...args: string[]) =>
  run(join(process.cwd(), 'node_modules', '.bin', 'tsx'), ['bench/run.ts', '--quick', ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent' },
    timeout: 110_000,
  });

describe('npm run bench (quick mode)', () => {
  it('refuses an unknown scenario, naming the known ones', async () => {
    await expect(bench('--only', 'nope')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/unknown scenario "nope" \(.*triage/),
    });
  });

  it('measures the selected scenarios and their baselines, with ratios from the figures', async () => {
    const { stdout } = await bench('--json', '--only', 'bullmq-noop,pg-insert-single,seed');
    const results = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    // The seed pulls in its baseline (batched inserts), in registry order.
    expect(results.map((r) => r.scenario)).toEqual([
      'bullmq-noop',
      'pg-insert-single',
      'pg-insert-batched',
      'seed',
    ]);
    for (const result of results) {
      const figures = Object.entries(result).filter(([, v]) => typeof v === 'number');
      for (const [, value] of figures) expect(value).toBeGreaterThan(0);
    }
    const batched = results.find((r) => r.scenario === 'pg-insert-batched')!;
    const seed = results.find((r) => r.scenario === 'seed')!;
    expect(batched).toMatchObject({ baseline: null, ratio: 1 });
    expect(seed.baseline).toBe('pg-insert-batched');
    const expected = (seed.ticketsPerSecond as number) / (batched.rowsPerSecond as number);
    expect(seed.ratio as number).toBeCloseTo(expected, 2);
  }, 120_000);
});
