/** Intent evaluation on the third-party dev set (shared/eval/dev.jsonl), which the
 * classifier never trains on. Prints accuracy, macro-F1 over the 25 buyer intents,
 * per-intent precision/recall/F1, worst confusions, throughput (intent only, and the full
 * triage result classify() returns) and model load time. Per-stage timings of the full
 * brain: bench/triage-brain.ts.
 * `--json`: one JSON object per line instead of the table. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../db/paths.js';
import { classify } from '../ops/triage/classify.js';
import { classifyIntent, loadIntentModel } from '../ops/triage/intent/index.js';
import { BUYER_INTENTS } from '../ops/triage/types.js';
import { perSecond } from './throughput.js';

type Row = { id: string; text: string; intent: string };

const asJson = process.argv.includes('--json');
const devPath = join(projectRoot(), '..', 'shared', 'eval', 'dev.jsonl');
if (!existsSync(devPath)) {
  console.error(`eval: ${devPath} not found; the dev set lives outside the repo (../shared/eval).`);
  process.exit(2);
}
const rows: Row[] = readFileSync(devPath, 'utf8')
  .split('\n')
  .filter((l) => l.trim().length > 0)
  .map((l) => JSON.parse(l) as Row);

const load = loadIntentModel();
const predicted = rows.map((r) => classifyIntent(r.text).intent as string);

const tp = new Map<string, number>();
const fp = new Map<string, number>();
const fn = new Map<string, number>();
const confusions = new Map<string, number>();
const inc = (m: Map<string, number>, k: string): void => {
  m.set(k, (m.get(k) ?? 0) + 1);
};
let correct = 0;
rows.forEach((r, i) => {
  const p = predicted[i]!;
  if (p === r.intent) {
    correct++;
    inc(tp, p);
  } else {
    inc(fp, p);
    inc(fn, r.intent);
    inc(confusions, `${r.intent} -> ${p}`);
  }
});

const perIntent = BUYER_INTENTS.map((intent) => {
  const t = tp.get(intent) ?? 0;
  const precision = t / Math.max(1, t + (fp.get(intent) ?? 0));
  const recall = t / Math.max(1, t + (fn.get(intent) ?? 0));
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { intent, precision, recall, f1, support: t + (fn.get(intent) ?? 0) };
});
const macroF1 = perIntent.reduce((s, x) => s + x.f1, 0) / perIntent.length;
const accuracy = correct / rows.length;
const worstConfusions = [...confusions.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);

// Throughput: single-threaded loops over the dev texts, each repeated to run ~1 s. The full
// figure is the whole triage result (intent, severity, sentiment, entities, language) with a
// fixed reference instant, as the pipeline passes the message's receive time.
const texts = rows.map((r) => r.text);
const intentPerSecond = perSecond(texts, (t) => classifyIntent(t));
const options = { now: new Date('2025-05-14T10:00:00Z') };
perSecond(texts, (t) => classify(t, options), 300); // warm-up: classify has not run yet
const fullPerSecond = perSecond(texts, (t) => classify(t, options));

if (asJson) {
  const line = (o: object): void => console.log(JSON.stringify(o));
  line({
    kind: 'summary',
    n: rows.length,
    accuracy,
    macroF1,
    perSecond: intentPerSecond,
    fullPerSecond,
    loadMs: load.ms,
    modelSource: load.source,
  });
  for (const x of perIntent) line({ kind: 'intent', ...x });
  for (const [pair, count] of worstConfusions) line({ kind: 'confusion', pair, count });
} else {
  const pct = (v: number): string => (v * 100).toFixed(1).padStart(6);
  console.log(`dev set: ${rows.length} utterances (${devPath})`);
  console.log(`model: ${load.source}, loaded in ${load.ms.toFixed(1)} ms`);
  console.log(`accuracy ${pct(accuracy)} %   macro-F1 ${pct(macroF1)} %`);
  console.log(`\n${'intent'.padEnd(36)}  prec.  recall     F1  support`);
  for (const x of [...perIntent].sort((a, b) => a.f1 - b.f1)) {
    console.log(
      `${x.intent.padEnd(36)}${pct(x.precision)}${pct(x.recall)}${pct(x.f1)}  ${x.support}`,
    );
  }
  console.log('\nworst confusions (true -> predicted):');
  for (const [pair, count] of worstConfusions)
    console.log(`  ${String(count).padStart(5)}  ${pair}`);
  const rate = (v: number): string => Math.round(v).toLocaleString('en');
  console.log(`\nthroughput (one core): intent ${rate(intentPerSecond)} classifications/s`);
  console.log(`                       full classify() ${rate(fullPerSecond)} classifications/s`);
}
