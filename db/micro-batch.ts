/** Natural batching, as databases do group commit: calls that arrive while earlier batches
 * are in flight wait and leave together in the next one. Under load, N calls cost one round
 * trip (and one commit) instead of N; a lone call waits only until the current macrotask
 * ends. DataLoader batches per tick but cannot keep two items apart (one message per chat
 * in a batch) nor wait for the batch in flight, which is what makes batches grow under load.
 *
 * `run` gets the items of one batch and answers with one result per item, in order. If it
 * throws for a batch of several, each item is run again alone, so one bad item (or a
 * deadlock between two batches) fails only its own call. */
export type MicroBatchOptions<In> = {
  /** most items in one batch */
  maxBatch: number;
  /** batches running at once (default 1) */
  maxInFlight?: number;
  /** items sharing a key never share a batch; the later one waits for the next */
  keysOf?: (item: In) => readonly string[];
};

type Waiting<In, Out> = {
  item: In;
  resolve: (out: Out) => void;
  reject: (error: unknown) => void;
};

export function microBatch<In, Out>(
  run: (items: In[]) => Promise<Out[]>,
  options: MicroBatchOptions<In>,
): (item: In) => Promise<Out> {
  const maxInFlight = options.maxInFlight ?? 1;
  let queue: Waiting<In, Out>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const take = (): Waiting<In, Out>[] => {
    if (!options.keysOf) return queue.splice(0, options.maxBatch);
    const batch: Waiting<In, Out>[] = [];
    const left: Waiting<In, Out>[] = [];
    const keys = new Set<string>();
    for (const waiting of queue) {
      const own = options.keysOf(waiting.item);
      if (batch.length < options.maxBatch && !own.some((key) => keys.has(key))) {
        for (const key of own) keys.add(key);
        batch.push(waiting);
      } else left.push(waiting);
    }
    queue = left;
    return batch;
  };

  const settle = async (batch: Waiting<In, Out>[]) => {
    let results: Out[];
    try {
      results = await run(batch.map((w) => w.item));
    } catch (error) {
      if (batch.length === 1) batch[0]?.reject(error);
      else for (const w of batch) await runAlone(w);
      return;
    }
    if (results.length !== batch.length) {
      const error = new Error(`micro-batch: ${results.length} results for ${batch.length} items`);
      for (const w of batch) w.reject(error);
      return;
    }
    for (const [i, w] of batch.entries()) w.resolve(results[i] as Out);
  };

  const runAlone = async (w: Waiting<In, Out>) => {
    try {
      const [result] = await run([w.item]);
      w.resolve(result as Out);
    } catch (error) {
      w.reject(error);
    }
  };

  const flush = () => {
    scheduled = false;
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = take();
      inFlight++;
      void settle(batch).finally(() => {
        inFlight--;
        flush();
      });
    }
  };

  return (item: In) =>
    new Promise<Out>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!scheduled && inFlight < maxInFlight) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
