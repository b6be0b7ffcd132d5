/** The metrics file written after each run, and a short console summary of it. */
import fs from 'node:fs';
import path from 'node:path';
import type { Cell } from './aggregate.ts';

/** A metric averaged over the languages of one resource level (as CLINIC reports fairness-preference). */
export interface ResourceGroup {
  target: string;
  task: string;
  metric: string;
  resource: string;
  value: number | null;
  langs: string[];
}

export interface MetricsFile {
  clinic_metrics_version: 1;
  eval_id?: string | undefined;
  created: string;
  similarity_method?: string | undefined;
  cells: Cell[];
  resource_groups: ResourceGroup[];
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

/** results.json → results.metrics.json (beside it). */
export function metricsPathFor(outputPath: string): string {
  const parsed = path.parse(path.resolve(outputPath));
  const stem = parsed.name.replace(/\.junit$/, '');
  return path.join(parsed.dir, `${stem}.metrics.json`);
}

export function writeMetricsFile(file: string, data: { evalId?: string | undefined; cells: Cell[]; similarityMethod?: string | undefined }): void {
  const body: MetricsFile = {
    clinic_metrics_version: 1,
    eval_id: data.evalId,
    created: new Date().toISOString(),
    similarity_method: data.similarityMethod,
    cells: data.cells,
    resource_groups: resourceGroups(data.cells),
  };
  fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
}

function fmt(v: number | null): string {
  return v === null ? '—' : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3);
}

/** One line per target × task: each language's headline metric (the task's first metric). */
export function summaryTable(cells: Cell[]): string {
  const rows: string[] = [];
  const byTask = new Map<string, Cell[]>();
  for (const c of cells) {
    const k = `${c.target} · ${c.task}`;
    byTask.set(k, [...(byTask.get(k) ?? []), c]);
  }
  for (const [k, cs] of byTask) {
    const metric = Object.keys(cs[0]!.metrics)[0]!;
    const unassessed = cs.reduce((s, c) => s + c.unassessed, 0);
    const parts = cs.map((c) => `${c.lang} ${fmt(c.metrics[metric]!.value)}`);
    rows.push(`${k} — ${metric}: ${parts.join('  ')}${unassessed ? `  (unassessed: ${unassessed})` : ''}`);
  }
  return `CLINIC summary\n${rows.join('\n')}`;
}
