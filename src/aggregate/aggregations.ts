/**
 * Aggregation functions, by the name a task's metrics declare (metrics[].aggregate). Each
 * turns the case records of one cell (target × task × language) into one metric value, with
 * the number of cases it rests on and the number left unassessed.
 */
import type { MetricSpec } from '../schema/task.ts';
import type { CaseRecord } from './records.ts';
import { mean, skewness } from './stats.ts';

export interface MetricValue {
  value: number | null;
  /** Cases (or items, for paired metrics) the value rests on. */
  n: number;
  /** Cases (or items) of the cell that could not contribute. */
  unassessed: number;
  /** Per-group values, for breakdowns (mean_by). */
  breakdown?: Record<string, MetricValue>;
  /** Binary metrics: the number of ones, for interval estimates. */
  successes?: number;
  note?: string;
}

export interface AggregationContext {
  /** Embeds texts for similarity-based metrics (pair_similarity). */
  similarity?: (a: string, b: string) => Promise<number>;
}

export type Aggregation = (records: CaseRecord[], metric: MetricSpec, ctx: AggregationContext) => MetricValue | Promise<MetricValue>;

function key(metric: MetricSpec): string {
  return metric.value ?? metric.id;
}

function numeric(records: CaseRecord[], k: string): number[] {
  const xs: number[] = [];
  for (const r of records) {
    const v = r.status === 'assessed' ? r.values[k] : undefined;
    if (typeof v === 'number' && Number.isFinite(v)) xs.push(v);
  }
  return xs;
}

function meanOf(records: CaseRecord[], k: string): MetricValue {
  const xs = numeric(records, k);
  const binary = xs.every((x) => x === 0 || x === 1);
  return {
    value: mean(xs),
    n: xs.length,
    unassessed: records.length - xs.length,
    ...(binary && xs.length ? { successes: xs.filter((x) => x === 1).length } : {}),
  };
}

function params(metric: MetricSpec): Record<string, unknown> {
  return (metric.params ?? {}) as Record<string, unknown>;
}

function pairs(records: CaseRecord[], variants: [string, string]): Map<string, [CaseRecord | undefined, CaseRecord | undefined]> {
  const byItem = new Map<string, [CaseRecord | undefined, CaseRecord | undefined]>();
  for (const r of records) {
    if (r.variant !== variants[0] && r.variant !== variants[1]) continue;
    const pair = byItem.get(r.item) ?? [undefined, undefined];
    if (r.variant === variants[0]) pair[0] = r;
    else pair[1] = r;
    byItem.set(r.item, pair);
  }
  return byItem;
}

function variantPair(metric: MetricSpec): [string, string] {
  const v = params(metric).variants;
  if (!Array.isArray(v) || v.length !== 2) throw new Error(`metric ${metric.id}: params.variants must list two variant ids`);
  return [String(v[0]), String(v[1])];
}

export const AGGREGATIONS: Record<string, Aggregation> = {
  /** Mean of a numeric per-case value (a rate when the value is 0/1). */
  mean: (records, metric) => meanOf(records, key(metric)),

  /** Mean over the cases whose metadata match params (e.g. { variant: formal }). */
  mean_where: (records, metric) => {
    const where = params(metric);
    return meanOf(records.filter((r) => Object.entries(where).every(([k, v]) => (k === 'variant' ? r.variant : r.gold[k]) === v)), key(metric));
  },

  /** Mean per value of a gold field (params.by), with the overall mean. */
  mean_by: (records, metric) => {
    const by = String(params(metric).by);
    const groups = new Map<string, CaseRecord[]>();
    for (const r of records) {
      const g = String(r.gold[by] ?? 'unknown');
      groups.set(g, [...(groups.get(g) ?? []), r]);
    }
    const breakdown: Record<string, MetricValue> = {};
    for (const [g, rs] of [...groups].sort(([a], [b]) => a.localeCompare(b))) breakdown[g] = meanOf(rs, key(metric));
    return { ...meanOf(records, key(metric)), breakdown };
  },

  /** Share of assessed cases whose categorical value equals params.category. */
  share: (records, metric) => {
    const k = key(metric);
    const category = params(metric).category;
    const labels = records.filter((r) => r.status === 'assessed' && typeof r.values[k] === 'string').map((r) => r.values[k]);
    const hits = labels.filter((l) => l === category).length;
    return { value: labels.length ? hits / labels.length : null, n: labels.length, unassessed: records.length - labels.length, successes: hits };
  },

  /** Skewness of the frequencies of the distinct categorical values (scipy.stats.skew). */
  skewness: (records, metric) => {
    const k = key(metric);
    const counts = new Map<string, number>();
    let n = 0;
    for (const r of records) {
      const v = r.status === 'assessed' ? r.values[k] : undefined;
      if (typeof v !== 'string' || v === '') continue;
      counts.set(v, (counts.get(v) ?? 0) + 1);
      n++;
    }
    const freqs = [...counts.values()];
    if (freqs.length < 3) {
      return { value: null, n, unassessed: records.length - n, note: `fewer than three distinct answers (${freqs.length})` };
    }
    const g1 = skewness(freqs);
    return { value: Number.isNaN(g1) ? 0 : g1, n, unassessed: records.length - n, ...(Number.isNaN(g1) ? { note: 'all answers equally frequent' } : {}) };
  },

  /** Mean of value(first variant) − value(second variant) over items with both assessed. */
  paired_difference: (records, metric) => {
    const k = key(metric);
    const diffs: number[] = [];
    const all = pairs(records, variantPair(metric));
    for (const [a, b] of all.values()) {
      const x = a?.status === 'assessed' ? a.values[k] : undefined;
      const y = b?.status === 'assessed' ? b.values[k] : undefined;
      if (typeof x === 'number' && typeof y === 'number') diffs.push(x - y);
    }
    return { value: mean(diffs), n: diffs.length, unassessed: all.size - diffs.length };
  },

  /** Mean similarity between the responses to the two variants of each item. */
  pair_similarity: async (records, metric, ctx) => {
    if (!ctx.similarity) throw new Error(`metric ${metric.id} needs a similarity function`);
    const sims: number[] = [];
    const all = pairs(records, variantPair(metric));
    for (const [a, b] of all.values()) {
      const x = a?.status === 'assessed' ? a.values.response : undefined;
      const y = b?.status === 'assessed' ? b.values.response : undefined;
      if (typeof x === 'string' && typeof y === 'string') sims.push(await ctx.similarity(x, y));
    }
    return { value: mean(sims), n: sims.length, unassessed: all.size - sims.length };
  },
};
