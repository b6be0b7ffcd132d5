/**
 * Imports the official CLINIC release (reference §9): wide CSVs with one column per language,
 * headed by the language's English name, plus long auxiliary CSVs (ground truth, reference
 * replies). Rows become items in this suite's format (items.yaml + text/<lang>.yaml per
 * task) in an output folder that CLINIC_DATA points the suite at. Rows are taken as the
 * original scripts took them (first N, or the last 120 for OOD) unless allRows is set.
 */
import fs from 'node:fs';
import path from 'node:path';
import { dump } from 'js-yaml';
import { ClinicError, type Problem } from '../errors.ts';
import type { LoadedLang } from '../load/langs.ts';
import { readCsv, type Table } from './csv.ts';

type Row = Table['rows'][number];

interface Source {
  task: string;
  prefix: string;
  /** Main wide file(s); for paired tasks, the second file gives the second field. */
  files: string[];
  /** Rows the original scripts used: a count from the top, or negative for the last n. */
  rows: number;
  build: (ctx: BuildContext) => void;
}

interface BuildContext {
  folder: string;
  tables: Table[];
  langs: LoadedLang[];
  rows: (t: Table) => Row[];
  add: (item: ImportedItem) => void;
  problem: (p: Omit<Problem, 'file'> & { file?: string }) => void;
  aux: (want: string[], hint: string) => Table | undefined;
}

interface ImportedItem {
  id: string;
  gold: Record<string, unknown>;
  texts: Record<string, Record<string, unknown>>;
}

const INDEX_COLUMNS = new Set(['', 'unnamed: 0', 'index']);

/** The language columns of a wide table, checked against the packs (all must be present). */
function languageColumns(t: Table, langs: LoadedLang[], problems: Problem[]): Map<string, string> | undefined {
  const byName = new Map(langs.map((l) => [l.name.toLowerCase(), l.code]));
  const columns = new Map<string, string>();
  for (const h of t.header) {
    const code = byName.get(h.toLowerCase());
    if (code) columns.set(code, h);
  }
  const missing = langs.filter((l) => !columns.has(l.code)).map((l) => l.name);
  if (missing.length) {
    problems.push({ file: t.file, message: `missing language column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (the header must name each language in English, e.g. "Hindi")` });
    return undefined;
  }
  return columns;
}

function cell(t: Table, row: Row, column: string, problems: Problem[]): string | undefined {
  const v = row.cells[column]?.trim();
  if (!v) {
    problems.push({ file: t.file, item: `line ${row.line}`, field: column, message: 'is empty' });
    return undefined;
  }
  return v;
}

/** Splits "question\nA. …\nB. …\nC. …\nD. …" (or the options on one line) into stem and options. */
export function splitOptions(text: string): { stem: string; options: Record<string, string> } | undefined {
  for (const re of [/(?:^|\n)[ \t]*[(（]?([A-D])[).．:：)）][ \t]*([^\n]*)/g, /(?:^|\s)[(（]?([A-D])[).．:：)）]\s+(.*?)(?=\s+[(（]?[A-D][).．:：)）]\s|$)/gs]) {
    const found = [...text.matchAll(re)];
    const letters = found.map((m) => m[1]);
    if (letters.join('') !== 'ABCD') continue;
    const options = Object.fromEntries(found.map((m) => [m[1]!, m[2]!.trim()]));
    if (Object.values(options).some((o) => !o)) continue;
    return { stem: text.slice(0, found[0]!.index).trim(), options };
  }
  return undefined;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
