/**
 * The one place metrics are aggregated: case records → cells (target × task × language),
 * each metric computed by the aggregation its task spec names.
 */
import type { MetricSpec, TaskSpec } from '../schema/task.ts';
import { AGGREGATIONS, POOL_BY_LANGUAGE_MEAN, type AggregationContext, type MetricValue } from './aggregations.ts';
import type { CaseRecord } from './records.ts';

export interface CellMetric extends MetricValue {
  direction: MetricSpec['direction'];
}

export interface Cell {
  target: string;
  task: string;
  dimension: string;
  lang: string;
  resource: string;
  cases: number;
  assessed: number;
  unassessed: number;
  /** Why cases were unassessed, with counts. */
  unassessed_reasons: Record<string, number>;
  metrics: Record<string, CellMetric>;
}

function reasonKey(reason: string | undefined): string {
  const r = (reason ?? 'unknown').replace(/\s+/g, ' ');
  // Group by the first clause so counts stay readable ("judge reply is not JSON: ..." → one key).
  return r.split(/: /)[0]!.slice(0, 120);
}

/** A metric of one target × task over all its languages (an item's translations clustered). */
export interface PooledMetric extends CellMetric {
  langs: number;
}

export interface PooledTask {
  target: string;
  task: string;
  dimension: string;
  cases: number;
  assessed: number;
  unassessed: number;
  metrics: Record<string, PooledMetric>;
}

/**
 * Pools each target × task over its languages. Most metrics are recomputed on the pooled
 * records; skewness (a property of one language's answers) is the mean of the per-language
 * values, as CLINIC averaged it.
 */
export async function aggregatePooled(records: CaseRecord[], cells: Cell[], specs: Map<string, TaskSpec>, ctx: AggregationContext = {}): Promise<PooledTask[]> {
  const groups = new Map<string, CaseRecord[]>();
  for (const r of records) {
    const k = `${r.target}\u0000${r.task}`;
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  const out: PooledTask[] = [];
  for (const rs of groups.values()) {
    const first = rs[0]!;
    const spec = specs.get(first.task)!;
    const langs = new Set(rs.map((r) => r.lang)).size;
    const metrics: Record<string, PooledMetric> = {};
    for (const m of spec.metrics) {
      if (POOL_BY_LANGUAGE_MEAN.has(m.aggregate)) {
        const values = cells.filter((c) => c.target === first.target && c.task === first.task).map((c) => c.metrics[m.id]!);
        const defined = values.filter((v) => v.value !== null);
        metrics[m.id] = {
          value: defined.length ? defined.reduce((a, v) => a + v.value!, 0) / defined.length : null,
          n: defined.reduce((a, v) => a + v.n, 0),
          unassessed: values.reduce((a, v) => a + v.unassessed, 0),
          ci: null,
          direction: m.direction,
          langs: defined.length,
          note: 'mean of the per-language values',
        };
        continue;
      }
      metrics[m.id] = { ...(await AGGREGATIONS[m.aggregate]!(rs, m, { ...ctx, pooled: true })), direction: m.direction, langs };
    }
    const assessed = rs.filter((r) => r.status === 'assessed').length;
    out.push({ target: first.target, task: first.task, dimension: spec.dimension, cases: rs.length, assessed, unassessed: rs.length - assessed, metrics });
  }
  return out.sort((a, b) => a.target.localeCompare(b.target) || a.task.localeCompare(b.task));
}

export async function aggregateCells(records: CaseRecord[], specs: Map<string, TaskSpec>, ctx: AggregationContext = {}): Promise<Cell[]> {
  const groups = new Map<string, CaseRecord[]>();
  for (const r of records) {
    const k = `${r.target}\u0000${r.task}\u0000${r.lang}`;
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  const cells: Cell[] = [];
  for (const rs of groups.values()) {
    const first = rs[0]!;
    const spec = specs.get(first.task);
    if (!spec) throw new Error(`results contain task "${first.task}", which is not a task of this suite`);
    const unassessedReasons: Record<string, number> = {};
    for (const r of rs) if (r.status === 'unassessed') unassessedReasons[reasonKey(r.reason)] = (unassessedReasons[reasonKey(r.reason)] ?? 0) + 1;
    const metrics: Record<string, CellMetric> = {};
    for (const m of spec.metrics) {
      const fn = AGGREGATIONS[m.aggregate];
      if (!fn) throw new Error(`task ${spec.id}: unknown aggregation ${m.aggregate}`);
      metrics[m.id] = { ...(await fn(rs, m, ctx)), direction: m.direction };
    }
    const assessed = rs.filter((r) => r.status === 'assessed').length;
    cells.push({
      target: first.target,
      task: first.task,
      dimension: spec.dimension,
      lang: first.lang,
      resource: first.resource,
      cases: rs.length,
      assessed,
      unassessed: rs.length - assessed,
      unassessed_reasons: unassessedReasons,
      metrics,
    });
  }
  return cells.sort((a, b) => a.target.localeCompare(b.target) || a.task.localeCompare(b.task) || a.lang.localeCompare(b.lang));
}

/** A metric averaged over the languages of one resource level (as CLINIC reports fairness-preference). */
export interface ResourceGroup {
  target: string;
  task: string;
  metric: string;
  resource: string;
  value: number | null;
  langs: string[];
}

export function resourceGroups(cells: Cell[]): ResourceGroup[] {
  const groups = new Map<string, ResourceGroup & { sum: number; n: number }>();
  for (const c of cells) {
    for (const [metric, m] of Object.entries(c.metrics)) {
      const key = `${c.target}\u0000${c.task}\u0000${metric}\u0000${c.resource}`;
      const g = groups.get(key) ?? { target: c.target, task: c.task, metric, resource: c.resource, value: null, langs: [], sum: 0, n: 0 };
      if (m.value !== null) {
        g.sum += m.value;
        g.n++;
        g.langs.push(c.lang);
      }
      groups.set(key, g);
    }
  }
  return [...groups.values()].map(({ sum, n, ...g }) => ({ ...g, value: n ? sum / n : null }));
}
