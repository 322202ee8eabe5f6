import { describe, expect, it } from 'vitest';
import { microBatch } from '../../../db/micro-batch.js';

/** A `run` that records each batch it was given and doubles its numbers. */
function doubling(failWhen: (items: number[]) => boolean = () => false) {
  const batches: number[][] = [];
  const run = async (items: number[]) => {
    batches.push([...items]);
    await new Promise((r) => setTimeout(r, 5));
    if (failWhen(items)) throw new Error(`bad batch ${items.join(',')}`);
    return items.map((n) => n * 2);
  };
  return { batches, run };
}

describe('microBatch', () => {
  it('sends calls made together as one batch and answers each with its own result', async () => {
    const { batches, run } = doubling();
    const call = microBatch(run, { maxBatch: 10 });
    const results = await Promise.all([1, 2, 3, 4].map(call));
    expect(results).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('gathers calls made while a batch is in flight into the next one, up to maxBatch', async () => {
    const { batches, run } = doubling();
    const call = microBatch(run, { maxBatch: 3 });
    const first = call(1);
    await new Promise((r) => setImmediate(r));
    // The first batch is in flight now: these five wait and leave as 3 + 2.
    const rest = [2, 3, 4, 5, 6].map(call);
    expect(await Promise.all([first, ...rest])).toEqual([2, 4, 6, 8, 10, 12]);
    expect(batches).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it('never puts two items sharing a key in one batch, and keeps their order', async () => {
    const { batches, run } = doubling();
    const call = microBatch(run, { maxBatch: 10, keysOf: (n) => [`chat-${n % 2}`] });
    await Promise.all([1, 2, 3, 4].map(call));
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('runs several batches at once up to maxInFlight', async () => {
    let running = 0;
    let most = 0;
    const call = microBatch(
      async (items: number[]) => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 10));
        running--;
        return items;
      },
      { maxBatch: 1, maxInFlight: 3 },
    );
    await Promise.all([1, 2, 3, 4, 5, 6].map(call));
    expect(most).toBe(3);
  });

  it('when a batch fails, runs each item alone so only the bad one fails', async () => {
    const { batches, run } = doubling((items) => items.includes(13));
    const call = microBatch(run, { maxBatch: 10 });
    const settled = await Promise.allSettled([11, 12, 13, 14].map(call));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : 'failed'))).toEqual([
      22,
      24,
      'failed',
      28,
    ]);
    expect((settled[2] as PromiseRejectedResult).reason.message).toBe('bad batch 13');
    expect(batches).toEqual([[11, 12, 13, 14], [11], [12], [13], [14]]);
  });

  it('rejects every call of a batch answered with the wrong number of results', async () => {
    const call = microBatch(async (items: number[]) => items.slice(1), { maxBatch: 10 });
    const settled = await Promise.allSettled([1, 2].map(call));
    expect(settled.every((s) => s.status === 'rejected')).toBe(true);
    expect((settled[0] as PromiseRejectedResult).reason.message).toMatch(/1 results for 2 items/);
  });
});
