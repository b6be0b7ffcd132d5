/**
 * Aggregation functions, by the name a task's metrics declare (metrics[].aggregate). Each
 * turns the case records of one cell (target × task × language, or one target × task pooled
 * over languages) into a metric value with its 95% interval, the number of cases it rests on
 * and the number left unassessed.
 *
 * Intervals: Wilson for a rate in one language; percentile bootstrap (1,000 seeded resamples)
 * for continuous scores; when records span several languages, an item's translations form
 * one cluster (they are not independent), so rates get a cluster-robust interval and scores a
 * cluster bootstrap.
 */
import type { MetricSpec } from '../schema/task.ts';
import { bootstrap, bootstrapMean, clusteredRate, wilson, type Interval } from '../stats/intervals.ts';
import type { CaseRecord } from './records.ts';
import { mean, skewness } from './stats.ts';

/** One item's contribution to a metric (a case, or a pair of cases), kept for comparisons. */
export interface Unit {
  item: string;
  lang: string;
  value: number;
}

export interface MetricValue {
  value: number | null;
  /** Cases (or items, for paired metrics) the value rests on. */
  n: number;
  /** Cases (or items) of the cell that could not contribute. */
  unassessed: number;
  /** 95% interval, and how it was computed. */
  ci?: Interval | null;
  ci_method?: 'wilson' | 'bootstrap' | 'cluster-robust' | 'cluster-bootstrap';
  /** Binary metrics: the number of ones. */
  successes?: number;
  /** Per-group values, for breakdowns (mean_by). */
  breakdown?: Record<string, MetricValue>;
  note?: string;
  /** Per-item values behind the metric, for paired comparisons; never written to files. */
  units?: Unit[];
}

export interface AggregationContext {
  /** Similarity of two texts, for pair_similarity. */
  similarity?: (a: string, b: string) => Promise<number>;
  /** The records span several languages: intervals cluster an item's translations. */
  pooled?: boolean;
}

export type Aggregation = (records: CaseRecord[], metric: MetricSpec, ctx: AggregationContext) => MetricValue | Promise<MetricValue>;

/** Aggregations whose value over several languages is the mean of the per-language values. */
export const POOL_BY_LANGUAGE_MEAN = new Set(['skewness']);

const clusterOf = (u: Unit) => u.item;

/** Value, interval and counts from per-item units. */
export function fromUnits(units: Unit[], unassessed: number, pooled: boolean | undefined, opts: { rate?: boolean } = {}): MetricValue {
  const xs = units.map((u) => u.value);
  const value = mean(xs);
  if (value === null) return { value, n: 0, unassessed, ci: null, units };
  const binary = opts.rate !== false && xs.every((x) => x === 0 || x === 1);
  if (binary) {
    const successes = xs.filter((x) => x === 1).length;
    if (pooled) {
      const r = clusteredRate(xs, units.map(clusterOf));
      return { value, n: xs.length, unassessed, successes, ci: r?.interval ?? null, ci_method: 'cluster-robust', units };
    }
    return { value, n: xs.length, unassessed, successes, ci: wilson(successes, xs.length), ci_method: 'wilson', units };
  }
  const ci = bootstrapMean(xs, pooled ? { clusters: units.map(clusterOf) } : {});
  return { value, n: xs.length, unassessed, ci, ci_method: pooled ? 'cluster-bootstrap' : 'bootstrap', units };
}

function key(metric: MetricSpec): string {
  return metric.value ?? metric.id;
}

function caseUnits(records: CaseRecord[], k: string): Unit[] {
  const units: Unit[] = [];
  for (const r of records) {
    const v = r.status === 'assessed' ? r.values[k] : undefined;
    if (typeof v === 'number' && Number.isFinite(v)) units.push({ item: r.item, lang: r.lang, value: v });
  }
  return units;
}

function meanOf(records: CaseRecord[], k: string, pooled?: boolean): MetricValue {
  const units = caseUnits(records, k);
  return fromUnits(units, records.length - units.length, pooled);
}

function params(metric: MetricSpec): Record<string, unknown> {
  return (metric.params ?? {}) as Record<string, unknown>;
}

/** Records grouped by item and language, split into the two variants. */
function pairs(records: CaseRecord[], variants: [string, string]): Map<string, [CaseRecord | undefined, CaseRecord | undefined]> {
  const byItem = new Map<string, [CaseRecord | undefined, CaseRecord | undefined]>();
  for (const r of records) {
    if (r.variant !== variants[0] && r.variant !== variants[1]) continue;
    const k = `${r.item}\u0000${r.lang}`;
    const pair = byItem.get(k) ?? [undefined, undefined];
    if (r.variant === variants[0]) pair[0] = r;
    else pair[1] = r;
    byItem.set(k, pair);
  }
  return byItem;
}

