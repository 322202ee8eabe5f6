import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../ops/logger.js';
import { extractEntities } from '../../../ops/triage/entities/index.js';
import { redactPaymentData } from '../../../ops/triage/redact-payment-data.js';
import { leakedCardDigits } from '../../helpers/card-digits.js';
import {
  cardInText,
  cardWithDetails,
  KEYWORDS_WITH_DIGITS,
  noise,
} from '../../helpers/card-texts.js';
import { nonCardText } from '../../helpers/non-card-texts.js';

/** A logger at debug level writing into an array, as the process logger is configured. */
function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger('debug', stream), lines };
}

/** Logs `text` the ways buyer text can reach a log: a field, an error, the message itself.
 * Every line must still be JSON. */
function logged(text: string): string[] {
  const { log, lines } = capturedLogger();
  log.info({ text, nested: { quote: text } }, 'buyer wrote');
  log.warn({ err: new Error(`could not store: ${text}`) }, 'ingest failed');
  log.info(text);
  for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  return lines;
}

describe('card numbers in buyer text (property)', () => {
  it('no eight digits of a card survive redaction, in any grouping, separator or script', () => {
    fc.assert(
      fc.property(cardInText(), ({ card, text }) => {
        const redacted = redactPaymentData(text);
        expect(leakedCardDigits(redacted, card), redacted).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('no entity is taken from a card, even from the raw text', () => {
    fc.assert(
      fc.property(cardInText(), ({ text, at }) => {
        const overlapping = extractEntities(text).filter(
          (e) => e.start < at.end && at.start < e.end,
        );
        expect(overlapping).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('no log line carries a card, whether in a field, an error or the message', () => {
    fc.assert(
      fc.property(cardInText(), ({ card, text }) => {
        for (const line of logged(text)) expect(leakedCardDigits(line, card), line).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('a card with its expiry and security code leaves no digit of any of them', () => {
    fc.assert(
      fc.property(cardWithDetails(), noise(), noise(), ({ segment }, before, after) => {
        const text = `${before} ◆ ${segment} ◆ ${after}`;
        const shown = redactPaymentData(text).split('◆')[1]!;
        expect(shown.replace(KEYWORDS_WITH_DIGITS, ''), `${segment} -> ${shown}`).not.toMatch(
          /\p{Nd}/u,
        );
        for (const line of logged(text)) {
          const logSegment = line.split('◆')[1] ?? '';
          expect(logSegment.replace(KEYWORDS_WITH_DIGITS, ''), line).not.toMatch(/\p{Nd}/u);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('text with order and ticket codes, phone numbers, amounts, dates and seats is left as written', () => {
    fc.assert(
      fc.property(nonCardText(), (text) => {
        expect(redactPaymentData(text)).toBe(text);
        const { log, lines } = capturedLogger();
        log.info({ text }, 'buyer wrote');
        expect(JSON.parse(lines[0]!).text).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
