import { pino } from 'pino';
import { scrubLogLine } from './scrub-log-line.js';

export type Logger = pino.Logger;

// Secrets and PII never reach a log line, whatever object a caller passes in.
const REDACT_PATHS = [
  '*.password',
  '*.token',
  '*.secret',
  '*.apiKey',
  '*.authorization',
  '*.email',
  '*.phone',
  '*.cardNumber',
  '*.pan',
  '*.cvc',
  '*.cvv',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["stripe-signature"]',
  'env.DATABASE_URL',
  'env.REDIS_URL',
  'env.TELEGRAM_BOT_TOKEN',
  'env.DISCORD_TOKEN',
  'env.STRIPE_SECRET_KEY',
  'env.STRIPE_WEBHOOK_SECRET',
  'env.LLM_API_KEY',
];

/** The one root logger; modules take child loggers carrying case / order / job ids. */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'ticketops' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Paths only catch fields someone thought of; card data can also arrive inside any
      // string (an error quoting a buyer's text), so every line is scrubbed as written.
      hooks: { streamWrite: scrubLogLine },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** A URL safe to print: credentials removed. */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable url]';
  }
}
