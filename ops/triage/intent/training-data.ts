/** Loads the project's own intent training examples (training/*.yaml) and expands them into
 * a deterministic list of (text, intent) pairs.
 *
 * Each intent file holds literal `examples` plus short `actions` (verb phrases: "cancel my
 * ticket") and `topics` (noun phrases: "your refund policy"). The shared `_frames.yaml`
 * holds the ways people wrap a request ("could you help me {x}?", "where can I find {x}")
 * and generic event words. Crossing every phrase with a few frames teaches the model that
 * the frame carries no intent and the phrase does. Typo copies are added the same way. All
 * randomness comes from a seeded PRNG, so the same files always give the same list. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { projectRoot } from '../../../db/paths.js';
import { INTENTS, type Intent } from '../types.js';

/** Bump when the expansion or the trainer changes so a committed model counts as stale. */
export const TRAINING_VERSION = 'lr-v3-presence';

const FRAMES_PER_PHRASE = 5;
/** Typo copies per example (each with one or two typos): buyers misspell the very word
 * that carries the intent ("upgarde", "refnd"), and the eval showed every copy helps. */
const TYPO_COPIES = 2;
const SUFFIX_RATE = 0.4;
const PREFIX_RATE = 0.12;

export type Example = { text: string; intent: Intent };

type IntentFile = { intent: string; examples?: string[]; actions?: string[]; topics?: string[] };
type FramesFile = {
  action: string[];
  topic: string[];
  event: string[];
  place: string[];
  prefix: string[];
  suffix: string[];
};

export const trainingDir = (): string => join(projectRoot(), 'ops', 'triage', 'intent', 'training');

export type TrainingFiles = { frames: FramesFile; intents: IntentFile[]; hash: string };

/** The YAML parser is loaded only when training actually runs: the bot's normal start reads
 * the prebuilt model.bin, and importing `yaml` would cost it tens of milliseconds. */
function parseYaml(raw: string): unknown {
  const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yaml.parse(raw);
}

function readRaw(dir: string): { name: string; raw: string }[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()
    .map((name) => ({ name, raw: readFileSync(join(dir, name), 'utf8') }));
}

