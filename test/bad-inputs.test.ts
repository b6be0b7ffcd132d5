/**
 * The bad-input corpus: malformed language packs, task specs, item and translation files,
 * templates, CSVs, gates, calibration and result files, huge and mis-encoded files, unknown
 * codes. Each is rejected with a message that names the file and the field (or line, or item);
 * none crashes. A few run through the CLI to show the process ends with a message, not a stack.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadCalibrationFile } from '../src/calibrate/calibrate.ts';
import { ClinicError, formatProblem, type Problem } from '../src/errors.ts';
import { loadGates } from '../src/gates/gates.ts';
import { readCsv } from '../src/import/csv.ts';
import { importOfficial } from '../src/import/official.ts';
import { clearLangCache, loadLangs } from '../src/load/langs.ts';
import { readResults } from '../src/report/read.ts';
import { collectSuite } from '../src/suite/suite.ts';
import { CLINIC, run } from './helpers/run.ts';
import { packYaml, taskYaml, tempTree } from './helpers/tmp.ts';

type Files = Record<string, string | Buffer>;
type Runner = (root: string) => Promise<Problem[] | void> | Problem[] | void;

interface BadInput {
  name: string;
  files: Files;
  run: Runner;
  /** The file the message must name (a path relative to the temporary root). */
  file: string;
  /** The field, item or line the message must name, and what it must say. */
  where: string | RegExp;
  says?: RegExp;
}

const HUGE = 50 * 1024 * 1024;
const huge = (line: string) => Buffer.alloc(HUGE, line);
const latin1 = (s: string) => Buffer.from(s, 'latin1');
const utf16 = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);

const EN = packYaml('en', 'English');
const FR = packYaml('fr', 'French');
const LANGS: Files = { 'langs/en.yaml': EN, 'langs/fr.yaml': FR };
const ITEMS = '- id: t-01\n- id: t-02\n';
const TEXTS: Files = { 'tasks/demo/text/en.yaml': 't-01: one\nt-02: two\n', 'tasks/demo/text/fr.yaml': 't-01: un\nt-02: deux\n' };
/** A valid little suite (two languages, one task, two items) to break one piece at a time. */
const suite = (over: Files): Files => ({ ...LANGS, 'tasks/demo/task.yaml': taskYaml('demo'), 'tasks/demo/items.yaml': ITEMS, ...TEXTS, ...over });

const langs: Runner = (root) => {
  clearLangCache();
  loadLangs(path.join(root, 'langs'));
};
const build: Runner = (root) => collectSuite({ tasksDir: path.join(root, 'tasks'), langsDir: path.join(root, 'langs') }).problems;
const select = (selection: { tasks?: string[]; langs?: string[] }): Runner => (root) => collectSuite({ tasksDir: path.join(root, 'tasks'), langsDir: path.join(root, 'langs'), selection }).problems;
const csv: Runner = (root) => void readCsv(path.join(root, 'data.csv'));
const importRelease: Runner = (root) => {
  clearLangCache();
  const langsHere = [...loadLangs(path.join(root, 'langs')).values()];
  return importOfficial(path.join(root, 'release'), path.join(root, 'out'), langsHere).problems;
};
const gates: Runner = (root) => void loadGates(path.join(root, 'gates.yaml'), new Map([['privacy', ['leak_rate', 'accuracy']]]));
const calibration: Runner = (root) => void loadCalibrationFile(path.join(root, 'calibration/en.yaml'));
const results: Runner = async (root) => {
  const file = fs.readdirSync(root).find((f) => f.startsWith('results'))!;
  await readResults(path.join(root, file));
};

const releaseCsv = (header: string[], rows: string[][]) => stringify([header, ...rows]);
const CAL_ENTRY = '  - { id: en-ref-01, request: "r", response: "I cannot help.", label: refusal }\n';

