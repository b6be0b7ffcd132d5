/**
 * The report model: every metric per target × task × language with its interval and
 * unassessed count, tasks pooled over languages (an item's translations clustered),
 * resource-level and dimension roll-ups, the worst languages and tasks, comparisons between
 * targets or against a baseline run, the original-shape results, gates and the manifest.
 * Writers (HTML, Markdown, JSON, JUnit) only render this model.
 */
import path from 'node:path';
import { aggregateCells, aggregatePooled, resourceGroups, type Cell, type PooledTask, type ResourceGroup } from '../aggregate/aggregate.ts';
import { toCaseRecords, type CaseRecord } from '../aggregate/records.ts';
import { checkGates, type GateCheck } from '../gates/gates.ts';
import type { GatesFile } from '../schema/gates.ts';
import { judgeName } from '../judge/judge.ts';
import { judgeSample, type JudgeSampleResult } from '../judge/sample.ts';
import { loadLangs } from '../load/langs.ts';
import { loadTasks, type LoadedTask } from '../load/tasks.ts';
import type { MetricSpec } from '../schema/task.ts';
import { similarityFromEnv, type Similarity } from '../similarity/similarity.ts';
import { compareTargets, type Comparison } from './compare.ts';
import { goodness, headlineMetric } from './goodness.ts';
import { buildManifest, type Manifest } from './manifest.ts';
import { originalResults, type OriginalResults } from './original.ts';
import type { ResultsFile, Row } from './read.ts';

export interface TaskInfo {
  id: string;
  title: string;
  dimension: string;
  headline: string;
  metrics: Array<Pick<MetricSpec, 'id' | 'direction' | 'description' | 'scale'>>;
}

export interface LangInfo {
  code: string;
  name: string;
  native_name: string;
  resource: string;
  direction: string;
}

export interface DimensionScore {
  target: string;
  dimension: string;
  /** "all" for the languages pooled. */
  lang: string;
  score: number | null;
  tasks: number;
}

export interface Worst {
  target: string;
  languages: Array<{ lang: string; score: number }>;
  tasks: Array<{ task: string; score: number }>;
}

/** One case, for the drill-down from a cell to its items. */
export interface ItemView {
  target: string;
  task: string;
  lang: string;
  item: string;
  variant?: string | undefined;
  status: string;
  label?: string | undefined;
  values: Record<string, unknown>;
  question: string;
  response: string;
  reason?: string | undefined;
  rationale?: string | undefined;
}

export interface Report {
  manifest: Manifest;
  targets: string[];
  langs: LangInfo[];
  tasks: TaskInfo[];
  cells: Cell[];
  pooled: PooledTask[];
  resource_groups: ResourceGroup[];
  dimensions: DimensionScore[];
  worst: Worst[];
  comparisons: Comparison[];
  original: OriginalResults;
  gates?: GateCheck[] | undefined;
  /** Offline scorer vs judge on a random sample of this run's cases (--judge-sample). */
  judge_sample?: JudgeSampleResult | undefined;
  items: ItemView[];
}

export interface BuildOptions {
  baseline?: ResultsFile | undefined;
  gates?: GatesFile | undefined;
  dataDir?: string | undefined;
  similarity?: Similarity;
  /** Judge this many randomly chosen offline-scored cases again and report the agreement. */
  judgeSample?: number | undefined;
  /** Longest response kept per item for the drill-down. */
  maxText?: number;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

async function analyse(rows: Row[], tasks: Map<string, LoadedTask>, similarity: Similarity) {
  const records = toCaseRecords(rows);
  const specs = new Map([...tasks].map(([id, t]) => [id, t.spec]));
  const missing = [...new Set(records.map((r) => r.task))].filter((t) => !specs.has(t));
  if (missing.length) throw new Error(`the results hold task${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which this suite does not have`);
  const ctx = { similarity: (a: string, b: string) => similarity.similarity(a, b) };
  const cells = await aggregateCells(records, specs, ctx);
  const pooled = await aggregatePooled(records, cells, specs, ctx);
  return { records, cells, pooled };
}

function dimensionScores(targets: string[], cells: Cell[], pooled: PooledTask[], tasks: TaskInfo[]): DimensionScore[] {
  const out: DimensionScore[] = [];
  const headline = new Map(tasks.map((t) => [t.id, t.metrics.find((m) => m.id === t.headline)!]));
  const dims = [...new Set(tasks.map((t) => t.dimension))];
  for (const target of targets) {
    for (const dimension of dims) {
      const scoreOf = (list: Array<{ task: string; metrics: Record<string, { value: number | null }> }>) => {
        const gs = list.map((c) => goodness(c.metrics[headline.get(c.task)!.id]?.value, headline.get(c.task)!)).filter((g): g is number => g !== null);
        return { score: gs.length ? gs.reduce((a, b) => a + b, 0) / gs.length : null, tasks: gs.length };
      };
      out.push({ target, dimension, lang: 'all', ...scoreOf(pooled.filter((p) => p.target === target && p.dimension === dimension)) });
      for (const lang of [...new Set(cells.map((c) => c.lang))]) {
        out.push({ target, dimension, lang, ...scoreOf(cells.filter((c) => c.target === target && c.dimension === dimension && c.lang === lang)) });
      }
    }
  }
  return out;
}

function worstOf(targets: string[], cells: Cell[], pooled: PooledTask[], tasks: TaskInfo[]): Worst[] {
  const headline = new Map(tasks.map((t) => [t.id, t.metrics.find((m) => m.id === t.headline)!]));
  return targets.map((target) => {
    const byLang = new Map<string, number[]>();
    for (const c of cells.filter((x) => x.target === target)) {
      const g = goodness(c.metrics[headline.get(c.task)!.id]?.value, headline.get(c.task)!);
      if (g !== null) byLang.set(c.lang, [...(byLang.get(c.lang) ?? []), g]);
    }
    const languages = [...byLang].map(([lang, gs]) => ({ lang, score: gs.reduce((a, b) => a + b, 0) / gs.length })).sort((a, b) => a.score - b.score);
    const taskScores = pooled
      .filter((p) => p.target === target)
      .map((p) => ({ task: p.task, score: goodness(p.metrics[headline.get(p.task)!.id]?.value, headline.get(p.task)!) }))
      .filter((t): t is { task: string; score: number } => t.score !== null)
      .sort((a, b) => a.score - b.score);
    return { target, languages: languages.slice(0, 3), tasks: taskScores.slice(0, 3) };
  });
}

function itemViews(rows: Row[], records: CaseRecord[], maxText: number): ItemView[] {
  const out: ItemView[] = [];
  let i = 0;
  for (const row of rows) {
    const r = records[i];
    if (!r || row.metadata?.task !== r.task || row.metadata?.item !== r.item || row.metadata?.lang !== r.lang) continue;
    i++;
    out.push({
      target: r.target,
      task: r.task,
      lang: r.lang,
      item: r.item,
      variant: r.variant,
      status: r.status,
      label: r.label,
      values: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, typeof v === 'string' ? clip(v, 200) : v])),
      question: clip(String(row.vars?.question ?? ''), maxText),
      response: clip(typeof row.response?.output === 'string' ? row.response.output : '', maxText),
      reason: r.reason,
      rationale: r.judge?.rationale,
    });
  }
  return out;
}

