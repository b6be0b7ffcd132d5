/**
 * Test generator named in clinic.config.yaml. Builds every case of the selected tasks and
 * languages (CLINIC_TASKS, CLINIC_LANGS, CLINIC_LIMIT override the config's tasks, langs,
 * limit). Input problems end the run here with a plain list of what to fix.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ClinicError } from '../errors.ts';
import { displayPath } from '../paths.ts';
import { selectionFromEnv, type Selection } from '../suite/filters.ts';
import type { TestCase } from '../suite/build.ts';
import { buildSuite, dataDirFromEnv } from '../suite/suite.ts';
import { exitWithProblems } from './exit.ts';

export interface GeneratorConfig {
  tasks?: string[] | string;
  langs?: string[] | string;
  limit?: number;
}

function asList(v: string[] | string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v : v.split(',').map((s) => s.trim()).filter(Boolean);
}

export async function generateTests(config: GeneratorConfig = {}): Promise<TestCase[]> {
  try {
    const env = selectionFromEnv();
    const selection: Selection = {
      tasks: env.tasks ?? asList(config.tasks),
      langs: env.langs ?? asList(config.langs),
      limit: env.limit ?? config.limit,
    };
    const suite = buildSuite({ selection, dataDir: dataDirFromEnv() });
    if (suite.tests.length === 0) throw new ClinicError({ file: 'clinic.config.yaml', message: 'the selection (tasks, languages, limit) matches no case' });
    return await bindAssertions(suite.tests);
  } catch (err) {
    if (err instanceof ClinicError) exitWithProblems('The CLINIC suite cannot be built:', err);
    throw err;
  }
}

const FILE_FUNCTION = /^file:\/\/(.+\.[cm]?[jt]s):([A-Za-z_$][\w$]*)$/;

/**
 * Replaces each `file://module.ts:function` assertion with the function itself (promptfoo runs
 * function-valued javascript assertions directly). promptfoo would otherwise import the module
 * again for every case, with its module resolution and debug logging: a large share of the
 * engine's cost on a full CLINIC run. The reference stays visible as config.module.
 */
async function bindAssertions(tests: TestCase[]): Promise<TestCase[]> {
  const modules = new Map<string, Promise<Record<string, unknown>>>();
  const bound = new Map<unknown, Array<Record<string, unknown>>>();
  const bindOne = async (a: Record<string, unknown>): Promise<Record<string, unknown>> => {
    if (Array.isArray(a.assert)) return { ...a, assert: await Promise.all((a.assert as Array<Record<string, unknown>>).map(bindOne)) };
    const m = a.type === 'javascript' && typeof a.value === 'string' ? FILE_FUNCTION.exec(a.value) : null;
    if (!m) return a;
    const [, file, name] = m as unknown as [string, string, string];
    let mod = modules.get(file);
    if (!mod) {
      mod = import(pathToFileURL(path.resolve(file)).href) as Promise<Record<string, unknown>>;
      modules.set(file, mod);
    }
    const fn = (await mod)[name];
    if (typeof fn !== 'function') throw new ClinicError({ file, field: name, message: 'is not a function exported by this assertion module' });
    return { ...a, value: fn, config: { ...((a.config as Record<string, unknown> | undefined) ?? {}), module: `${displayPath(file)}:${name}` } };
  };
  for (const t of tests) {
    let list = bound.get(t.assert);
    if (!list) {
      list = await Promise.all(t.assert.map(bindOne));
      bound.set(t.assert, list);
    }
    t.assert = list;
  }
  return tests;
}