function hashOf(files: { name: string; raw: string }[]): string {
  const h = createHash('sha256').update(TRAINING_VERSION);
  for (const f of files) h.update(f.name).update('\0').update(f.raw).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** Identifies the training data (and trainer version) without parsing it: cheap enough to
 * check at every start whether model.bin is stale. */
export function trainingHash(dir = trainingDir()): string {
  return hashOf(readRaw(dir));
}

export function readTrainingFiles(dir = trainingDir()): TrainingFiles {
  const raws = readRaw(dir);
  let frames: FramesFile | undefined;
  const intents: IntentFile[] = [];
  for (const { name, raw } of raws) {
    const doc = parseYaml(raw);
    if (name === '_frames.yaml') frames = checkFrames(doc);
    else intents.push(checkIntentFile(name, doc));
  }
  if (!frames) throw new Error(`intent training: ${dir}/_frames.yaml is missing`);
  return { frames, intents, hash: hashOf(raws) };
}

/** YAML reads `12345` or `yes` as non-strings; every list entry is taken as text. */
const strings = (xs: unknown): string[] =>
  Array.isArray(xs) ? xs.map((x) => String(x ?? '')) : [];

function checkIntentFile(name: string, doc: unknown): IntentFile {
  const f = doc as IntentFile;
  if (!f || typeof f.intent !== 'string' || !(INTENTS as readonly string[]).includes(f.intent)) {
    throw new Error(`intent training: ${name} has no valid 'intent'`);
  }
  return {
    intent: f.intent,
    examples: strings(f.examples),
    actions: strings(f.actions),
    topics: strings(f.topics),
  };
}

function checkFrames(doc: unknown): FramesFile {
  const f = (doc ?? {}) as Record<string, unknown>;
  return {
    action: strings(f.action),
    topic: strings(f.topic),
    event: strings(f.event),
    place: strings(f.place),
    prefix: strings(f.prefix),
    suffix: strings(f.suffix),
  };
}

/** mulberry32: tiny, fast, good enough for shuffling; seeded for determinism. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** Replaces {event} and {place} slots with generic words, like buyers and templated
 * corpora use ("the show", "in this city"). */
function fillSlots(rnd: () => number, s: string, f: FramesFile): string {
  return s
    .replace(/\{event\}/g, () => pick(rnd, f.event))
    .replace(/\{place\}/g, () => pick(rnd, f.place));
}

const LETTERS = [...'qwertyuiopasdfghjklzxcvbnm'];

/** One realistic typo (swap, drop, double or substitute a letter) in one word, choosing
 * long words more often: those are the content words ("cancellation"), and a misspelled
 * content word is exactly what the model must still recognise from its character n-grams. */
function typo(rnd: () => number, s: string): string {
  const words = [...s.matchAll(/[a-z]{3,}/g)];
  if (words.length === 0) return s;
  let total = 0;
  for (const m of words) total += m[0].length ** 2;
  let r = rnd() * total;
  let chosen = words[0]!;
  for (const m of words) {
    r -= m[0].length ** 2;
    if (r <= 0) {
      chosen = m;
      break;
    }
  }
  const i = chosen.index + 1 + Math.floor(rnd() * (chosen[0].length - 1));
  const kind = Math.floor(rnd() * 4);
  if (kind === 0) return s.slice(0, i - 1) + s[i] + s[i - 1] + s.slice(i + 1);
  if (kind === 1) return s.slice(0, i) + s.slice(i + 1);
  if (kind === 2) return s.slice(0, i) + s[i] + s.slice(i);
  return s.slice(0, i) + pick(rnd, LETTERS) + s.slice(i + 1);
}

/** "cancel my ticket" -> "cancelling my ticket", for frames like "help me {x-ing}". Only
 * needs to be right for the verbs the training files start phrases with. */
const DOUBLING = new Set(['get', 'put', 'cancel', 'swap', 'drop', 'chat', 'stop', 'ship', 'plan']);
export function gerund(phrase: string): string {
  const m = /^(\S+)(.*)$/s.exec(phrase);
  if (!m) return phrase;
  const verb = m[1]!;
  const rest = m[2] ?? '';
  if (DOUBLING.has(verb)) return `${verb}${verb.at(-1)}ing${rest}`;
  if (verb.endsWith('ie')) return `${verb.slice(0, -2)}ying${rest}`;
  if (verb.endsWith('e') && !verb.endsWith('ee') && verb.length > 2) {
    return `${verb.slice(0, -1)}ing${rest}`;
  }
  return `${verb}ing${rest}`;
}

/** Sometimes adds a content-free opening or closing ("sorry, ...", "... can you help me?"). */
function wrap(rnd: () => number, s: string, f: FramesFile): string {
  let out = s;
  if (f.suffix.length > 0 && rnd() < SUFFIX_RATE && !/[?!]$/.test(out)) out += pick(rnd, f.suffix);
  if (f.prefix.length > 0 && rnd() < PREFIX_RATE) out = pick(rnd, f.prefix) + out;
  return out;
}

export function expandExamples(files: TrainingFiles): Example[] {
  const rnd = prng(0x7ced);
  const out: Example[] = [];
  const { frames } = files;
  for (const f of files.intents) {
    const intent = f.intent as Intent;
    const base: string[] = [];
    for (const e of f.examples ?? []) base.push(fillSlots(rnd, e, frames));
    for (const [phrases, frameList] of [
      [f.actions ?? [], frames.action],
      [f.topics ?? [], frames.topic],
    ] as const) {
      for (const p of phrases) {
        for (let k = 0; k < FRAMES_PER_PHRASE; k++) {
          base.push(
            fillSlots(
              rnd,
              wrap(
                rnd,
                pick(rnd, frameList).replace('{x-ing}', gerund(p)).replace('{x}', p),
                frames,
              ),
              frames,
            ),
          );
        }
      }
    }
    for (const text of base) {
      out.push({ text, intent });
      for (let c = 0; c < TYPO_COPIES; c++) {
        let t = typo(rnd, text.toLowerCase());
        if (rnd() < 0.4) t = typo(rnd, t);
        out.push({ text: t, intent });
      }
    }
  }
  return out;
}
