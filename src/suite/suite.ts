/**
 * The suite: every selected task in every selected language, checked and compiled into
 * promptfoo test cases. This is what clinic.config.yaml's test generator returns and what
 * `clinic validate` checks.
 */
import path from 'node:path';
import { ClinicError, type Problem } from '../errors.ts';
import { getLang, langCodes, loadLangs, type LoadedLang } from '../load/langs.ts';
import { loadTasks, type LoadedTask } from '../load/tasks.ts';
import { LANGS_DIR, REPO_ROOT, TASKS_DIR } from '../paths.ts';
import { checkTaskReferences } from '../rules.ts';
import { compileTask, type TestCase } from './build.ts';
import type { Selection } from './filters.ts';

export interface SuiteOptions {
  selection?: Selection;
  tasksDir?: string;
  langsDir?: string;
  /** Folder of imported item data (from `clinic import-clinic`), used instead of the bundled items. */
  dataDir?: string | undefined;
}

export interface Suite {
  tasks: LoadedTask[];
  langs: LoadedLang[];
  tests: TestCase[];
  problems: Problem[];
}

/** CLINIC_DATA: unset or "bundled" for the bundled items, "official" for data/official, or a folder. */
export function dataDirFromEnv(env = process.env): string | undefined {
  const value = env.CLINIC_DATA?.trim();
  if (!value || value === 'bundled') return undefined;
  if (value === 'official') return path.join(REPO_ROOT, 'data', 'official');
  return path.resolve(value);
}

/** All packs, or only the wanted ones (so one broken pack does not block work on another). */
export function selectLangs(wanted: string[] | undefined, dir: string): LoadedLang[] {
  if (!wanted) return [...loadLangs(dir).values()];
  const known = langCodes(dir);
  const unknown = wanted.filter((c) => !known.includes(c));
  if (unknown.length) {
    throw new ClinicError({ file: dir, message: `unknown language${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; known: ${known.join(', ')}` });
  }
  const problems: Problem[] = [];
  const packs: LoadedLang[] = [];
  for (const code of wanted) {
    try {
      packs.push(getLang(code, dir));
    } catch (err) {
      if (err instanceof ClinicError) problems.push(...err.problems);
      else throw err;
    }
  }
  if (problems.length) throw new ClinicError(problems);
  return packs;
}

/** Loads, checks and compiles; returns problems instead of throwing so validate can report them all. */
export function collectSuite(opts: SuiteOptions = {}): Suite {
  const langsDir = opts.langsDir ?? LANGS_DIR;
  const selection = opts.selection ?? {};
  const langs = selectLangs(selection.langs, langsDir);
  const known = new Set(langCodes(langsDir));
  const dataDir = opts.dataDir;
  const tasks = loadTasks({
    dir: opts.tasksDir ?? TASKS_DIR,
    only: selection.tasks,
    dataDirFor: dataDir ? (id) => path.join(dataDir, id) : undefined,
  });
  const problems: Problem[] = [];
  const tests: TestCase[] = [];
  for (const task of tasks) {
    problems.push(...checkTaskReferences(task, known));
    const compiled = compileTask(task, langs, { limit: selection.limit });
    problems.push(...compiled.problems);
    tests.push(...compiled.tests);
  }
  return { tasks, langs, tests, problems };
}

/** Like collectSuite, but any error-level problem stops the run with all of them listed. */
export function buildSuite(opts: SuiteOptions = {}): Suite {
  const suite = collectSuite(opts);
  const errors = suite.problems.filter((p) => p.severity !== 'warning');
  if (errors.length) throw new ClinicError(errors);
  return suite;
}
