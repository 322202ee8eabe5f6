/** Trains the intent model: multinomial logistic regression by plain SGD over the hashed
 * features. Chosen over naive Bayes because it learns that frame words ("help me", "could
 * you") carry no intent, and its softmax gives usable confidences. Deterministic: fixed
 * seed for the example order, no parallelism, no wall-clock input. */
import { featurize, HASH_SIZE } from './features.js';
import type { IntentModel } from './model.js';
import { type Example, prng } from './training-data.js';

export type TrainOptions = {
  epochs: number;
  learningRate: number;
  /** L2 penalty, applied to the weights of the features an example touches */
  l2: number;
  temperature: number;
  seed: number;
};

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 14,
  learningRate: 0.5,
  l2: 1e-5,
  temperature: 1,
  seed: 20240601,
};

export function train(
  examples: readonly Example[],
  labels: readonly string[],
  dataHash: string,
  opts: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): IntentModel {
  const k = labels.length;
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const rowOf = new Int32Array(HASH_SIZE).fill(-1);
  let rows = 0;
  const xs = examples.map((e) => {
    const x = featurize(e.text);
    for (const b of x.index) if (rowOf[b]! < 0) rowOf[b] = rows++;
    const y = labelIndex.get(e.intent);
    if (y === undefined) throw new Error(`intent training: unknown label ${e.intent}`);
    return { x, y };
  });
  const w = new Float64Array(rows * k);
  const bias = new Float64Array(k);
  // Averaged SGD: the returned weights are the mean over all steps, which is steadier than
  // the last iterate (less sensitive to the order of the last few hundred examples).
  // Lazy form: u accumulates step * update, and the mean is w - u / steps.
  const wu = new Float64Array(rows * k);
  const bu = new Float64Array(k);
  const p = new Float64Array(k);
  const order = xs.map((_, i) => i);
  const rnd = prng(opts.seed);
  let step = 0;
  const totalSteps = opts.epochs * xs.length;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const idx of order) {
      const { x, y } = xs[idx]!;
      // Linear decay to 10% keeps early steps big and the end stable.
      const lr = opts.learningRate * (1 - (0.9 * step) / totalSteps);
      step++;
      for (let c = 0; c < k; c++) p[c] = bias[c]!;
      for (let i = 0; i < x.index.length; i++) {
        const base = rowOf[x.index[i]!]! * k;
        const v = x.value[i]!;
        for (let c = 0; c < k; c++) p[c] = p[c]! + v * w[base + c]!;
      }
      let max = Number.NEGATIVE_INFINITY;
      for (const s of p) if (s > max) max = s;
      let sum = 0;
      for (let c = 0; c < k; c++) {
        p[c] = Math.exp(p[c]! - max);
        sum += p[c]!;
      }
      for (let c = 0; c < k; c++) p[c] = p[c]! / sum - (c === y ? 1 : 0);
      for (let c = 0; c < k; c++) {
        const d = -lr * 0.1 * p[c]!;
        bias[c] = bias[c]! + d;
        bu[c] = bu[c]! + step * d;
      }
      for (let i = 0; i < x.index.length; i++) {
        const base = rowOf[x.index[i]!]! * k;
        const v = x.value[i]!;
        for (let c = 0; c < k; c++) {
          const d = -lr * (opts.l2 * w[base + c]! + v * p[c]!);
          w[base + c] = w[base + c]! + d;
          wu[base + c] = wu[base + c]! + step * d;
        }
      }
    }
  }
  for (let i = 0; i < w.length; i++) w[i] = w[i]! - wu[i]! / step;
  for (let c = 0; c < k; c++) bias[c] = bias[c]! - bu[c]! / step;
  return {
    labels: [...labels],
    temperature: opts.temperature,
    bias: Float32Array.from(bias),
    rowOf,
    weights: Float32Array.from(w),
    scale: 1,
    dataHash,
  };
}