const CORPUS: BadInput[] = [
  // Language packs
  { name: 'pack: YAML syntax error', files: { 'langs/en.yaml': 'code: en\nname: [unclosed\n' }, run: langs, file: 'langs/en.yaml', where: /line \d+/, says: /YAML syntax error/ },
  { name: 'pack: tab indentation', files: { 'langs/en.yaml': EN.replace('  refusal:', '\trefusal:') }, run: langs, file: 'langs/en.yaml', where: /line \d+/ },
  { name: 'pack: duplicated key', files: { 'langs/en.yaml': `${EN}name: Again\n` }, run: langs, file: 'langs/en.yaml', where: /line \d+/, says: /duplicated mapping key/ },
  { name: 'pack: empty file', files: { 'langs/en.yaml': '\n\n' }, run: langs, file: 'langs/en.yaml', where: 'file is empty' },
  { name: 'pack: a list, not a mapping', files: { 'langs/en.yaml': '- code: en\n' }, run: langs, file: 'langs/en.yaml', where: /must be object/ },
  { name: 'pack: bad direction', files: { 'langs/en.yaml': EN.replace('direction: ltr', 'direction: sideways') }, run: langs, file: 'langs/en.yaml', where: 'field direction', says: /must be one of: ltr, rtl/ },
  { name: 'pack: bad resource level', files: { 'langs/en.yaml': EN.replace('resource: high', 'resource: huge') }, run: langs, file: 'langs/en.yaml', where: 'field resource' },
  { name: 'pack: missing abstention markers', files: { 'langs/en.yaml': EN.replace('  abstention: ["i don\'t know"]\n', '') }, run: langs, file: 'langs/en.yaml', where: 'field markers.abstention', says: /is missing/ },
  { name: 'pack: unknown key', files: { 'langs/en.yaml': `${EN}colour: blue\n` }, run: langs, file: 'langs/en.yaml', where: 'field colour', says: /not a known field/ },
  { name: 'pack: code does not match the file', files: { 'langs/de.yaml': EN }, run: langs, file: 'langs/de.yaml', where: 'field code' },
  { name: 'pack: invalid refusal pattern', files: { 'langs/en.yaml': packYaml('en', 'English', '  refusal_patterns: ["(unclosed"]\n') }, run: langs, file: 'langs/en.yaml', where: 'field markers.refusal_patterns.0', says: /not a valid regular expression/ },
  { name: 'pack: invalid toxicity pattern', files: { 'langs/en.yaml': `${EN}toxicity: { terms: [idiot], patterns: ["[a-"] }\n` }, run: langs, file: 'langs/en.yaml', where: 'field toxicity.patterns.0' },
  { name: 'pack: refusal markers as a string', files: { 'langs/en.yaml': EN.replace('  refusal: ["i can\'t help"]', '  refusal: "i can\'t help"') }, run: langs, file: 'langs/en.yaml', where: 'field markers.refusal', says: /must be array/ },
  { name: 'pack: empty marker phrase', files: { 'langs/en.yaml': EN.replace('  refusal: ["i can\'t help"]', '  refusal: ["i can\'t help", ""]') }, run: langs, file: 'langs/en.yaml', where: 'field markers.refusal.1' },
  { name: 'pack: preamble too short', files: { 'langs/en.yaml': EN.replace(/jailbreak_preamble: .*/, 'jailbreak_preamble: "Be evil."') }, run: langs, file: 'langs/en.yaml', where: 'field jailbreak_preamble' },
  { name: 'pack: label missing', files: { 'langs/en.yaml': EN.replace('question: Q, ', '') }, run: langs, file: 'langs/en.yaml', where: 'field labels.question' },
  { name: 'pack: gender list missing', files: { 'langs/en.yaml': `${EN}gender: { male: [he], neutral: [they] }\n` }, run: langs, file: 'langs/en.yaml', where: 'field gender.female' },
  { name: 'pack: Latin-1 bytes', files: { 'langs/en.yaml': latin1(`${EN}# café\n`) }, run: langs, file: 'langs/en.yaml', where: /not valid UTF-8/ },
  { name: 'pack: UTF-16', files: { 'langs/en.yaml': utf16(EN) }, run: langs, file: 'langs/en.yaml', where: /UTF-16/ },
  { name: 'pack: a 50 MB file', files: { 'langs/en.yaml': huge('# padding\n') }, run: langs, file: 'langs/en.yaml', where: /file is 50 MiB; the limit is 20 MiB/ },

  // Task specs
  { name: 'task: YAML syntax error', files: suite({ 'tasks/demo/task.yaml': 'id: demo\nprompt: "{{ text }\n  - broken' }), run: build, file: 'tasks/demo/task.yaml', where: /line \d+/ },
  { name: 'task: unknown dimension', files: suite({ 'tasks/demo/task.yaml': taskYaml('demo').replace('dimension: safety', 'dimension: kindness') }), run: build, file: 'tasks/demo/task.yaml', where: 'field dimension' },
  { name: 'task: max_tokens not a number', files: suite({ 'tasks/demo/task.yaml': taskYaml('demo').replace('max_tokens: 16', 'max_tokens: "many"') }), run: build, file: 'tasks/demo/task.yaml', where: 'field generation.max_tokens' },
  { name: 'task: negative temperature', files: suite({ 'tasks/demo/task.yaml': taskYaml('demo').replace('temperature: null', 'temperature: -1') }), run: build, file: 'tasks/demo/task.yaml', where: 'field generation.temperature' },
  { name: 'task: no prompt', files: suite({ 'tasks/demo/task.yaml': taskYaml('demo').replace(/prompt: .*\n/, '') }), run: build, file: 'tasks/demo/task.yaml', where: 'field prompt', says: /is missing/ },
  { name: 'task: unknown key', files: suite({ 'tasks/demo/task.yaml': `${taskYaml('demo')}flavour: mint\n` }), run: build, file: 'tasks/demo/task.yaml', where: 'field flavour' },
  { name: 'task: id differs from its folder', files: suite({ 'tasks/demo/task.yaml': taskYaml('other') }), run: build, file: 'tasks/demo/task.yaml', where: 'field id' },
  { name: 'task: missing assertion module', files: suite({ 'tasks/demo/task.yaml': taskYaml('demo').replace('assertions/refusal.ts:refusal', 'assertions/nope.ts:nope') }), run: build, file: 'tasks/demo/task.yaml', where: 'field assert.0.value', says: /does not exist/ },
  { name: 'task: unknown aggregation', files: suite({ 'tasks/demo/task.yaml': taskYaml('demo').replace('aggregate: mean', 'aggregate: vibes') }), run: build, file: 'tasks/demo/task.yaml', where: 'field metrics.0.aggregate' },
  { name: 'task: bad metric direction', files: suite({ 'tasks/demo/task.yaml': taskYaml('demo').replace('direction: higher', 'direction: sideways') }), run: build, file: 'tasks/demo/task.yaml', where: 'field metrics.0.direction' },
  { name: 'task: template syntax error', files: suite({ 'tasks/demo/task.yaml': taskYaml('demo').replace('{{ text }}', '{{ text ') }), run: build, file: 'tasks/demo/task.yaml', where: 'field prompt' },
  { name: 'task: template names an unknown label', files: suite({ 'tasks/demo/task.yaml': taskYaml('demo').replace('{{ text }}', '{{ text }} {{ labels.nonexistent }}') }), run: build, file: 'tasks/demo/task.yaml', where: /item t-01: field prompt: does not render for en/ },
  { name: 'task: instruction no language has', files: suite({ 'tasks/demo/task.yaml': `${taskYaml('demo')}instruction: colloquial\n` }), run: build, file: 'langs/en.yaml', where: 'field instructions.colloquial', says: /is missing \(task demo needs it\)/ },
  { name: 'task: 50 MB spec', files: suite({ 'tasks/demo/task.yaml': huge('# padding\n') }), run: build, file: 'tasks/demo/task.yaml', where: /the limit is/ },

  // Items and translations
  { name: 'items: file missing', files: { ...LANGS, 'tasks/demo/task.yaml': taskYaml('demo'), ...TEXTS }, run: build, file: 'tasks/demo/items.yaml', where: /not found/ },
  { name: 'items: a mapping, not a list', files: suite({ 'tasks/demo/items.yaml': 'id: t-01\n' }), run: build, file: 'tasks/demo/items.yaml', where: /must be array/ },
  { name: 'items: empty file', files: suite({ 'tasks/demo/items.yaml': '' }), run: build, file: 'tasks/demo/items.yaml', where: /empty/ },
  { name: 'items: duplicate ids', files: suite({ 'tasks/demo/items.yaml': '- id: t-01\n- id: t-01\n- id: t-02\n' }), run: build, file: 'tasks/demo/items.yaml', where: 'item t-01: field id', says: /more than one item/ },
  { name: 'items: bad id', files: suite({ 'tasks/demo/items.yaml': `${ITEMS}- id: "Bad Id"\n` }), run: build, file: 'tasks/demo/items.yaml', where: 'item Bad Id: field id' },
  { name: 'items: item without id', files: suite({ 'tasks/demo/items.yaml': `${ITEMS}- text: orphan\n` }), run: build, file: 'tasks/demo/items.yaml', where: /item #3: field id: is missing/ },
  { name: 'items: item_schema violated', files: suite({ 'tasks/demo/task.yaml': taskYaml('demo', 'item_schema:\n  required: [identifiers]\n'), 'tasks/demo/items.yaml': '- id: t-01\n  identifiers: { phone: "555-0100" }\n- id: t-02\n' }), run: build, file: 'tasks/demo', where: 'item t-02: field identifiers', says: /is missing/ },
  { name: 'text: missing translation', files: suite({ 'tasks/demo/text/fr.yaml': 't-01: un\n' }), run: build, file: 'tasks/demo/text/fr.yaml', where: 'item t-02', says: /missing translation into fr/ },
  { name: 'text: translation for an unknown item', files: suite({ 'tasks/demo/text/en.yaml': 't-01: one\nt-02: two\nt-09: nine\n' }), run: build, file: 'tasks/demo/text/en.yaml', where: 'item t-09', says: /not an item of task demo/ },
  { name: 'text: a list where text belongs', files: suite({ 'tasks/demo/text/en.yaml': 't-01: [a, b]\nt-02: two\n' }), run: build, file: 'tasks/demo/text/en.yaml', where: /item t-01/ },
  { name: 'text: empty translation', files: suite({ 'tasks/demo/text/en.yaml': 't-01: ""\nt-02: two\n' }), run: build, file: 'tasks/demo/text/en.yaml', where: /item t-01/ },
  { name: 'text: verbatim identifier changed', files: suite({ 'tasks/demo/task.yaml': taskYaml('demo', 'verbatim: [identifiers]\n'), 'tasks/demo/items.yaml': '- id: t-01\n  identifiers: { phone: "555-0100" }\n- id: t-02\n', 'tasks/demo/text/fr.yaml': 't-01: "appelez le 555 0100"\nt-02: deux\n' }), run: build, file: 'tasks/demo/text/fr.yaml', where: 'item t-01: field text', says: /must contain "555-0100"/ },
  { name: 'text: file for an unknown language', files: suite({ 'tasks/demo/text/xx.yaml': 't-01: a\nt-02: b\n' }), run: build, file: 'tasks/demo/text/xx.yaml', where: /xx/ },
  { name: 'selection: unknown language code', files: suite({}), run: select({ langs: ['en', 'zz'] }), file: 'langs', where: /unknown language zz; known: en, fr/ },
  { name: 'selection: unknown task', files: suite({}), run: select({ tasks: ['nope'] }), file: 'tasks', where: /unknown task nope; known: demo/ },

  // CSVs and the official release
  { name: 'csv: ragged row', files: { 'data.csv': 'English,French\na,b\nc\n' }, run: csv, file: 'data.csv', where: /line 3: this row has 1 fields but the header has 2/ },
  { name: 'csv: unterminated quote', files: { 'data.csv': 'English,French\n"a,b\n' }, run: csv, file: 'data.csv', where: /line \d+/ },
  { name: 'csv: Windows-1252', files: { 'data.csv': latin1('English,French\ncafé,crème\n') }, run: csv, file: 'data.csv', where: /not valid UTF-8/ },
  { name: 'csv: UTF-16', files: { 'data.csv': utf16('English,French\na,b\n') }, run: csv, file: 'data.csv', where: /UTF-16/ },
  { name: 'csv: empty', files: { 'data.csv': '' }, run: csv, file: 'data.csv', where: /file is empty/ },
  { name: 'csv: a 50 MB file', files: { 'data.csv': huge('a,b\n') }, run: csv, file: 'data.csv', where: /the limit is/ },
  { name: 'release: language column missing', files: { ...LANGS, 'release/toxicity-dataset.csv': releaseCsv(['English'], [['Why are they like that?']]) }, run: importRelease, file: 'release/toxicity-dataset.csv', where: /French/ },
  { name: 'release: empty cell', files: { ...LANGS, 'release/toxicity-dataset.csv': releaseCsv(['English', 'French'], [['Why?', '']]) }, run: importRelease, file: 'release/toxicity-dataset.csv', where: /line 2: field French/ },

  // Gates, calibration and results files
  { name: 'gates: unknown metric', files: { 'gates.yaml': 'gates:\n  - { task: privacy, metric: vibes, max: 0 }\n' }, run: gates, file: 'gates.yaml', where: 'item gate #1: field metric' },
  { name: 'gates: unknown task', files: { 'gates.yaml': 'gates:\n  - { task: nope, metric: leak_rate, max: 0 }\n' }, run: gates, file: 'gates.yaml', where: 'item gate #1: field task' },
  { name: 'gates: threshold not a number', files: { 'gates.yaml': 'gates:\n  - { task: privacy, metric: leak_rate, max: low }\n' }, run: gates, file: 'gates.yaml', where: 'item gate #1: field max' },
  { name: 'calibration: unknown label', files: { 'calibration/en.yaml': `refusal:\n${CAL_ENTRY.replace('label: refusal', 'label: maybe')}` }, run: calibration, file: 'calibration/en.yaml', where: 'item en-ref-01: field label' },
  { name: 'calibration: id used twice', files: { 'calibration/en.yaml': `refusal:\n${CAL_ENTRY}${CAL_ENTRY}` }, run: calibration, file: 'calibration/en.yaml', where: 'item en-ref-01: field id', says: /used twice/ },
  { name: 'results: not JSON', files: { 'results.json': '{"results": [' }, run: results, file: 'results.json', where: /not a promptfoo results file/ },
  { name: 'results: broken JSONL line', files: { 'results.jsonl': '{"a": 1}\n{"b": \n' }, run: results, file: 'results.jsonl', where: /line 2 is not valid JSON/ },
];

async function problemsOf(c: BadInput, root: string): Promise<string> {
  try {
    const problems = await c.run(root);
    return (problems ?? []).map(formatProblem).join('\n');
  } catch (err) {
    // Anything but a ClinicError is a crash: the test fails with it.
    if (err instanceof ClinicError) return err.message;
    throw err;
  }
}

beforeEach(() => clearLangCache());

describe('the bad-input corpus', () => {
  it('has at least 50 inputs', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(50);
  });

  it.each(CORPUS.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const root = tempTree(c.files);
    const message = await problemsOf(c, root);
    expect(message, 'no problem reported').not.toBe('');
    expect(message).toContain(path.join(root, c.file));
    if (typeof c.where === 'string') expect(message).toContain(c.where);
    else expect(message).toMatch(c.where);
    if (c.says) expect(message).toMatch(c.says);
  });

  it.each([
    ['a YAML syntax error', { 'privacy/items.yaml': '- id: pv-01\n  identifiers: { phone: "555-0100"\n' }, /privacy\/items\.yaml: YAML syntax error \(line \d+/],
    ['a Latin-1 translation', { 'privacy/items.yaml': '- id: pv-01\n  identifiers: { phone: "555-0100" }\n', 'privacy/text/en.yaml': latin1('pv-01: "Café record, phone 555-0100. What is it?"\n') }, /privacy\/text\/en\.yaml: file is not valid UTF-8/],
    ['a translation of an unknown item', { 'privacy/items.yaml': '- id: pv-01\n  identifiers: { phone: "555-0100" }\n', 'privacy/text/en.yaml': 'pv-02: "x"\n' }, /privacy\/text\/en\.yaml: item pv-02: is not an item of task privacy/],
    ['a 50 MB item file', { 'privacy/items.yaml': huge('# padding\n') }, /privacy\/items\.yaml: file is 50 MiB; the limit is 20 MiB/],
  ] as const)('ends clinic validate with a message and status 1 for %s, not a stack trace', async (_name, files, says) => {
    const root = tempTree(files as Files);
    const r = await run([CLINIC, 'validate', '--tasks', 'privacy', '--langs', 'en', '--data', root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(says);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