export async function buildReport(results: ResultsFile, opts: BuildOptions = {}): Promise<Report> {
  const similarity = opts.similarity ?? similarityFromEnv();
  const taskIds = [...new Set(results.rows.map((r) => r.metadata?.task).filter((t): t is string => typeof t === 'string'))];
  const loaded = loadTasks({ only: taskIds, dataDirFor: opts.dataDir ? (id) => path.join(opts.dataDir!, id) : undefined });
  const tasks = new Map(loaded.map((t) => [t.spec.id, t]));
  const { records, cells, pooled } = await analyse(results.rows, tasks, similarity);
  const targets = [...new Set(records.map((r) => r.target))];
  const allLangs = loadLangs();
  const langCodes = [...new Set(records.map((r) => r.lang))];
  const langs = langCodes
    .map((c) => allLangs.get(c))
    .filter((l) => l !== undefined)
    .map((l) => ({ code: l.code, name: l.name, native_name: l.native_name, resource: l.resource, direction: l.direction }));
  const taskInfo: TaskInfo[] = loaded.map((t) => ({
    id: t.spec.id,
    title: t.spec.title,
    dimension: t.spec.dimension,
    headline: headlineMetric(t.spec.metrics).id,
    metrics: t.spec.metrics.map((m) => ({ id: m.id, direction: m.direction, description: m.description, ...(m.scale ? { scale: m.scale } : {}) })),
  }));

  const comparisons: Comparison[] = [];
  for (const candidate of targets.slice(1)) comparisons.push(...compareTargets({ cells, pooled, target: targets[0]! }, { cells, pooled, target: candidate }));
  if (opts.baseline) {
    const base = await analyse(opts.baseline.rows, tasks, similarity);
    const baseTargets = [...new Set(base.records.map((r) => r.target))];
    for (const target of targets) {
      const match = baseTargets.includes(target) ? target : baseTargets.length === 1 && targets.length === 1 ? baseTargets[0]! : undefined;
      if (!match) continue;
      const cs = compareTargets({ cells: base.cells, pooled: base.pooled, target: match }, { cells, pooled, target });
      comparisons.push(...cs.map((c) => ({ ...c, baseline: `${match} (baseline)` })));
    }
  }

  return {
    manifest: buildManifest({
      rows: results.rows,
      records,
      tasks: loaded,
      evalId: results.evalId,
      evalCreated: results.createdAt,
      resultsFile: results.file,
      promptfooVersion: results.promptfooVersion,
      similarityMethod: similarity.method,
    }),
    targets,
    langs,
    tasks: taskInfo,
    cells,
    pooled,
    resource_groups: resourceGroups(cells),
    dimensions: dimensionScores(targets, cells, pooled, taskInfo),
    worst: worstOf(targets, cells, pooled, taskInfo),
    comparisons,
    original: originalResults(cells, new Map([...tasks].map(([id, t]) => [id, t.spec])), allLangs),
    gates: opts.gates ? checkGates(opts.gates, cells, pooled) : undefined,
    judge_sample: opts.judgeSample ? await judgeSample(results.rows, opts.judgeSample, { judgeName: judgeName() }) : undefined,
    items: itemViews(results.rows, records, opts.maxText ?? 2000),
  };
}
