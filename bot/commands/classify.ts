import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type {
  ClassifyOptions,
  DetailedClassification,
  KnownEvent,
} from '../../ops/triage/index.js';

/** A line longer than this is cut: memory stays bounded whatever arrives on stdin, and
 * classify() reads only the first 8 KB of a text anyway. A JSON line cut here no longer
 * parses and is classified as plain text. */
const MAX_LINE_CHARS = 1024 * 1024;

type Flags = { events?: string; now?: string; tz?: string };

/** `ticketops classify`: stdin lines in, one JSON object per line out (README, Commands).
 * No database, Redis or network; the triage modules are imported only when the command runs,
 * so the other commands do not pay for the intent model and this one starts fast.
 *
 * Input rules:
 * - blank lines are skipped (no output);
 * - a line starting with `{` that parses as a JSON object is read as `{ text, id? }`; `id` is
 *   echoed back. An object without a string `text` yields `{ "line": n, "error": ... }` so
 *   output stays one-to-one with non-blank input;
 * - a line starting with `{` that is not valid JSON is a buyer's text like any other (people
 *   do type braces), classified as plain text;
 * - spans index the text that was classified: the `text` field for JSON lines, the line
 *   itself (without its line break) otherwise. */
export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description('classify buyer messages read line by line from stdin; writes JSON lines')
    .option(
      '--events <file>',
      'JSON list of known events [{ "id", "name", "slug" }] to match event names',
    )
    .option('--now <iso>', 'reference time for relative dates such as "tomorrow" (default: now)')
    .option('--tz <zone>', 'IANA time zone in which "today" is reckoned (default: UTC)')
    .action(async (flags: Flags) => {
      // biome-ignore lint/style/noRestrictedImports: loaded lazily and alone, so this command starts without the rest of the folder
      const { classify } = await import('../../ops/triage/classify.js');
      const options = buildOptions(flags);
      let lineNo = 0;
      await forEachLine(process.stdin, async (line) => {
        lineNo++;
        const out = answerLine(line, lineNo, (text) => classify(text, options));
        if (out !== undefined && !process.stdout.write(`${out}\n`)) {
          await new Promise((resolve) => process.stdout.once('drain', resolve));
        }
      });
    });
}

function buildOptions(flags: Flags): ClassifyOptions {
  const options: ClassifyOptions = {};
  if (flags.events) options.knownEvents = readEvents(flags.events);
  if (flags.now) {
    const now = new Date(flags.now);
    if (Number.isNaN(now.getTime())) fail(`--now: expected an ISO date-time, got "${flags.now}"`);
    options.now = now;
  }
  if (flags.tz) options.timeZone = flags.tz;
  return options;
}

function readEvents(file: string): KnownEvent[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`--events ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const ok = (e: unknown): e is KnownEvent =>
    typeof e === 'object' &&
    e !== null &&
    ['id', 'name', 'slug'].every((k) => typeof (e as Record<string, unknown>)[k] === 'string');
  if (!Array.isArray(data) || !data.every(ok))
    fail(`--events ${file}: expected a JSON list of { "id", "name", "slug" } strings`);
  return data.map(({ id, name, slug }) => ({ id, name, slug }));
}

function fail(message: string): never {
  process.stderr.write(`ticketops classify: ${message}\n`);
  process.exit(2);
}

export function answerLine(
  line: string,
  lineNo: number,
  run: (text: string) => DetailedClassification,
): string | undefined {
  if (line.trim() === '') return undefined;
  let text = line;
  let id: unknown;
  if (line.trimStart().startsWith('{')) {
    const parsed = tryParse(line);
    if (parsed !== undefined) {
      if (typeof parsed.text !== 'string')
        return JSON.stringify({ line: lineNo, error: 'JSON line has no string "text" field' });
      text = parsed.text;
      id = typeof parsed.id === 'string' || typeof parsed.id === 'number' ? parsed.id : undefined;
    }
  }
  const c = run(text);
  return JSON.stringify({
    ...(id === undefined ? {} : { id }),
    intent: c.intent,
    confidence: Math.round(c.confidence * 1e4) / 1e4,
    category: c.category,
    severity: c.severity,
    reasons: c.severityReasons,
    sentiment: c.sentiment,
    entities: c.entities.map(({ type, value, start, end }) => ({ type, value, start, end })),
    language: c.language,
  });
}

function tryParse(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Splits a text stream into lines as chunks arrive (so the first answer does not wait for
 * the end of input), keeps at most MAX_LINE_CHARS of any line, strips a trailing `\r`, and
 * handles a last line without a newline. Awaiting `onLine` applies output backpressure. */
async function forEachLine(
  input: NodeJS.ReadableStream,
  onLine: (line: string) => Promise<void>,
): Promise<void> {
  input.setEncoding('utf8'); // decodes multi-byte characters split across chunks
  let current = '';
  const emit = async () => {
    const line = current.endsWith('\r') ? current.slice(0, -1) : current;
    current = '';
    await onLine(line);
  };
  for await (const chunk of input as AsyncIterable<string>) {
    let from = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', from)) {
      append(chunk.slice(from, nl));
      await emit();
      from = nl + 1;
    }
    append(chunk.slice(from));
  }
  if (current !== '') await emit();

  function append(piece: string) {
    if (current.length < MAX_LINE_CHARS) current += piece.slice(0, MAX_LINE_CHARS - current.length);
  }
}
