/**
 * Test generator named in clinic.config.yaml. Builds every case of the selected tasks and
 * languages (CLINIC_TASKS, CLINIC_LANGS, CLINIC_LIMIT override the config's tasks, langs,
 * limit). Input problems end the run here with a plain list of what to fix.
 */
import { ClinicError } from '../errors.ts';
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
    return suite.tests;
  } catch (err) {
    if (err instanceof ClinicError) exitWithProblems('The CLINIC suite cannot be built:', err);
    throw err;
  }
}