const DATE = /\b(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})\b/g;
const PHONE = /\+?\d[\d\s().-]{6,}\d/g;
/** Letters and at least four digits, optionally joined by hyphens: QHP-4471-2093, MRN00482917. */
const CODE = /\b(?=[A-Za-z0-9-]*[A-Za-z])(?=[A-Za-z0-9-]*\d{4})[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\b/g;

/**
 * Identifiers planted in an official privacy record, found by their shape (e-mail addresses,
 * dates, phone numbers, ID-like codes). The original scored privacy with a judge only, so its
 * data marks none; values are taken verbatim from each language's text.
 */
export function extractIdentifiers(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (kind: string, v: string) => {
    const value = v.trim();
    if (Object.values(out).some((x) => x.includes(value) || value.includes(x))) return;
    let key = kind;
    for (let i = 2; key in out; i++) key = `${kind}_${i}`;
    out[key] = value;
  };
  let rest = text;
  for (const [kind, re] of [
    ['email', EMAIL],
    ['date_of_birth', DATE],
    ['id_number', CODE],
    ['phone', PHONE],
  ] as const) {
    for (const m of rest.match(re) ?? []) {
      const digits = m.replace(/\D/g, '');
      if (kind === 'phone' && (digits.length < 7 || digits.length > 15)) continue;
      add(kind, m);
    }
    rest = rest.replace(re, ' ');
  }
  return out;
}

function wideSource(task: string, prefix: string, file: string, rows: number, field = 'text', extra?: (ctx: BuildContext, row: Row, i: number, item: ImportedItem, t: Table) => void): Source {
  return {
    task,
    prefix,
    files: [file],
    rows,
    build: (ctx) => {
      const t = ctx.tables[0]!;
      const problems: Problem[] = [];
      const columns = languageColumns(t, ctx.langs, problems);
      problems.forEach((p) => ctx.problem(p));
      if (!columns) return;
      ctx.rows(t).forEach((row, i) => {
        const item: ImportedItem = { id: `${prefix}-${String(row.line).padStart(4, '0')}`, gold: {}, texts: {} };
        for (const [code, column] of columns) {
          const v = cell(t, row, column, problems);
          if (v !== undefined) item.texts[code] = { [field]: v };
        }
        extra?.(ctx, row, i, item, t);
        ctx.add(item);
      });
      problems.forEach((p) => ctx.problem(p));
    },
  };
}

function pairedSource(task: string, prefix: string, files: [string, string], fields: [string, string], rows: number, extra?: (ctx: BuildContext, i: number, item: ImportedItem) => void): Source {
  return {
    task,
    prefix,
    files,
    rows,
    build: (ctx) => {
      const [a, b] = ctx.tables as [Table, Table];
      const problems: Problem[] = [];
      const ca = languageColumns(a, ctx.langs, problems);
      const cb = languageColumns(b, ctx.langs, problems);
      if (!ca || !cb) return problems.forEach((p) => ctx.problem(p));
      const ra = ctx.rows(a);
      const rb = ctx.rows(b);
      if (ra.length !== rb.length) problems.push({ file: b.file, message: `has ${rb.length} rows where ${path.basename(a.file)} has ${ra.length}; the two files must be row-aligned` });
      ra.forEach((row, i) => {
        const other = rb[i];
        if (!other) return;
        const item: ImportedItem = { id: `${prefix}-${String(i + 1).padStart(4, '0')}`, gold: {}, texts: {} };
        for (const [code, column] of ca) {
          const x = cell(a, row, column, problems);
          const y = cell(b, other, cb.get(code)!, problems);
          if (x !== undefined && y !== undefined) item.texts[code] = { [fields[0]]: x, [fields[1]]: y };
        }
        extra?.(ctx, i, item);
        ctx.add(item);
      });
      problems.forEach((p) => ctx.problem(p));
    },
  };
}

/** Options parsed per language; the text keeps them inline, as the original prompt had them. */
function inlineOptions(item: ImportedItem, field = 'text'): void {
  for (const fields of Object.values(item.texts)) {
    const parsed = splitOptions(String(fields[field] ?? ''));
    if (parsed) fields.options = parsed.options;
  }
  item.gold.options_inline = true;
}

/** Column of an auxiliary long CSV, by row index, for every language. */
function auxColumn(ctx: BuildContext, want: string[], hint: string): ((i: number) => string | undefined) | undefined {
  const t = ctx.aux(want, hint);
  if (!t) return undefined;
  const column = want.find((w) => t.header.includes(w))!;
  return (i) => t.rows[i]?.cells[column]?.trim() || undefined;
}

const HALLUCINATION_TYPES = ['hallucination-fct', 'hallucination-fqt', 'hallucination-nota'] as const;

function hallucinationSource(type: (typeof HALLUCINATION_TYPES)[number]): Source {
  const offset = HALLUCINATION_TYPES.indexOf(type);
  const prefix = type.replace('hallucination-', '');
  return {
    task: type,
    prefix,
    files: ['hallucination-dataset.csv'],
    rows: 150,
    build: (ctx) => {
      const t = ctx.tables[0]!;
      const problems: Problem[] = [];
      const columns = languageColumns(t, ctx.langs, problems);
      if (!columns) return problems.forEach((p) => ctx.problem(p));
      const gt = type === 'hallucination-fct' ? auxColumn(ctx, ['Ground_Truth', 'gt'], 'halluc') : undefined;
      ctx.rows(t).forEach((row, index) => {
        if (index % 3 !== offset) return;
        const item: ImportedItem = { id: `${prefix}-${String(row.line).padStart(4, '0')}`, gold: {}, texts: {} };
        for (const [code, column] of columns) {
          const v = cell(t, row, column, problems);
          if (v !== undefined) item.texts[code] = { text: v };
        }
        inlineOptions(item);
        const en = item.texts.en?.options as Record<string, string> | undefined;
        if (type === 'hallucination-fct') {
          const truth = gt?.(index);
          const letter = truth && (/^[A-D]$/i.test(truth) ? truth.toUpperCase() : en ? Object.entries(en).find(([, o]) => o.toLowerCase() === truth.toLowerCase())?.[0] : undefined);
          if (!letter) problems.push({ file: t.file, item: `line ${row.line}`, field: 'Ground_Truth', message: truth ? `"${truth}" is neither a letter A-D nor an option's text` : 'no ground truth for this row' });
          else item.gold.answer = letter;
        }
        if (type === 'hallucination-nota') {
          const letter = en && Object.entries(en).find(([, o]) => /none of the above|none of these/i.test(o))?.[0];
          if (!letter) problems.push({ file: t.file, item: `line ${row.line}`, field: 'English', message: 'has no "None of the above" option' });
          else item.gold.answer = letter;
        }
        ctx.add(item);
      });
      problems.forEach((p) => ctx.problem(p));
    },
  };
}

function sycophancySource(task: string, prefix: string, file: string, hint: string): Source {
  return wideSource(task, prefix, file, 150, 'text', (ctx, _row, i, item) => {
    const syc = auxColumn(ctx, ['sycophantic_response'], hint);
    const non = auxColumn(ctx, ['non_sycophantic_response'], hint);
    const s = syc?.(i);
    const n = non?.(i);
    // As in the original, the reference replies are one (English) pair shared by all languages.
    if (s && n) for (const fields of Object.values(item.texts)) Object.assign(fields, { sycophantic: s, non_sycophantic: n });
  });
}

export const SOURCES: Source[] = [
  wideSource('jailbreak-dan', 'dan', 'jailbreak-vanilla-dataset.csv', 50),
  wideSource('jailbreak-pairs', 'pairs', 'jailbreak-PAIRS-dataset.csv', 50, 'text', (_c, _r, _i, item) => {
    for (const fields of Object.values(item.texts)) fields.request = fields.text;
  }),
  wideSource('exaggerated-safety', 'exs', 'exaggerated-safety-dataset.csv', 150),
  wideSource('toxicity', 'tox', 'toxicity-dataset.csv', 200),
  wideSource('privacy', 'prv', 'privacy-dataset.csv', 200, 'text', (_c, _r, _i, item) => {
    for (const fields of Object.values(item.texts)) fields.identifiers = extractIdentifiers(String(fields.text));
    item.gold.identifiers = {};
  }),
  ...HALLUCINATION_TYPES.map(hallucinationSource),
  wideSource('honesty', 'hon', 'hallucination-honesty-dataset.csv', 50, 'text', (_c, _r, _i, item) => inlineOptions(item)),
  sycophancySource('sycophancy-persona', 'sper', 'sycophancy-persona-dataset.csv', 'persona'),
  sycophancySource('sycophancy-preference', 'spref', 'sycophancy-preference-dataset.csv', 'preference'),
  pairedSource('consistency', 'con', ['consistency-original-dataset.csv', 'consistency-modified-dataset.csv'], ['text', 'paraphrase'], 100),
  pairedSource('colloquial', 'col', ['colloquial-originalq-dataset.csv', 'colloquial-modified-dataset.csv'], ['text', 'colloquial'], 100, (ctx, i, item) => {
    inlineOptions(item);
    const answer = auxColumn(ctx, ['answer'], 'colloquial')?.(i);
    if (answer && /^[A-D]$/i.test(answer.trim())) item.gold.answer = answer.trim().toUpperCase();
  }),
  wideSource('ood', 'ood', 'ood-dataset.csv', -120),
  wideSource('disparagement', 'dis', 'disparagement-dataset.csv', 100, 'text', (_c, _r, _i, item) => {
    for (const fields of Object.values(item.texts)) Object.assign(fields, { person_a: 'A', person_b: 'B' });
  }),
  wideSource('fairness-stereotype', 'fst', 'fairness-stereotype-dataset.csv', 100),
  wideSource('fairness-preference', 'fpr', 'fairness-preference-dataset.csv', 100),
  ...[3, 4, 5, 12, 13].map((q) =>
    wideSource('adversarial', `adv-q${q}`, `adv_q${q}.csv`, 100, 'text', (ctx, _r, i, item) => {
      item.gold.family = `q${q}`;
      // As in the original, the clean original is one (English) text shared by all languages.
      const original = auxColumn(ctx, ['original_question'], 'adv')?.(i);
      if (original) for (const fields of Object.values(item.texts)) fields.original = original;
    }),
  ),
];

export interface ImportResult {
  written: Array<{ task: string; items: number }>;
  skipped: string[];
  problems: Problem[];
}

export function importOfficial(folder: string, outDir: string, langs: LoadedLang[], opts: { allRows?: boolean } = {}): ImportResult {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new ClinicError({ file: folder, message: 'folder not found' });
  const csvs = fs.readdirSync(folder).filter((f) => f.toLowerCase().endsWith('.csv'));
  const mainFiles = new Set(SOURCES.flatMap((s) => s.files));
  const tableCache = new Map<string, Table>();
  const read = (name: string) => {
    let t = tableCache.get(name);
    if (!t) {
      t = readCsv(path.join(folder, name));
      tableCache.set(name, t);
    }
    return t;
  };
  const byTask = new Map<string, ImportedItem[]>();
  const problemsByTask = new Map<string, Problem[]>();
  const skipped = new Set<string>();
  for (const source of SOURCES) {
    const problems = problemsByTask.get(source.task) ?? [];
    problemsByTask.set(source.task, problems);
    const present = source.files.filter((f) => csvs.includes(f));
    if (present.length === 0) {
      skipped.add(source.task);
      continue;
    }
    if (present.length !== source.files.length) {
      problems.push({ file: path.join(folder, source.files.find((f) => !csvs.includes(f))!), message: `is missing (task ${source.task} needs ${source.files.join(' and ')})` });
      continue;
    }
    let tables: Table[];
    try {
      tables = source.files.map(read);
    } catch (err) {
      if (err instanceof ClinicError) problems.push(...err.problems);
      else throw err;
      continue;
    }
    const items = byTask.get(source.task) ?? [];
    byTask.set(source.task, items);
    source.build({
      folder,
      tables,
      langs,
      rows: (t) => (opts.allRows ? t.rows : source.rows >= 0 ? t.rows.slice(0, source.rows) : t.rows.slice(source.rows)),
      add: (item) => items.push(item),
      problem: (p) => problems.push({ file: p.file ?? tables[0]!.file, ...p } as Problem),
      aux: (want, hint) => {
        const candidates = csvs.filter((f) => !mainFiles.has(f) && f.toLowerCase().includes(hint)).filter((f) => {
          try {
            return want.some((w) => read(f).header.includes(w));
          } catch (err) {
            if (err instanceof ClinicError) problems.push(...err.problems);
            return false;
          }
        });
        if (candidates.length === 1) return read(candidates[0]!);
        problems.push({
          file: folder,
          message:
            candidates.length === 0
              ? `task ${source.task} needs an auxiliary CSV whose name contains "${hint}" with a column ${want.join(' or ')}`
              : `task ${source.task}: several auxiliary CSVs could hold ${want.join('/')}: ${candidates.join(', ')}`,
        });
        return undefined;
      },
    });
  }
  const written: ImportResult['written'] = [];
  const allProblems: Problem[] = [];
  for (const [task, items] of byTask) {
    const problems = problemsByTask.get(task) ?? [];
    if (problems.length) {
      allProblems.push(...problems);
      continue;
    }
    writeTask(path.join(outDir, task), items, langs);
    written.push({ task, items: items.length });
  }
  for (const [task, problems] of problemsByTask) if (!byTask.has(task)) allProblems.push(...problems);
  return { written, skipped: [...skipped].filter((t) => !byTask.has(t)), problems: allProblems };
}

function writeTask(dir: string, items: ImportedItem[], langs: LoadedLang[]): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'text'), { recursive: true });
  const header = '# Imported from the official CLINIC release by `clinic import-clinic`; do not edit.\n';
  fs.writeFileSync(path.join(dir, 'items.yaml'), header + dump(items.map((it) => ({ id: it.id, ...it.gold })), { lineWidth: -1 }));
  for (const lang of langs) {
    const texts = Object.fromEntries(items.filter((it) => it.texts[lang.code]).map((it) => [it.id, it.texts[lang.code]!]));
    fs.writeFileSync(path.join(dir, 'text', `${lang.code}.yaml`), header + dump(texts, { lineWidth: -1 }));
  }
}
