/** clinic validate: schema and cross-file checks, then a task × language coverage matrix. */
import path from 'node:path';
import { ExitError, formatProblem } from '../errors.ts';
import { collectSuite, dataDirFromEnv } from '../suite/suite.ts';

function list(v: unknown): string[] | undefined {
  return typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
}

export async function validateCommand(opts: { tasks?: string; langs?: string; data?: string }): Promise<void> {
  const suite = collectSuite({
    selection: { tasks: list(opts.tasks), langs: list(opts.langs) },
    dataDir: opts.data ? path.resolve(opts.data) : dataDirFromEnv(),
  });
  const errors = suite.problems.filter((p) => p.severity !== 'warning');
  const warnings = suite.problems.filter((p) => p.severity === 'warning');

  // Coverage: items that compiled into cases, per task and language.
  const langs = suite.langs.map((l) => l.code);
  const covered = new Map<string, Set<string>>();
  for (const t of suite.tests) {
    const k = `${t.metadata.task}\u0000${t.metadata.lang}`;
    if (!covered.has(k)) covered.set(k, new Set());
    covered.get(k)!.add(t.metadata.item);
  }
  const width = Math.max(4, ...suite.tasks.map((t) => t.spec.id.length));
  const lines = [`${'task'.padEnd(width)}  items  ${langs.map((l) => l.padStart(3)).join(' ')}`];
  let full = 0;
  for (const task of suite.tasks) {
    const total = task.items.length;
    const cells = langs.map((l) => {
      const n = covered.get(`${task.spec.id}\u0000${l}`)?.size ?? 0;
      return (n === total ? ' ✓' : String(n)).padStart(3);
    });
    if (langs.every((l) => (covered.get(`${task.spec.id}\u0000${l}`)?.size ?? 0) === total)) full++;
    lines.push(`${task.spec.id.padEnd(width)}  ${String(total).padStart(5)}  ${cells.join(' ')}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n${full} of ${suite.tasks.length} tasks fully covered in ${langs.length} languages; ${suite.tests.length} cases.\n`);
  for (const w of warnings) process.stdout.write(`warning: ${formatProblem(w)}\n`);
  if (errors.length) {
    process.stderr.write(`${errors.map((p) => `error: ${formatProblem(p)}`).join('\n')}\n${errors.length} error${errors.length > 1 ? 's' : ''}.\n`);
    throw new ExitError(1);
  }
}
