/**
 * clinic-results.json: the metrics in the original benchmark's per-task, per-language result
 * shape and key names (each task spec's `original` block says how), so they can be set beside
 * published CLINIC numbers.
 */
import type { Cell } from '../aggregate/aggregate.ts';
import type { LoadedLang } from '../load/langs.ts';
import type { TaskSpec } from '../schema/task.ts';

export type OriginalResults = Record<string, Array<Record<string, string | number | null>>>;

function read(cell: Cell, ref: string): number | null {
  const [metric, part] = ref.split('.') as [string, string | undefined];
  const m = cell.metrics[metric];
  if (!m) return null;
  if (part === 'n') return m.n;
  if (part === 'successes') return m.successes ?? null;
  if (part === 'percent') return m.value === null ? null : Math.round(m.value * 10000) / 100;
  return m.value === null ? null : Math.round(m.value * 10000) / 10000;
}

export function originalResults(cells: Cell[], specs: Map<string, TaskSpec>, langs: Map<string, LoadedLang>): OriginalResults {
  const out: OriginalResults = {};
  const index = new Map<string, Record<string, string | number | null>>();
  for (const cell of cells) {
    const original = specs.get(cell.task)?.original;
    if (!original) continue;
    const language = langs.get(cell.lang)?.name ?? cell.lang;
    const key = `${original.name}\u0000${cell.target}\u0000${language}`;
    let entry = index.get(key);
    if (!entry) {
      entry = { model: cell.target, ...(original.task ? { task: original.task } : {}), language };
      index.set(key, entry);
      (out[original.name] ??= []).push(entry);
    }
    for (const [k, ref] of Object.entries(original.keys as Record<string, string>)) entry[k] = read(cell, ref);
  }
  return out;
}
