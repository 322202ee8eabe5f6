import type { Counter, Histogram } from 'prom-client';

/** A counter's value for `labels` (0 when never counted); for a histogram, its sample count. */
export async function metricValue(
  metric: Counter<string> | Histogram<string>,
  labels: Record<string, string> = {},
): Promise<number> {
  const { values } = await metric.get();
  const wanted = Object.entries(labels);
  const matches = values.filter((v) => {
    // A histogram lists its buckets, sum and count; a counter has one series per label set.
    const series = 'metricName' in v ? String(v.metricName ?? '') : '';
    return (
      (series === '' || series.endsWith('_count')) &&
      wanted.every(([k, value]) => v.labels[k] === value)
    );
  });
  return matches.reduce((sum, v) => sum + v.value, 0);
}
