/** The intent model: a multinomial logistic regression over hashed features (see
 * features.ts), stored sparsely: only buckets seen in training have a weight row. */
import { type FeatureVector, HASH_SIZE, wordBucket } from './features.js';

export const MODEL_FORMAT = 1;

export type IntentModel = {
  /** class labels, in weight-column order */
  labels: string[];
  /** softmax temperature applied to the raw scores (> 1 softens) */
  temperature: number;
  /** bias per class */
  bias: Float32Array;
  /** `rowOf[bucket]` is the weight row of a bucket, or -1 if training never saw it */
  rowOf: Int32Array;
  /** rows x labels.length weights; each is multiplied by `scale` (Int8 when loaded from
   * model.bin: dequantising a million weights at start would cost ~20 ms for nothing) */
  weights: Float32Array | Int8Array;
  scale: number;
  /** hash of the training data the model was built from (detects a stale model file) */
  dataHash: string;
};

/** The committed file (model.bin) is binary: "TOIM", a uint32 header length, a JSON header,
 * zero padding to a multiple of 4, the Int32 bucket ids, then the Int8 weights row-major.
 * Binary rather than JSON because a million weights as JSON/base64 is megabytes for the
 * linter and the parser to chew on at every start; this loads in a few milliseconds. */
const MAGIC = 'TOIM';

type Header = {
  format: number;
  dataHash: string;
  labels: string[];
  temperature: number;
  bias: number[];
  scale: number;
  rows: number;
};

export function encodeModel(m: IntentModel): Buffer {
  const buckets: number[] = [];
  for (let b = 0; b < HASH_SIZE; b++) if (m.rowOf[b]! >= 0) buckets[m.rowOf[b]!] = b;
  let maxAbs = 0;
  for (const w of m.weights) maxAbs = Math.max(maxAbs, Math.abs(w * m.scale));
  // Int8 quantisation keeps the file small; 1/127 of the largest weight is far below what
  // changes a decision (checked with the eval: same macro-F1 before and after).
  const scale = maxAbs > 0 ? maxAbs / 127 : 1;
  const q = new Int8Array(m.weights.length);
  for (let i = 0; i < q.length; i++) q[i] = Math.round((m.weights[i]! * m.scale) / scale);
  const header: Header = {
    format: MODEL_FORMAT,
    dataHash: m.dataHash,
    labels: m.labels,
    temperature: m.temperature,
    bias: Array.from(m.bias, (x) => Math.round(x * 1e6) / 1e6),
    scale,
    rows: buckets.length,
  };
  const h = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (4 - ((8 + h.length) % 4)) % 4;
  const lead = Buffer.alloc(8);
  lead.write(MAGIC, 0, 'latin1');
  lead.writeUInt32LE(h.length, 4);
  return Buffer.concat([
    lead,
    h,
    Buffer.alloc(pad),
    Buffer.from(new Int32Array(buckets).buffer),
    Buffer.from(q.buffer),
  ]);
}

export function decodeModel(buf: Buffer): IntentModel {
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== MAGIC) {
    throw new Error('intent model: not a model file');
  }
  const hlen = buf.readUInt32LE(4);
  const header = JSON.parse(buf.toString('utf8', 8, 8 + hlen)) as Header;
  if (header.format !== MODEL_FORMAT) {
    throw new Error(`intent model: unknown format ${header.format}`);
  }
  const k = header.labels.length;
  const start = 8 + hlen + ((4 - ((8 + hlen) % 4)) % 4);
  if (buf.length !== start + header.rows * 4 + header.rows * k) {
    throw new Error('intent model: file size does not match its header');
  }
  // Copy into fresh aligned memory: a Buffer may sit at any offset of its pool.
  const body = new Uint8Array(buf.subarray(start));
  const buckets = new Int32Array(body.buffer, 0, header.rows);
  const weights = new Int8Array(body.buffer, header.rows * 4, header.rows * k);
  const rowOf = new Int32Array(HASH_SIZE).fill(-1);
  for (let r = 0; r < buckets.length; r++) rowOf[buckets[r]!] = r;
  return {
    labels: header.labels,
    temperature: header.temperature,
    bias: Float32Array.from(header.bias),
    rowOf,
    weights,
    scale: header.scale,
    dataHash: header.dataHash,
  };
}

/** Raw linear scores (logits) per class. */
export function scores(m: IntentModel, x: FeatureVector, out: Float64Array): Float64Array {
  // The hot loop of the classifier: locals instead of property reads, and rows of the
  // weight matrix are contiguous so each feature reads one cache line or two.
  const k = m.labels.length;
  const weights = m.weights;
  const rowOf = m.rowOf;
  const index = x.index;
  const value = x.value;
  out.fill(0);
  for (let i = 0; i < index.length; i++) {
    const row = rowOf[index[i]!]!;
    if (row < 0) continue;
    const v = value[i]!;
    let base = row * k;
    for (let c = 0; c < k; c++) out[c]! += v * weights[base++]!;
  }
  const scale = m.scale;
  for (let c = 0; c < k; c++) out[c] = out[c]! * scale + m.bias[c]!;
  return out;
}

/** Softmax with the model temperature, in place. */
export function softmax(z: Float64Array, temperature: number): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    const e = Math.exp((z[i]! - max) / temperature);
    z[i] = e;
    sum += e;
  }
  for (let i = 0; i < z.length; i++) z[i] = z[i]! / sum;
  return z;
}

/** Share of the words the model has a weight for: low coverage means the text is about
 * something the training data never talked about (gibberish, another language, chit-chat). */
export function wordCoverage(m: IntentModel, words: readonly string[]): number {
  if (words.length === 0) return 0;
  let known = 0;
  for (const w of words) if (m.rowOf[wordBucket(w)]! >= 0) known++;
  return known / words.length;
}
