/** Single-threaded throughput: how many times per second `fn` runs over `texts`. Shared by
 * the eval (intent-only and full classify) and the triage-brain profile so both report the
 * same kind of figure. */

/** Calls `fn` on every text in turn, repeating whole passes until `ms` have elapsed; returns
 * calls per second. Whole passes so every text weighs the same in the figure. */
export function perSecond(
  texts: readonly string[],
  fn: (text: string) => unknown,
  ms = 1000,
): number {
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    for (const t of texts) fn(t);
    n += texts.length;
  }
  return n / ((performance.now() - t0) / 1000);
}

/** Mean microseconds per call of `fn` over one or more whole passes lasting at least `ms`. */
export function microsPerCall(
  texts: readonly string[],
  fn: (text: string) => unknown,
  ms = 300,
): number {
  return 1e6 / perSecond(texts, fn, ms);
}
