/**
 * How good a metric value is, on one scale for every metric: 0 (worst end of the metric's
 * scale) to 1 (best end), using the task's declared direction and scale. Used to colour the
 * heatmap and to roll tasks up into dimension scores; a convenience summary, not a CLINIC
 * metric. Metrics without a direction have none.
 */
import type { MetricSpec } from '../schema/task.ts';

export function goodness(value: number | null | undefined, metric: Pick<MetricSpec, 'direction' | 'scale'>): number | null {
  if (value === null || value === undefined || metric.direction === 'none') return null;
  const [lo, hi] = (metric.scale as [number, number] | undefined) ?? [0, 1];
  const x = Math.min(1, Math.max(0, (value - lo) / (hi - lo)));
  return metric.direction === 'higher' ? x : 1 - x;
}

/** The metric a task is summarised by: its first metric that has a direction. */
export function headlineMetric(metrics: readonly MetricSpec[]): MetricSpec {
  return metrics.find((m) => m.direction !== 'none') ?? metrics[0]!;
}
