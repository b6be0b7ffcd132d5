/**
 * Cross-file checks that no single schema can express: the assertion modules a task names
 * exist and export what is named; its metrics use known aggregations; text files exist only
 * for languages that have a pack.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Problem } from './errors.ts';
import type { LoadedTask } from './load/tasks.ts';
import { REPO_ROOT } from './paths.ts';
import { AGGREGATIONS } from './aggregate/aggregations.ts';

const EXPORT_RE = (name: string) => new RegExp(`export\\s+(?:async\\s+)?(?:function|const|let)\\s+${name}\\b`);

export function checkTaskReferences(task: LoadedTask, langs: Set<string>): Problem[] {
  const problems: Problem[] = [];
  const file = task.file;
  (task.spec.assert as Array<Record<string, unknown>>).forEach((a, i) => {
    const value = a.value;
    if (typeof value !== 'string' || !value.startsWith('file://')) return;
    const ref = value.slice('file://'.length);
    const colon = ref.lastIndexOf(':');
    const rel = colon > 1 ? ref.slice(0, colon) : ref;
    const fn = colon > 1 ? ref.slice(colon + 1) : undefined;
    const target = path.isAbsolute(rel) ? rel : path.join(REPO_ROOT, rel);
    if (!fs.existsSync(target)) {
      problems.push({ file, field: `assert.${i}.value`, message: `refers to ${rel}, which does not exist` });
      return;
    }
    if (fn && !EXPORT_RE(fn).test(fs.readFileSync(target, 'utf8'))) {
      problems.push({ file, field: `assert.${i}.value`, message: `${rel} has no exported function ${fn}` });
    }
  });
  task.spec.metrics.forEach((m, i) => {
    if (!(m.aggregate in AGGREGATIONS)) {
      problems.push({ file, field: `metrics.${i}.aggregate`, message: `"${m.aggregate}" is not a known aggregation (known: ${Object.keys(AGGREGATIONS).join(', ')})` });
    }
  });
  const ids = new Set<string>();
  task.spec.metrics.forEach((m, i) => {
    if (ids.has(m.id)) problems.push({ file, field: `metrics.${i}.id`, message: `"${m.id}" is declared twice` });
    ids.add(m.id);
  });
  for (const [lang, textFile] of task.textFiles) {
    if (!langs.has(lang)) problems.push({ file: textFile, message: `there is no language pack langs/${lang}.yaml for these texts`, severity: 'warning' });
  }
  return problems;
}
