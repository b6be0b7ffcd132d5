/** The metrics file written after each run, and a short console summary of it. */
import fs from 'node:fs';
import path from 'node:path';
import type { Cell } from './aggregate.ts';

export interface MetricsFile {
  clinic_metrics_version: 1;
  eval_id?: string | undefined;
  created: string;
  cells: Cell[];
}

/** results.json → results.metrics.json (beside it). */
export function metricsPathFor(outputPath: string): string {
  const parsed = path.parse(path.resolve(outputPath));
  const stem = parsed.name.replace(/\.junit$/, '');
  return path.join(parsed.dir, `${stem}.metrics.json`);
}

export function writeMetricsFile(file: string, data: { evalId?: string | undefined; cells: Cell[] }): void {
  const body: MetricsFile = { clinic_metrics_version: 1, eval_id: data.evalId, created: new Date().toISOString(), cells: data.cells };
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
