import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

/** Runs the real CLI entry from source through tsx (no build step, same code path as
 * `node dist/bot/cli.js classify`). */
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const start = (args: string[] = []): ChildProcessWithoutNullStreams =>
  spawn(TSX, ['bot/cli.ts', 'classify', '--now', '2025-05-14T10:00:00Z', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', LLM_BASE_URL: '' },
  });

async function run(
  input: string | Buffer,
  args: string[] = [],
): Promise<{ lines: Record<string, unknown>[]; code: number | null; stderr: string }> {
  const { code, stdout, stderr } = await runCli(
    ['classify', '--now', '2025-05-14T10:00:00Z', ...args],
    { env: { DATABASE_URL: '', REDIS_URL: '', LLM_BASE_URL: '' }, stdin: input },
  );
  const lines = stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { lines, code, stderr };
}

type Entity = { type: string; value: string; start: number; end: number };

describe('ticketops classify', () => {
  it('answers one JSON object per non-blank line, plain text or JSON', async () => {
    const input = [
      'I want a refund for ORD-7F3K2',
      '',
      '   ',
      JSON.stringify({ id: 'm-1', text: 'Charged twice! Call me on +49 30 1234567' }),
      '{not json, just a buyer typing a brace',
      JSON.stringify({ foo: 1 }),
      'where are my tickets?\r',
      '😭😭😭',
    ].join('\n');
    const { lines, code } = await run(input);
    expect(code).toBe(0);
    expect(lines).toHaveLength(6);

    for (const line of [lines[0], lines[1], lines[2], lines[4], lines[5]]) {
      expect(Object.keys(line!)).toEqual(
        expect.arrayContaining([
          'intent',
          'confidence',
          'category',
          'severity',
          'sentiment',
          'entities',
          'language',
        ]),
      );
    }
    const first = lines[0]!;
    const refund = 'I want a refund for ORD-7F3K2';
    expect(first.intent).toBe('get_refund');
    expect(
      (first.entities as Entity[]).map((e) => [e.type, e.value, refund.slice(e.start, e.end)]),
    ).toEqual([['order_code', 'ORD-7F3K2', 'ORD-7F3K2']]);

    // Spans of a JSON line index its `text` field; the id comes back.
    const json = lines[1]!;
    expect(json.id).toBe('m-1');
    expect(json.severity).toBe('P2');
    const text = 'Charged twice! Call me on +49 30 1234567';
    expect((json.entities as Entity[]).map((e) => text.slice(e.start, e.end))).toEqual([
      '+49 30 1234567',
    ]);

    expect(lines[2]!.intent).toBeDefined(); // broken JSON is classified as text
    expect(lines[3]).toEqual({ line: 6, error: 'JSON line has no string "text" field' });
  });

  it('streams: the first answer arrives before stdin closes', async () => {
    const child = start();
    const firstLine = new Promise<string>((resolve) =>
      child.stdout.setEncoding('utf8').once('data', resolve),
    );
    child.stdin.write('I need to talk to a human\n');
    const out = await firstLine;
    expect(JSON.parse(out.split('\n')[0]!)).toHaveProperty('intent');
    child.stdin.end();
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
  });

  it('survives a huge line and garbage bytes, and keeps answering', async () => {
    const huge = `refund ORD-7F3K2 ${'x'.repeat(5 * 1024 * 1024)}`;
    const garbage = Buffer.from(
      Array.from({ length: 4096 }, (_, i) => (i * 37 + 11) % 256).filter((b) => b !== 10),
    );
    const input = Buffer.concat([
      Buffer.from(`${huge}\n`),
      garbage,
      Buffer.from('\nthanks, great show\n'),
    ]);
    const { lines, code } = await run(input);
    expect(code).toBe(0);
    expect(lines).toHaveLength(3);
    expect((lines[0]!.entities as Entity[])[0]).toMatchObject({
      type: 'order_code',
      start: 7,
      end: 16,
    });
    expect(lines[2]!.sentiment).toMatchObject({ label: 'positive' });
  });

  it('--events matches known event names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticketops-classify-'));
    const file = join(dir, 'events.json');
    writeFileSync(
      file,
      JSON.stringify([{ id: 'evt_1', name: 'Fête de la Musique', slug: 'fete' }]),
    );
    const { lines } = await run('tickets for the fete de la musique please\n', ['--events', file]);
    expect(lines[0]!.entities).toEqual([
      { type: 'event_name', value: 'evt_1', start: 16, end: 34 },
    ]);

    writeFileSync(file, '{"not":"a list"}');
    const bad = await run('hello\n', ['--events', file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/expected a JSON list/);
  });
});
