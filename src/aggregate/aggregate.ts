/**
 * The one place metrics are aggregated: case records → cells (target × task × language),
 * each metric computed by the aggregation its task spec names.
 */
import type { MetricSpec, TaskSpec } from '../schema/task.ts';
import { AGGREGATIONS, type AggregationContext, type MetricValue } from './aggregations.ts';
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
