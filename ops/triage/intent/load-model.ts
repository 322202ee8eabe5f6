/** Finds the intent model: the committed model.bin when it was built from the current
 * training files, otherwise trains one from the YAML in-process (slower start, same
 * result: training is deterministic). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../db/paths.js';
import { INTENTS } from '../types.js';
import { decodeModel, type IntentModel } from './model.js';
import { train } from './train.js';
import {
  expandExamples,
  readTrainingFiles,
  type TrainingFiles,
  trainingHash,
} from './training-data.js';

export const modelPath = (): string => join(projectRoot(), 'ops', 'triage', 'intent', 'model.bin');

export function trainFromFiles(files: TrainingFiles = readTrainingFiles()): IntentModel {
  return train(expandExamples(files), INTENTS, files.hash);
}

export type LoadedModel = { model: IntentModel; source: 'file' | 'trained'; ms: number };

export function loadModelFromDisk(): LoadedModel {
  const t0 = performance.now();
  const hash = trainingHash();
  const path = modelPath();
  if (existsSync(path)) {
    const model = decodeModel(readFileSync(path));
    if (model.dataHash === hash) return { model, source: 'file', ms: performance.now() - t0 };
  }
  return { model: trainFromFiles(), source: 'trained', ms: performance.now() - t0 };
}
