/**
 * Import of the official CLINIC CSV release: fixture CSVs in the release's shape (wide, one
 * column per language named in English; long auxiliary files), built from this suite's own
 * items in all fifteen languages, become item files the suite runs; broken files give errors
 * that name the file, the line and the column.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractIdentifiers, splitOptions } from '../src/import/official.ts';
import { loadLangs } from '../src/load/langs.ts';
import { itemInLang, loadTasks } from '../src/load/tasks.ts';
import { CLINIC_LANGS, runEval } from './helpers/e2e.ts';
import { startFakeOpenAI, type FakeServer } from './helpers/fake-openai.ts';
import { CLINIC, run } from './helpers/run.ts';

const langs = [...loadLangs().values()].filter((l) => (CLINIC_LANGS as readonly string[]).includes(l.code));
const names = langs.map((l) => l.name);
const tasks = new Map(loadTasks().map((t) => [t.spec.id, t]));

function fieldRows(task: string, field: string, format: (fields: Record<string, unknown>) => string = (f) => String(f[field])): string[][] {
  return tasks.get(task)!.items.map((item) => langs.map((l) => format(itemInLang(item, l.code))));
}
const withOptions = (f: Record<string, unknown>) => `${String(f.text)}\n${Object.entries(f.options as Record<string, string>).map(([k, v]) => `${k}. ${v}`).join('\n')}`;

function writeCsv(dir: string, name: string, header: string[], rows: string[][], encoding: BufferEncoding = 'utf8') {
  fs.writeFileSync(path.join(dir, name), stringify([header, ...rows]), encoding);
}

function release(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-release-'));
  writeCsv(dir, 'jailbreak-vanilla-dataset.csv', names, fieldRows('jailbreak-dan', 'text'));
  writeCsv(dir, 'privacy-dataset.csv', ['Unnamed: 0', ...names], fieldRows('privacy', 'text').map((r, i) => [String(i), ...r]));
  // Hallucination rows interleave FCT, FQT and NOTA (row index mod 3).
  const fct = fieldRows('hallucination-fct', 'text', withOptions);
  const fqt = fieldRows('hallucination-fqt', 'text', withOptions);
  const nota = fieldRows('hallucination-nota', 'text', (f) => withOptions(f).replace(/None of these/, 'None of the above'));
  const interleaved = fct.flatMap((row, i) => [row, fqt[i]!, nota[i]!]);
  writeCsv(dir, 'hallucination-dataset.csv', names, interleaved);
  writeCsv(dir, 'hallucination-ground-truth.csv', ['Ground_Truth'], tasks.get('hallucination-fct')!.items.flatMap((it) => [[String(it.gold.answer)], [''], ['']]));
  writeCsv(dir, 'colloquial-originalq-dataset.csv', names, fieldRows('colloquial', 'text', withOptions));
  writeCsv(dir, 'colloquial-modified-dataset.csv', names, fieldRows('colloquial', 'colloquial', (f) => withOptions({ ...f, text: f.colloquial })));
  writeCsv(dir, 'colloquial-answers.csv', ['answer'], tasks.get('colloquial')!.items.map((it) => [String(it.gold.answer)]));
  writeCsv(dir, 'sycophancy-persona-dataset.csv', names, fieldRows('sycophancy-persona', 'text'));
  const en = tasks.get('sycophancy-persona')!.items.map((it) => itemInLang(it, 'en'));
  writeCsv(dir, 'sycophancy-persona-references.csv', ['sycophantic_response', 'non_sycophantic_response'], en.map((f) => [String(f.sycophantic), String(f.non_sycophantic)]));
  return dir;
}

describe('clinic import-clinic', () => {
  let dir: string;
  let out: string;
  let imported: Awaited<ReturnType<typeof run>>;
  let server: FakeServer | undefined;

  beforeAll(async () => {
    dir = release();
    out = path.join(dir, 'imported');
    imported = await run([CLINIC, 'import-clinic', dir, '--out', out]);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  it('writes items for each task in the release and reports what was left out', () => {
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    for (const line of ['imported jailbreak-dan: 20 items', 'imported privacy: 20 items', 'imported hallucination-fct: 20 items', 'imported hallucination-fqt: 20 items', 'imported hallucination-nota: 20 items', 'imported colloquial: 20 items', 'imported sycophancy-persona: 20 items']) {
      expect(imported.stdout).toContain(line);
    }
    expect(imported.stdout).toMatch(/not in this release \(kept out\): .*toxicity/);
  });

  it('keeps the release text, parses inline options and joins the auxiliary columns', () => {
    const load = (task: string) => loadTasks({ only: [task], dataDirFor: (id) => path.join(out, id) })[0]!;
    const fctTask = load('hallucination-fct');
    const first = itemInLang(fctTask.items[0]!, 'hi');
    expect(first.options_inline).toBe(true);
    expect(Object.keys(first.options as object)).toEqual(['A', 'B', 'C', 'D']);
    expect(fctTask.items.map((it) => it.gold.answer)).toEqual(tasks.get('hallucination-fct')!.items.map((it) => it.gold.answer));
    const nota = load('hallucination-nota');
    expect(nota.items.map((it) => it.gold.answer)).toEqual(tasks.get('hallucination-nota')!.items.map((it) => it.gold.answer));
    const syc = itemInLang(load('sycophancy-persona').items[3]!, 'sw');
    expect(syc.non_sycophantic).toBe(itemInLang(tasks.get('sycophancy-persona')!.items[3]!, 'en').non_sycophantic);
    const priv = itemInLang(load('privacy').items[0]!, 'ar');
    expect(Object.values(priv.identifiers as object).length).toBeGreaterThanOrEqual(2);
  });

  it('runs the imported items through promptfoo with CLINIC_DATA', async () => {
    server = await startFakeOpenAI({ answer: (r) => (r.prompt.includes('Proposed') || /\nA[.)]/.test(r.prompt) ? 'A' : "I'm sorry, but I can't help with that.") });
    const result = await runEval({ CLINIC_TARGET_URL: server.url, CLINIC_DATA: out, CLINIC_TASKS: 'jailbreak-dan,hallucination-fct', CLINIC_LANGS: 'en,hi,zh', CLINIC_LIMIT: '5' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.results).toHaveLength(2 * 3 * 5);
    const cell = result.metrics.cells.find((c) => c.task === 'jailbreak-dan' && c.lang === 'hi');
    expect(cell!.metrics.refusal_rate.value).toBe(1);
    expect(result.results.find((r) => r.metadata.task === 'hallucination-fct')!.vars.prompt).not.toContain('Proposed answer');
  }, 300_000);

  it('refuses to run a task that was not imported', async () => {
    const r = await run([CLINIC, 'validate', '--tasks', 'toxicity', '--langs', 'en', '--data', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('task toxicity has no imported items here');
  });
});

describe('broken release files', () => {
  async function importBroken(files: (dir: string) => void) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-broken-'));
    files(dir);
    return run([CLINIC, 'import-clinic', dir, '--out', path.join(dir, 'out')]);
  }

  it('names a missing language column', async () => {
    const r = await importBroken((d) => writeCsv(d, 'toxicity-dataset.csv', names.filter((n) => n !== 'Hausa'), fieldRows('toxicity', 'text').map((r) => r.slice(0, -2).concat(r.slice(-1)))));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/toxicity-dataset\.csv: missing language column Hausa/);
  });

  it('names the line of a ragged row', async () => {
    const r = await importBroken((d) => {
      const rows = fieldRows('toxicity', 'text');
      fs.writeFileSync(path.join(d, 'toxicity-dataset.csv'), stringify([names, ...rows.slice(0, 3)]) + 'only,three,fields\n' + stringify(rows.slice(3)));
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/toxicity-dataset\.csv: line 5: this row has 3 fields but the header has 15/);
  });

  it('refuses files that are not UTF-8', async () => {
    const latin = await importBroken((d) => fs.writeFileSync(path.join(d, 'toxicity-dataset.csv'), Buffer.from(`English,French\ncafé,crème brûlée\n`, 'latin1')));
    expect(latin.stderr).toMatch(/toxicity-dataset\.csv: file is not valid UTF-8 \(perhaps Windows-1252 or Latin-1\)/);
    const utf16 = await importBroken((d) => fs.writeFileSync(path.join(d, 'toxicity-dataset.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('English\nx\n', 'utf16le')])));
    expect(utf16.stderr).toMatch(/toxicity-dataset\.csv: file is UTF-16; save it as UTF-8/);
  });

  it('names an empty cell and a missing auxiliary file', async () => {
    const r = await importBroken((d) => {
      const rows = fieldRows('sycophancy-persona', 'text');
      rows[1]![2] = '';
      writeCsv(d, 'sycophancy-persona-dataset.csv', names, rows);
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`sycophancy-persona-dataset\\.csv: item line 3: field ${names[2]}: is empty`));
    expect(r.stderr).toMatch(/task sycophancy-persona needs an auxiliary CSV whose name contains "persona" with a column sycophantic_response/);
  });
});

describe('release parsing helpers', () => {
  it('splits inline options', () => {
    expect(splitOptions('Which one?\nA. x\nB. y\nC. z\nD. w')).toEqual({ stem: 'Which one?', options: { A: 'x', B: 'y', C: 'z', D: 'w' } });
    expect(splitOptions('Which one? A) x B) y C) z D) w')).toEqual({ stem: 'Which one?', options: { A: 'x', B: 'y', C: 'z', D: 'w' } });
    expect(splitOptions('No options here')).toBeUndefined();
  });
  it('finds planted identifiers by their shape', () => {
    expect(extractIdentifiers('Name: Ana. Phone: +1 555-0142. Insurance: QHP-4471-2093. Email: ana@example.org. Born 1984-03-17.')).toEqual({
      email: 'ana@example.org',
      date_of_birth: '1984-03-17',
      id_number: 'QHP-4471-2093',
      phone: '+1 555-0142',
    });
  });
});
