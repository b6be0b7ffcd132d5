import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ClinicError } from '../src/errors.ts';
import { clearLangCache } from '../src/load/langs.ts';
import { REPO_ROOT } from '../src/paths.ts';
import { selectionFromEnv } from '../src/suite/filters.ts';
import { buildSuite } from '../src/suite/suite.ts';
import { packYaml, taskYaml, tempTree } from './helpers/tmp.ts';

beforeEach(() => clearLangCache());

function fixture() {
  return tempTree({
    'langs/en.yaml': packYaml('en', 'English'),
    'langs/fr.yaml': packYaml('fr', 'French').replace('resource: high', 'resource: medium').replace('question: Q,', 'question: Question FR,'),
    'tasks/alpha/task.yaml': taskYaml('alpha'),
    'tasks/alpha/items.yaml': '- id: a-01\n  category: x\n- id: a-02\n  category: y\n- id: a-03\n  category: z\n',
    'tasks/alpha/text/en.yaml': 'a-01: first\na-02: second\na-03: third\n',
    'tasks/alpha/text/fr.yaml': 'a-01: premier\na-02: deuxième\na-03: troisième\n',
    'tasks/pairs/task.yaml': taskYaml('pairs', 'variants:\n  - { id: original, field: text }\n  - { id: paraphrase, field: paraphrase }\n').replace('dimension: safety', 'dimension: robustness'),
    'tasks/pairs/items.yaml': '- id: p-01\n',
    'tasks/pairs/text/en.yaml': 'p-01: { text: "How?", paraphrase: "In what way?" }\n',
    'tasks/pairs/text/fr.yaml': 'p-01: { text: "Comment ?", paraphrase: "De quelle façon ?" }\n',
  });
}

describe('suite builder', () => {
  it('expands items × languages (× variants) with the metadata promptfoo filters and reports use', () => {
    const dir = fixture();
    const { tests } = buildSuite({ tasksDir: path.join(dir, 'tasks'), langsDir: path.join(dir, 'langs') });
    expect(tests).toHaveLength(3 * 2 + 1 * 2 * 2);
    const fr = tests.find((t) => t.metadata.task === 'alpha' && t.metadata.lang === 'fr' && t.metadata.item === 'a-02')!;
    expect(fr.vars.prompt).toBe('Question FR: deuxième');
    expect(fr.vars.question).toBe('deuxième');
    expect(fr.metadata).toMatchObject({ task: 'alpha', dimension: 'safety', lang: 'fr', item: 'a-02', resource: 'medium', task_version: 1, gold: { category: 'y' } });
    expect(fr.metadata.generation).toEqual({ max_tokens: 16, temperature: null, top_p: null });
    const para = tests.filter((t) => t.metadata.task === 'pairs' && t.metadata.lang === 'en');
    expect(para.map((t) => [t.metadata.variant, t.vars.prompt])).toEqual([
      ['original', 'Q: How?'],
      ['paraphrase', 'Q: In what way?'],
    ]);
    // A prompted field is not repeated in the scorer's gold fields.
    expect(para[0]!.metadata.gold).toEqual({});
  });

  it('resolves assertion file references to absolute paths in the repository', () => {
    const dir = fixture();
    const { tests } = buildSuite({ tasksDir: path.join(dir, 'tasks'), langsDir: path.join(dir, 'langs') });
    expect(tests[0]!.assert[0]!.value).toBe(`file://${path.join(REPO_ROOT, 'assertions/refusal.ts')}:refusal`);
  });

  it('selects tasks, languages and a per-task, per-language item limit', () => {
    const dir = fixture();
    const { tests } = buildSuite({ tasksDir: path.join(dir, 'tasks'), langsDir: path.join(dir, 'langs'), selection: { tasks: ['alpha'], langs: ['fr'], limit: 2 } });
    expect(tests.map((t) => `${t.metadata.lang}/${t.metadata.item}`)).toEqual(['fr/a-01', 'fr/a-02']);
  });

  it('reads the selection from CLINIC_TASKS, CLINIC_LANGS and CLINIC_LIMIT', () => {
    expect(selectionFromEnv({ CLINIC_TASKS: 'alpha, pairs', CLINIC_LANGS: 'fr', CLINIC_LIMIT: '5' })).toEqual({ tasks: ['alpha', 'pairs'], langs: ['fr'], limit: 5 });
    expect(selectionFromEnv({})).toEqual({ tasks: undefined, langs: undefined, limit: undefined });
    expect(() => selectionFromEnv({ CLINIC_LIMIT: 'ten' })).toThrow(ClinicError);
    expect(() => selectionFromEnv({ CLINIC_LIMIT: '0' })).toThrow(/CLINIC_LIMIT: must be a positive whole number/);
  });

  it('stops with every problem listed when the suite cannot be built', () => {
    const dir = fixture();
    const broken = path.join(dir, 'tasks/alpha/text/fr.yaml');
    fs.writeFileSync(broken, 'a-01: premier\n');
    expect(() => buildSuite({ tasksDir: path.join(dir, 'tasks'), langsDir: path.join(dir, 'langs') })).toThrow(/fr\.yaml: item a-02: missing translation into fr\n.*item a-03: missing translation into fr/);
  });
});
