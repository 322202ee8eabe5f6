/** Offline intent classifier: rules + logistic regression trained on training/*.yaml. */
import { classifyWith, type IntentResult } from './classify-with.js';
import { type LoadedModel, loadModelFromDisk } from './load-model.js';

export type { IntentResult } from './classify-with.js';

let loaded: LoadedModel | undefined;

/** Loads (once) and returns the model; later calls are free. */
export function loadIntentModel(): LoadedModel {
  loaded ??= loadModelFromDisk();
  return loaded;
}

export function classifyIntent(text: string): IntentResult {
  return classifyWith(loadIntentModel().model, text);
}
