/** Writes model.bin from training/*.yaml so the bot starts without training.
 * Run: `npm run build && node dist/ops/triage/intent/build-model.js`. The output is
 * deterministic (same YAML -> byte-identical file) and is committed. */
import { writeFileSync } from 'node:fs';
import { modelPath, trainFromFiles } from './load-model.js';
import { encodeModel } from './model.js';

const t0 = performance.now();
const model = trainFromFiles();
const bytes = encodeModel(model);
writeFileSync(modelPath(), bytes);
const rows = model.weights.length / model.labels.length;
console.log(
  `intent model: ${rows} feature rows, ${(bytes.length / 1024).toFixed(0)} KB, ` +
    `trained in ${(performance.now() - t0).toFixed(0)} ms -> ${modelPath()}`,
);
