/** Profile of the whole offline triage brain on the dev texts (shared/eval/dev.jsonl): full
 * classify() per second on one core, then microseconds per message for each stage (intent,
 * severity, sentiment, language, each entity finder, overlap resolution), so a regression
 * or a win can be pinned on a stage. `--rounds N` repeats the full-classify measurement
 * (default 5) and prints each round, since a shared machine makes single figures noisy.
 * Run after a build: `npm run build:bench && node dist-bench/bench/triage-brain.js`. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../db/paths.js';
import { classify, MAX_ANALYSED_CHARS, MAX_INTENT_CHARS } from '../ops/triage/classify.js';
import { findAmounts } from '../ops/triage/entities/amount.js';
import { findOrderCodes, findTicketCodes } from '../ops/triage/entities/codes.js';
import { findDates } from '../ops/triage/entities/date.js';
import { findEmails } from '../ops/triage/entities/email.js';
import { extractEntities } from '../ops/triage/entities/index.js';
import { findPaymentSpans } from '../ops/triage/entities/payment-spans.js';
import { findPhones } from '../ops/triage/entities/phone.js';
import { findSeats } from '../ops/triage/entities/seat.js';
import { classifyIntent, loadIntentModel } from '../ops/triage/intent/index.js';
import { detectLanguage } from '../ops/triage/language.js';
import { analyzeSentiment } from '../ops/triage/sentiment.js';
import { assessSeverity } from '../ops/triage/severity.js';
import type { Intent } from '../ops/triage/types.js';
import { microsPerCall, perSecond } from './throughput.js';

const devPath = join(projectRoot(), '..', 'shared', 'eval', 'dev.jsonl');
if (!existsSync(devPath)) {
  console.error(`triage-brain: ${devPath} not found (the dev set lives in ../shared/eval).`);
  process.exit(2);
}
const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg > 0 ? Math.max(1, Number(process.argv[roundsArg + 1]) || 5) : 5;

const texts: string[] = readFileSync(devPath, 'utf8')
  .split('\n')
  .filter((l) => l.trim().length > 0)
  .map((l) => (JSON.parse(l) as { text: string }).text.slice(0, MAX_ANALYSED_CHARS));
// A fixed instant, as the pipeline passes one (the message's receive time): relative dates
// then resolve the same on every run.
const options = { now: new Date('2025-05-14T10:00:00Z') };

loadIntentModel();
// Warm-up: let the JIT settle before anything is timed.
perSecond(texts, (t) => classify(t, options), 1000);

const full: number[] = [];
for (let r = 0; r < rounds; r++) full.push(perSecond(texts, (t) => classify(t, options), 1000));
const fmt = (v: number): string => Math.round(v).toLocaleString('en');
console.log(`dev texts: ${texts.length}`);
console.log(`full classify(): ${full.map(fmt).join(', ')} /s (${rounds} rounds of 1 s)`);
const sorted = [...full].sort((a, b) => a - b);
console.log(
  `  min ${fmt(sorted[0]!)}  median ${fmt(sorted[Math.floor(rounds / 2)]!)}  max ${fmt(sorted[rounds - 1]!)}`,
);

const intents = new Map<string, Intent>(
  texts.map((t) => [t, classifyIntent(t.slice(0, MAX_INTENT_CHARS)).intent]),
);
const stages: [string, (t: string) => unknown][] = [
  ['intent', (t) => classifyIntent(t.slice(0, MAX_INTENT_CHARS))],
  ['severity', (t) => assessSeverity(t, intents.get(t) ?? 'out_of_scope', options)],
  ['sentiment', (t) => analyzeSentiment(t)],
  ['language', (t) => detectLanguage(t)],
  ['entities (all)', (t) => extractEntities(t, options)],
  ['  card data', (t) => findPaymentSpans(t)],
  ['  emails', (t) => findEmails(t)],
  ['  order codes', (t) => findOrderCodes(t)],
  ['  ticket codes', (t) => findTicketCodes(t)],
  ['  amounts', (t) => findAmounts(t)],
  ['  seats', (t) => findSeats(t)],
  ['  dates', (t) => findDates(t, options)],
  ['  phones', (t) => findPhones(t)],
];
console.log('\nper stage (µs / message):');
const line = (name: string, us: number): void =>
  console.log(`  ${name.padEnd(18)}${us.toFixed(2).padStart(8)}`);
let entitiesUs = 0;
let findersUs = 0;
for (const [name, fn] of stages) {
  const us = microsPerCall(texts, fn);
  if (name === 'entities (all)') entitiesUs = us;
  else if (name.startsWith('  ')) findersUs += us;
  line(name, us);
}
// What extractEntities spends beyond its finders: spreading candidates, the card filter and
// resolveOverlaps. A difference of two noisy figures, so only a rough guide.
line('  (merge+resolve)', entitiesUs - findersUs);
line('full classify()', 1e6 / sorted[Math.floor(rounds / 2)]!);