function variantPair(metric: MetricSpec): [string, string] {
  const v = params(metric).variants;
  if (!Array.isArray(v) || v.length !== 2) throw new Error(`metric ${metric.id}: params.variants must list two variant ids`);
  return [String(v[0]), String(v[1])];
}

function frequencySkewness(answers: string[]): number | null {
  const counts = new Map<string, number>();
  for (const a of answers) counts.set(a, (counts.get(a) ?? 0) + 1);
  if (counts.size < 3) return null;
  const g1 = skewness([...counts.values()]);
  return Number.isNaN(g1) ? 0 : g1;
}

export const AGGREGATIONS: Record<string, Aggregation> = {
  /** Mean of a numeric per-case value (a rate when the value is 0/1). */
  mean: (records, metric, ctx) => meanOf(records, key(metric), ctx.pooled),

  /** Mean over the cases whose variant or gold fields match params (e.g. { variant: formal }). */
  mean_where: (records, metric, ctx) => {
    const where = params(metric);
    return meanOf(
      records.filter((r) => Object.entries(where).every(([k, v]) => (k === 'variant' ? r.variant : r.gold[k]) === v)),
      key(metric),
      ctx.pooled,
    );
  },

  /** Mean per value of a gold field (params.by), with the overall mean. */
  mean_by: (records, metric, ctx) => {
    const by = String(params(metric).by);
    const groups = new Map<string, CaseRecord[]>();
    for (const r of records) {
      const g = String(r.gold[by] ?? 'unknown');
      groups.set(g, [...(groups.get(g) ?? []), r]);
    }
    const breakdown: Record<string, MetricValue> = {};
    for (const [g, rs] of [...groups].sort(([a], [b]) => a.localeCompare(b))) breakdown[g] = meanOf(rs, key(metric), ctx.pooled);
    return { ...meanOf(records, key(metric), ctx.pooled), breakdown };
  },

  /** Share of assessed cases whose categorical value equals params.category. */
  share: (records, metric, ctx) => {
    const k = key(metric);
    const category = params(metric).category;
    const units: Unit[] = [];
    for (const r of records) {
      const v = r.status === 'assessed' ? r.values[k] : undefined;
      if (typeof v === 'string') units.push({ item: r.item, lang: r.lang, value: v === category ? 1 : 0 });
    }
    return fromUnits(units, records.length - units.length, ctx.pooled);
  },

  /**
   * Skewness of the frequencies of the distinct categorical values (scipy.stats.skew), in one
   * language; undefined with fewer than three distinct answers. Interval: items resampled.
   */
  skewness: (records, metric) => {
    const k = key(metric);
    const answers: string[] = [];
    for (const r of records) {
      const v = r.status === 'assessed' ? r.values[k] : undefined;
      if (typeof v === 'string' && v !== '') answers.push(v);
    }
    const value = frequencySkewness(answers);
    const distinct = new Set(answers).size;
    const unassessed = records.length - answers.length;
    if (value === null) return { value: null, n: answers.length, unassessed, ci: null, note: `fewer than three distinct answers (${distinct})` };
    const ci = bootstrap(answers, (sample) => frequencySkewness(sample) ?? Number.NaN);
    return { value, n: answers.length, unassessed, ci, ci_method: 'bootstrap', ...(distinct === answers.length || value === 0 ? { note: 'all answers equally frequent' } : {}) };
  },

  /** Mean of value(first variant) − value(second variant) over items with both assessed. */
  paired_difference: (records, metric, ctx) => {
    const k = key(metric);
    const units: Unit[] = [];
    const all = pairs(records, variantPair(metric));
    for (const [a, b] of all.values()) {
      const x = a?.status === 'assessed' ? a.values[k] : undefined;
      const y = b?.status === 'assessed' ? b.values[k] : undefined;
      if (typeof x === 'number' && typeof y === 'number') units.push({ item: (a ?? b)!.item, lang: (a ?? b)!.lang, value: x - y });
    }
    // A difference of rates is not itself a rate: always a bootstrap interval.
    return fromUnits(units, all.size - units.length, ctx.pooled, { rate: false });
  },

  /** Mean similarity between the responses to the two variants of each item. */
  pair_similarity: async (records, metric, ctx) => {
    if (!ctx.similarity) throw new Error(`metric ${metric.id} needs a similarity function`);
    const units: Unit[] = [];
    const all = pairs(records, variantPair(metric));
    for (const [a, b] of all.values()) {
      const x = a?.status === 'assessed' ? a.values.response : undefined;
      const y = b?.status === 'assessed' ? b.values.response : undefined;
      if (typeof x === 'string' && typeof y === 'string') units.push({ item: a!.item, lang: a!.lang, value: await ctx.similarity(x, y) });
    }
    return fromUnits(units, all.size - units.length, ctx.pooled);
  },
};
