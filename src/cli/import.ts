/** clinic import-clinic <folder>: the official CSV release → item files the suite runs with CLINIC_DATA. */
import path from 'node:path';
import { ExitError, formatProblem } from '../errors.ts';
import { importOfficial } from '../import/official.ts';
import { loadLangs } from '../load/langs.ts';
import { REPO_ROOT } from '../paths.ts';
import { collectSuite } from '../suite/suite.ts';

export async function importCommand(folder: string, opts: { out?: string; allRows?: boolean }): Promise<void> {
  const out = path.resolve(opts.out ?? path.join(REPO_ROOT, 'data', 'official'));
  const langs = [...loadLangs().values()];
  const result = importOfficial(path.resolve(folder), out, langs, { allRows: opts.allRows });
  for (const w of result.written) process.stdout.write(`imported ${w.task}: ${w.items} items\n`);
  if (result.skipped.length) process.stdout.write(`not in this release (kept out): ${result.skipped.join(', ')}\n`);
  const problems = [...result.problems];
  if (result.written.length) {
    // Check the imported items against the task specs right away.
    const suite = collectSuite({ selection: { tasks: result.written.map((w) => w.task) }, dataDir: out });
    problems.push(...suite.problems.filter((p) => p.severity !== 'warning'));
    const shown = path.relative(process.cwd(), out);
    process.stdout.write(`${suite.tests.length} cases from the imported items; run them with CLINIC_DATA=${shown && !shown.startsWith('..') ? shown : out}\n`);
  }
  if (problems.length) {
    process.stderr.write(`${problems.map((p) => `error: ${formatProblem(p)}`).join('\n')}\n`);
    throw new ExitError(1);
  }
}
