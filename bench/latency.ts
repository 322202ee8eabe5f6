/** Latency distributions for the benches: percentiles, a log-scale histogram, and where the
 * slowest samples spent their time. */

/** The value at quantile `q` (0..1) of `sorted` (ascending), nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? 0;
}

export type Distribution = {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
};

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    count: sorted.length,
    p50: round(quantile(sorted, 0.5)),
    p90: round(quantile(sorted, 0.9)),
    p99: round(quantile(sorted, 0.99)),
    p999: round(quantile(sorted, 0.999)),
    max: round(sorted[sorted.length - 1] ?? 0),
  };
}

export const describeDistribution = (d: Distribution, unit = 'ms'): string =>
  `p50 ${d.p50}, p90 ${d.p90}, p99 ${d.p99}, p99.9 ${d.p999}, max ${d.max} ${unit}`;

const BOUNDS = [5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000];

/** Counts per bucket: `<5`, `5-10`, ... `>=5000` (ms), empty buckets left out. */
export function histogram(values: readonly number[]): string {
  const counts = new Array<number>(BOUNDS.length + 1).fill(0);
  for (const v of values) {
    const i = BOUNDS.findIndex((b) => v < b);
    counts[i === -1 ? BOUNDS.length : i]! += 1;
  }
  return counts
    .map((n, i) => {
      if (n === 0) return '';
      const label =
        i === 0
          ? `<${BOUNDS[0]}`
          : i === BOUNDS.length
            ? `>=${BOUNDS[i - 1]}`
            : `${BOUNDS[i - 1]}-${BOUNDS[i]}`;
      return `${label}: ${n}`;
    })
    .filter(Boolean)
    .join(', ');
}
