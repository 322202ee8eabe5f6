/** Turns model probabilities plus rule and coverage evidence into one answer.
 *
 * Combination (documented so the numbers can be reasoned about): start from the model's
 * softmax distribution p. Each firing rule adds its weight w as probability mass on its
 * intent and the distribution is renormalised: p' = (p + w * onehot) / (1 + w). A rule with
 * w = 1.5 therefore gives its intent at least 0.6, so it wins unless another rule disagrees.
 * Then, when few of the words are known to the model (gibberish, another language,
 * chit-chat), mass moves to out_of_scope the same way, with weight growing as coverage
 * falls below MIN_COVERAGE. Empty text (nothing to read) is out_of_scope outright. */
import { INTENTS, type Intent, type IntentScore } from '../types.js';
import { featurize } from './features.js';
import { type IntentModel, scores, softmax, wordCoverage } from './model.js';
import { matchRules } from './rules.js';

export type IntentResult = { intent: Intent; confidence: number; alternatives: IntentScore[] };

const MIN_COVERAGE = 0.5;
const MAX_OOS_WEIGHT = 3;
const ALTERNATIVES = 3;

const KNOWN = new Set<string>(INTENTS);
const isIntent = (s: string): s is Intent => KNOWN.has(s);

/** Per model, whether each label is an Intent: `top` asks for every class on every message,
 * and a set lookup per class and rank was a measurable share of classification time. */
const intentLabels = new WeakMap<IntentModel, boolean[]>();
function labelIsIntent(model: IntentModel): boolean[] {
  let known = intentLabels.get(model);
  if (!known) {
    known = model.labels.map(isIntent);
    intentLabels.set(model, known);
  }
  return known;
}

export function classifyWith(model: IntentModel, text: string): IntentResult {
  const x = featurize(typeof text === 'string' ? text : '');
  const k = model.labels.length;
  const oos = model.labels.indexOf('out_of_scope');
  if (x.words.length === 0 || x.index.length === 0) {
    return { intent: 'out_of_scope', confidence: 1, alternatives: [] };
  }
  const p = softmax(scores(model, x, new Float64Array(k)), model.temperature);
  for (const rule of matchRules(x.words.join(' ')))
    addMass(p, model.labels.indexOf(rule.intent), rule.weight);
  const coverage = wordCoverage(model, x.words);
  if (coverage < MIN_COVERAGE && oos >= 0) {
    addMass(p, oos, (MAX_OOS_WEIGHT * (MIN_COVERAGE - coverage)) / MIN_COVERAGE);
  }
  return top(model, p, ALTERNATIVES + 1, oos);
}

/** The best `n` classes by probability (ties: label order, so output is deterministic),
 * found by selection rather than sorting all 27: this runs on every message. */
function top(model: IntentModel, p: Float64Array, n: number, fallback: number): IntentResult {
  const known = labelIsIntent(model);
  const picked: number[] = [];
  for (let r = 0; r < n && r < p.length; r++) {
    let best = -1;
    for (let c = 0; c < p.length; c++) {
      if (!known[c] || picked.includes(c)) continue;
      if (best < 0 || p[c]! > p[best]!) best = c;
    }
    if (best < 0) break;
    picked.push(best);
  }
  const score = (c: number): IntentScore => ({
    intent: model.labels[c] as Intent,
    confidence: clamp01(p[c]!),
  });
  const [first, ...rest] = picked;
  if (first === undefined) {
    return {
      intent: 'out_of_scope',
      confidence: fallback >= 0 ? clamp01(p[fallback]!) : 0,
      alternatives: [],
    };
  }
  return { ...score(first), alternatives: rest.map(score) };
}

function addMass(p: Float64Array, c: number, w: number): void {
  if (c < 0 || !(w > 0)) return;
  for (let i = 0; i < p.length; i++) p[i] = (p[i]! + (i === c ? w : 0)) / (1 + w);
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}
