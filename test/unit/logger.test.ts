import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../ops/logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: createLogger('info', stream), lines };
}

describe('logger', () => {
  it('writes no card number, wherever it sits in the line, and every line stays JSON', () => {
    const { log, lines } = capture();
    log.info({ quote: 'she said "hi" \\ then', text: 'card 4242 4242 4242 4242 exp 12/26' }, 'x');
    log.info({ amount: 4242424242424242 }, 'a bare number');
    log
      .child({ component: 'http' })
      .error({ err: new Error('insert failed: 4242.4242.4242.4242') });
    log.warn('buyer wrote 4242424242424242\ncvc 123');
    expect(lines[0]).toMatchObject({
      quote: 'she said "hi" \\ then',
      text: 'card [card number removed] exp [card expiry removed]',
    });
    expect(lines[1]).toMatchObject({ amount: '[card number removed]' });
    const err = lines[2]!.err as { message: string; stack: string };
    expect(err.message).toBe('insert failed: [card number removed]');
    expect(err.stack).not.toContain('4242');
    expect(lines[3]!.msg).toBe('buyer wrote [card number removed]\ncvc [security code removed]');
  });

  it('still censors secrets and contacts by field name', () => {
    const { log, lines } = capture();
    log.info({ user: { password: 'hunter2', email: 'ana@example.com', cvc: '123' } }, 'x');
    expect(lines[0]!.user).toEqual({
      password: '[redacted]',
      email: '[redacted]',
      cvc: '[redacted]',
    });
  });

  it('leaves other numbers in a line alone', () => {
    const { log, lines } = capture();
    log.info({ order: 'ORD-7F3K2', amountMinor: 123456, at: '2025-05-12 19:30' });
    expect(lines[0]).toMatchObject({
      order: 'ORD-7F3K2',
      amountMinor: 123456,
      at: '2025-05-12 19:30',
    });
  });
});
