import type { Scenario } from '../scenario.js';
import { bullmqNoop } from './bullmq-noop.js';
import { pgInsertBatched, pgInsertSingle } from './pg-insert.js';
import { seedScenario } from './seed.js';
import { triageScenario } from './triage.js';

/** Every scenario, baselines first. A new scenario is one file plus one line here. */
export const SCENARIOS: readonly Scenario[] = [
  bullmqNoop,
  pgInsertSingle,
  pgInsertBatched,
  seedScenario,
  triageScenario,
];
