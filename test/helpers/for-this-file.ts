import { afterAll, beforeAll } from 'vitest';

/** Starts something in the file's `beforeAll` and closes it in `afterAll`, returning a
 * stand-in whose fields read the started thing: tests use it as if they had started it
 * themselves. Touching it before `beforeAll` ran is an error saying so. */
export function forThisFile<T extends { close(): Promise<void> }>(
  what: string,
  start: () => Promise<T>,
): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as T, {
    get(_target, field) {
      if (!started) throw new Error(`${what}: used before beforeAll started it`);
      return started[field as keyof T];
    },
  });
}
