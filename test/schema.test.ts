import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ClinicError } from '../src/errors.ts';
import { clearLangCache, getLang, loadLangs } from '../src/load/langs.ts';
import { loadTasks } from '../src/load/tasks.ts';
import { collectSuite } from '../src/suite/suite.ts';
import { packYaml, taskYaml, tempTree } from './helpers/tmp.ts';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ClinicError) return err.message.split('\n');
    throw err;
  }
  throw new Error('expected a ClinicError');
}

beforeEach(() => clearLangCache());

describe('language packs', () => {
  it('loads valid packs keyed by code', () => {
    const dir = tempTree({ 'en.yaml': packYaml('en', 'English'), 'fr.yaml': packYaml('fr', 'French') });
    expect([...loadLangs(dir).keys()]).toEqual(['en', 'fr']);
  });

  it('reports a YAML syntax error with the file and line', () => {
    const dir = tempTree({ 'en.yaml': 'code: en\nname: [unclosed\n' });
    const [msg] = problemsOf(() => loadLangs(dir));
    expect(msg).toContain('en.yaml');
    expect(msg).toMatch(/YAML syntax error \(line \d+/);
  });

  it('names the field for a wrong type, a missing key and an unknown key', () => {
    const bad = packYaml('en', 'English').replace('direction: ltr', 'direction: sideways').replace('  abstention: ["i don\'t know"]\n', '') + 'colour: blue\n';
    const dir = tempTree({ 'en.yaml': bad });
    const msgs = problemsOf(() => loadLangs(dir)).join('\n');
    expect(msgs).toContain('en.yaml: field direction: must be one of: ltr, rtl');
    expect(msgs).toContain('en.yaml: field markers.abstention: is missing');
    expect(msgs).toContain('en.yaml: field colour: is not a known field');
  });

  it('rejects a pack whose code does not match its file name, and invalid regular expressions', () => {
    const dir = tempTree({ 'de.yaml': packYaml('en', 'German', '  refusal_patterns: ["(unclosed"]\n') });
    const msgs = problemsOf(() => loadLangs(dir)).join('\n');
    expect(msgs).toContain('de.yaml: field code: is "en" but the file is named de.yaml');
    expect(msgs).toContain('field markers.refusal_patterns.0: is not a valid regular expression');
  });

  it('rejects an empty file and an unknown language code', () => {
    const dir = tempTree({ 'en.yaml': '   \n' });
    expect(problemsOf(() => loadLangs(dir))[0]).toContain('en.yaml: file is empty');
    const ok = tempTree({ 'en.yaml': packYaml('en', 'English') });
    expect(problemsOf(() => getLang('xx', ok))[0]).toContain('unknown language "xx"; known: en');
  });
});

describe('task specs and items', () => {
  const langs = { 'langs/en.yaml': packYaml('en', 'English'), 'langs/fr.yaml': packYaml('fr', 'French') };
  const items = '- id: t-01\n- id: t-02\n';

  it('reports a missing translation naming the text file and the item', () => {
    const dir = tempTree({
      ...langs,
      'tasks/demo/task.yaml': taskYaml('demo'),
      'tasks/demo/items.yaml': items,
      'tasks/demo/text/en.yaml': 't-01: one\nt-02: two\n',
      'tasks/demo/text/fr.yaml': 't-01: un\n',
    });
    const suite = collectSuite({ tasksDir: path.join(dir, 'tasks'), langsDir: path.join(dir, 'langs') });
    const msgs = suite.problems.map((p) => `${p.file}|${p.item}|${p.message}`);
    expect(msgs).toEqual([`${path.join(dir, 'tasks/demo/text/fr.yaml')}|t-02|missing translation into fr`]);
    expect(suite.tests).toHaveLength(3);
  });

  it('reports schema errors in a task spec with the field path', () => {
    const dir = tempTree({
      'tasks/demo/task.yaml': taskYaml('demo').replace('dimension: safety', 'dimension: kindness').replace('max_tokens: 16', 'max_tokens: "many"'),
      'tasks/demo/items.yaml': items,
    });
    const msgs = problemsOf(() => loadTasks({ dir: path.join(dir, 'tasks') })).join('\n');
    expect(msgs).toContain('task.yaml: field dimension: must be one of: truthfulness, fairness, safety, robustness, privacy');
    expect(msgs).toContain('task.yaml: field generation.max_tokens: must be integer');
  });

  it('reports duplicate item ids, texts for unknown items and bad ids', () => {
    const dir = tempTree({
      'tasks/demo/task.yaml': taskYaml('demo'),
      'tasks/demo/items.yaml': '- id: t-01\n- id: t-01\n- id: "Bad Id"\n',
      'tasks/demo/text/en.yaml': 't-01: one\nt-09: nine\n',
    });
    const msgs = problemsOf(() => loadTasks({ dir: path.join(dir, 'tasks') })).join('\n');
    expect(msgs).toContain('items.yaml: item Bad Id: field id: does not match the required pattern');
  });

  it('reports duplicate ids and orphan texts', () => {
    const dir = tempTree({
      'tasks/demo/task.yaml': taskYaml('demo'),
      'tasks/demo/items.yaml': '- id: t-01\n- id: t-01\n',
      'tasks/demo/text/en.yaml': 't-01: one\nt-09: nine\n',
    });
    const msgs = problemsOf(() => loadTasks({ dir: path.join(dir, 'tasks') })).join('\n');
    expect(msgs).toContain('items.yaml: item t-01: field id: is used by more than one item');
    expect(msgs).toContain('text/en.yaml: item t-09: is not an item of task demo');
  });

  it('checks item_schema, verbatim fields and prompt rendering per language', () => {
    const spec = taskYaml('demo', 'verbatim: [identifiers]\nitem_schema:\n  required: [identifiers]\n') .replace('{{ text }}', '{{ text }} {{ labels.nonexistent }}');
    const dir = tempTree({
      ...langs,
      'tasks/demo/task.yaml': spec,
      'tasks/demo/items.yaml': '- id: t-01\n  identifiers: { phone: "555-0100" }\n- id: t-02\n',
      'tasks/demo/text/en.yaml': 't-01: "call 555-0100"\nt-02: two\n',
      'tasks/demo/text/fr.yaml': 't-01: "appelez le 555 0100"\nt-02: deux\n',
    });
    const suite = collectSuite({ tasksDir: path.join(dir, 'tasks'), langsDir: path.join(dir, 'langs') });
    const msgs = suite.problems.map((p) => `${path.basename(p.file)}|${p.item}|${p.field}|${p.message}`);
    expect(msgs).toContain('fr.yaml|t-01|text|must contain "555-0100" (from identifiers) exactly as written');
    expect(msgs).toContain('en.yaml|t-02|identifiers|is missing');
    expect(msgs.some((m) => m.startsWith('task.yaml|t-01|prompt|does not render for en'))).toBe(true);
  });

  it('reports an assertion module that does not exist and an unknown aggregation', () => {
    const spec = taskYaml('demo').replace('assertions/refusal.ts:refusal', 'assertions/nope.ts:nope').replace('aggregate: mean', 'aggregate: median_of_vibes');
    const dir = tempTree({ ...langs, 'tasks/demo/task.yaml': spec, 'tasks/demo/items.yaml': items, 'tasks/demo/text/en.yaml': 't-01: a\nt-02: b\n', 'tasks/demo/text/fr.yaml': 't-01: a\nt-02: b\n' });
    const suite = collectSuite({ tasksDir: path.join(dir, 'tasks'), langsDir: path.join(dir, 'langs') });
    const msgs = suite.problems.map((p) => `${p.field}: ${p.message}`);
    expect(msgs).toContain('assert.0.value: refers to assertions/nope.ts, which does not exist');
    expect(msgs.some((m) => m.startsWith('metrics.0.aggregate: "median_of_vibes" is not a known aggregation'))).toBe(true);
  });

  it('names unknown tasks and languages in the selection', () => {
    const dir = tempTree({ ...langs, 'tasks/demo/task.yaml': taskYaml('demo'), 'tasks/demo/items.yaml': items });
    expect(problemsOf(() => collectSuite({ tasksDir: path.join(dir, 'tasks'), langsDir: path.join(dir, 'langs'), selection: { tasks: ['nope'] } }))[0]).toContain('unknown task nope; known: demo');
    expect(problemsOf(() => collectSuite({ tasksDir: path.join(dir, 'tasks'), langsDir: path.join(dir, 'langs'), selection: { langs: ['en', 'zz'] } }))[0]).toContain('unknown language zz; known: en, fr');
  });
});
