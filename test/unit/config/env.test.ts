import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../../ops/config/env.js';
import { ValidationError } from '../../../ops/errors.js';

describe('parseEnv', () => {
  it('gives the embedded defaults when nothing is set', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
    expect(env.DATA_DIR).toBe('./.data');
  });

  it('treats an empty variable as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', PORT: '' }).DATABASE_URL).toBeUndefined();
  });

  it('names the variable and what was expected when a value is bad', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ PORT: 'abc' }, /^PORT: .*port number/m],
      [{ PORT: '70000' }, /^PORT: /m],
      [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL: expected a URL starting with postgres:/m],
      [{ REDIS_URL: 'not a url' }, /^REDIS_URL: expected a URL starting with redis:/m],
      [{ WHATSAPP_ENABLED: 'maybe' }, /^WHATSAPP_ENABLED: expected true or false/m],
      [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /m],
      [{ LLM_TIMEOUT_MS: '60000' }, /^LLM_TIMEOUT_MS: expected a whole number from 100 to 10000/m],
      [{ LLM_CONCURRENCY: 'four' }, /^LLM_CONCURRENCY: expected a whole number/m],
    ];
    for (const [source, message] of cases) {
      expect(() => parseEnv(source)).toThrow(ValidationError);
      expect(() => parseEnv(source)).toThrow(message);
    }
  });

  it('reports every bad variable at once', () => {
    try {
      parseEnv({ PORT: 'x', REDIS_URL: 'y' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/REDIS_URL/);
    }
  });
});
