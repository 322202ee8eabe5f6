import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { describeIssues } from './zod-issues.js';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const url = (protocols: string[]) =>
  optionalString.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const flag = optionalString.refine(
  (v) => v === undefined || ['1', '0', 'true', 'false', 'yes', 'no'].includes(v.toLowerCase()),
  { message: 'expected true or false' },
);

const PORT_MESSAGE = 'expected a port number from 0 to 65535';

/** An optional whole number; its default lives with the code that uses it. */
const wholeNumber = (min: number, max: number) => {
  const message = `expected a whole number from ${min} to ${max}`;
  return optionalString
    .transform((v) => (v === undefined ? undefined : Number(v)))
    .pipe(z.number({ error: message }).int(message).min(min, message).max(max, message).optional());
};

/** Every variable optional; unset means the embedded default or the
 * channel disabled. Parsed once at start; the rest of the code reads the typed result. */
export const envSchema = z.object({
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  REDIS_URL: url(['redis:', 'rediss:']),
  DATA_DIR: optionalString.default('./.data'),
  PORT: optionalString
    .default('3000')
    .transform((v) => Number(v))
    .pipe(
      z
        .number({ error: PORT_MESSAGE })
        .int(PORT_MESSAGE)
        .min(0, PORT_MESSAGE)
        .max(65535, PORT_MESSAGE),
    ),
  HOST: optionalString.default('127.0.0.1'),
  /** Redis key prefix: lets several Ticketops installs (or test runs) share one Redis. */
  QUEUE_PREFIX: optionalString.default('ticketops'),
  /** Jobs one process runs at once per queue. Most of a triage job's time is waiting on
   * PostgreSQL, and jobs waiting together share one batched statement: the triage bench
   * measured ~1.1k msg/s at 16 and ~1.5k at 64 on 2 cores, with half the database CPU per
   * message. */
  JOB_CONCURRENCY: optionalString
    .default('64')
    .transform((v) => Number(v))
    .pipe(z.number({ error: 'expected a whole number from 1 to 256' }).int().min(1).max(256)),
  TICKETOPS_CONFIG: optionalString,
  LOG_LEVEL: optionalString
    .default('info')
    .pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: url(['http:', 'https:']),
  DISCORD_TOKEN: optionalString,
  DISCORD_API_BASE: url(['http:', 'https:']),
  WHATSAPP_ENABLED: flag,
  CHROMIUM_PATH: optionalString,
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  STRIPE_API_BASE: url(['http:', 'https:']),
  LLM_BASE_URL: url(['http:', 'https:']),
  LLM_API_KEY: optionalString,
  LLM_MODEL: optionalString,
  /** LLM brain limits, per process (defaults in ops/triage/llm/config.ts). A triage job may
   * wait as long as the timeout for its turn and then as long for the answer, and both must
   * fit in the job's 30 s: hence at most 10 s. */
  LLM_TIMEOUT_MS: wholeNumber(100, 10_000),
  LLM_CONCURRENCY: wholeNumber(1, 64),
  LLM_REQUESTS_PER_MINUTE: wholeNumber(1, 100_000),
  LLM_CACHE_SIZE: wholeNumber(0, 1_000_000),
});

export type Env = z.infer<typeof envSchema>;

/** Parses the process environment; a bad value throws a ValidationError naming the variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new ValidationError(`invalid environment:\n${describeIssues(result.error.issues)}`);
  }
  return result.data;
}

export const isTrue = (v: string | undefined): boolean =>
  v !== undefined && ['1', 'true', 'yes'].includes(v.toLowerCase());
