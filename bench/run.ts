#!/usr/bin/env node
/** `npm run bench [-- --json] [--only a,b] [--quick]`: baselines and scenarios measured in
 * one run on local PostgreSQL and Redis.
 *
 * Output: one line per scenario; with --json one object per line:
 * `{ scenario, ...figures, baseline, ratio }`. A baseline has `baseline: null, ratio: 1`;
 * any other scenario has the name of the baseline it ran against and `ratio` = its primary
 * figure (e.g. ticketsPerSecond) / the baseline's (e.g. rowsPerSecond). */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import type { BenchResult, Scenario } from './scenario.js';
import { SCENARIOS } from './scenarios/index.js';

type Options = { json?: boolean; only?: string; quick?: boolean };

/** The selected scenarios plus the baselines they need, in registry order. */
export function selectScenarios(only: string | undefined): Scenario[] {
  if (!only) return [...SCENARIOS];
  const wanted = new Set(
    only
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  for (const name of wanted) {
    if (!SCENARIOS.some((s) => s.name === name)) {
      throw new Error(
        `bench: unknown scenario "${name}" (${SCENARIOS.map((s) => s.name).join(', ')})`,
      );
    }
  }
  for (const s of SCENARIOS) if (wanted.has(s.name) && s.baseline) wanted.add(s.baseline);
  return SCENARIOS.filter((s) => wanted.has(s.name));
}

export async function runScenarios(
  scenarios: readonly Scenario[],
  options: { quick: boolean; databaseUrl?: string; redisUrl?: string },
  report: (result: BenchResult) => void = () => {},
): Promise<BenchResult[]> {
  const results = new Map<string, BenchResult>();
  const context = {
    databaseUrl: options.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/test',
    redisUrl: options.redisUrl ?? 'redis://127.0.0.1:6379',
    quick: options.quick,
    results,
  };
  for (const scenario of scenarios) {
    const result = await scenario.run(context);
    results.set(scenario.name, result);
    report(result);
  }
  return [...results.values()];
}

export function toJsonLine(result: BenchResult): string {
  const { scenario, figures, baseline, ratio } = result;
  return JSON.stringify({ scenario, ...figures, baseline, ratio });
}

async function main(): Promise<void> {
  const program = new Command('ticketops-bench')
    .option('--json', 'one JSON object per scenario and line')
    .option('--only <names>', 'comma-separated scenario names (their baselines run too)')
    .option('--quick', 'small sizes, for CI and smoke runs')
    .parse(process.argv);
  const options = program.opts<Options>();
  const scenarios = selectScenarios(options.only);
  await runScenarios(
    scenarios,
    {
      quick: options.quick === true,
      databaseUrl: process.env.DATABASE_URL || undefined,
      redisUrl: process.env.REDIS_URL || undefined,
    },
    (result) => {
      if (options.json) console.log(toJsonLine(result));
      else console.log(`${result.scenario.padEnd(18)} ${result.summary}`);
    },
  );
}

// Run only as the entry point, so the smoke test can import the functions above.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
