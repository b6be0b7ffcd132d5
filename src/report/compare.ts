/**
 * Comparing two targets on the same items: per task × language (and pooled per task), the
 * paired difference of each metric, tested with McNemar's test for binary per-case outcomes
 * and a paired bootstrap for continuous ones (clustered by item when pooled over languages),
 * turned into better / worse / no detectable difference by the metric's direction.
 */
import type { Cell, PooledTask } from '../aggregate/aggregate.ts';
import type { Unit } from '../aggregate/aggregations.ts';
import { mcnemar, pairedBootstrap, type Interval } from '../stats/intervals.ts';

export type Verdict = 'better' | 'worse' | 'no detectable difference' | 'not tested';

export interface Comparison {
  baseline: string;
  candidate: string;
  task: string;
  metric: string;
  lang: string;
  baseline_value: number | null;
  candidate_value: number | null;
  difference: number | null;
  pairs: number;
  test: 'mcnemar' | 'paired-bootstrap' | 'none';
  p_value?: number;
  ci?: Interval | null;
  verdict: Verdict;
}

function pairUnits(a: Unit[] | undefined, b: Unit[] | undefined): { pairs: Array<[number, number]>; clusters: string[] } {
  const pairs: Array<[number, number]> = [];
  const clusters: string[] = [];
  if (!a || !b) return { pairs, clusters };
  const byKey = new Map(a.map((u) => [`${u.item}\u0000${u.lang}`, u.value]));
  for (const u of b) {
    const x = byKey.get(`${u.item}\u0000${u.lang}`);
    if (x === undefined) continue;
    pairs.push([x, u.value]);
    clusters.push(u.item);
  }
  return { pairs, clusters };
}

function judge(direction: string, difference: number, significant: boolean): Verdict {
  if (!significant || difference === 0 || direction === 'none') return significant && direction === 'none' ? 'not tested' : 'no detectable difference';
  return (difference > 0) === (direction === 'higher') ? 'better' : 'worse';
}

/**
 * Within one language the items are independent: McNemar for binary outcomes, a paired
 * bootstrap otherwise. Over all languages an item's translations are correlated, so the paired
 * bootstrap resamples whole items (clusters) for binary outcomes too.
 */
function compareMetric(base: { value: number | null; units?: Unit[]; direction: string }, cand: { value: number | null; units?: Unit[] }, pooled: boolean): Omit<Comparison, 'baseline' | 'candidate' | 'task' | 'metric' | 'lang'> {
  const { pairs, clusters } = pairUnits(base.units, cand.units);
  const values = { baseline_value: base.value, candidate_value: cand.value };
  if (pairs.length < 2) return { ...values, difference: base.value !== null && cand.value !== null ? cand.value - base.value : null, pairs: pairs.length, test: 'none', verdict: 'not tested' };
  const binary = pairs.every(([x, y]) => (x === 0 || x === 1) && (y === 0 || y === 1));
  const difference = pairs.reduce((s, [x, y]) => s + (y - x), 0) / pairs.length;
  if (binary && !pooled) {
    const m = mcnemar(pairs);
    return { ...values, difference, pairs: pairs.length, test: 'mcnemar', p_value: m.pValue, verdict: judge(base.direction, difference, m.pValue < 0.05) };
  }
  const { interval } = pairedBootstrap(pairs, pooled ? { clusters } : {});
  const significant = interval !== null && (interval[0] > 0 || interval[1] < 0);
  return { ...values, difference, pairs: pairs.length, test: 'paired-bootstrap', ci: interval, verdict: judge(base.direction, difference, significant) };
}

export function compareTargets(baseline: { cells: Cell[]; pooled: PooledTask[]; target: string }, candidate: { cells: Cell[]; pooled: PooledTask[]; target: string }): Comparison[] {
  const out: Comparison[] = [];
  const names = { baseline: baseline.target, candidate: candidate.target };
  for (const b of baseline.cells.filter((c) => c.target === baseline.target)) {
    const c = candidate.cells.find((x) => x.target === candidate.target && x.task === b.task && x.lang === b.lang);
    if (!c) continue;
    for (const [metric, bm] of Object.entries(b.metrics)) {
      const cm = c.metrics[metric];
      if (cm) out.push({ ...names, task: b.task, metric, lang: b.lang, ...compareMetric(bm, cm, false) });
    }
  }
  for (const b of baseline.pooled.filter((p) => p.target === baseline.target)) {
    const c = candidate.pooled.find((x) => x.target === candidate.target && x.task === b.task);
    if (!c) continue;
    for (const [metric, bm] of Object.entries(b.metrics)) {
      const cm = c.metrics[metric];
      if (cm) out.push({ ...names, task: b.task, metric, lang: 'all', ...compareMetric(bm, cm, true) });
    }
  }
  return out;
}
