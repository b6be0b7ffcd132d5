/**
 * Loads task specs (tasks/<id>/task.yaml) with their items: language-independent gold fields
 * from the items list, per-language fields from text/<lang>.yaml. Structural checks happen
 * here; cross-file checks (every item translated into every language, templates render) are
 * in src/rules.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ClinicError, type Problem } from '../errors.ts';
import { TASKS_DIR } from '../paths.ts';
import { ItemListSchema, ItemTextsSchema, TaskSpecSchema, type TaskSpec } from '../schema/task.ts';
import { validateAgainst } from '../schema/validate.ts';
import { readYamlFile } from '../yaml.ts';

export type Fields = Record<string, unknown>;

export interface LoadedItem {
  id: string;
  /** Language-independent fields (gold answers, identifiers, ...). */
  gold: Fields;
  /** Per-language fields by language code. */
  texts: Map<string, Fields>;
}

export interface LoadedTask {
  spec: TaskSpec;
  file: string;
  itemsFile: string;
  /** text/<lang>.yaml path by language code. */
  textFiles: Map<string, string>;
  items: LoadedItem[];
}

export interface LoadTaskOptions {
  /** Folder holding items.yaml and text/ instead of the spec's own folder (imported datasets). */
  dataDir?: string | undefined;
}

export function loadTask(specFile: string, opts: LoadTaskOptions = {}): LoadedTask {
  const problems: Problem[] = [];
  const raw = readYamlFile(specFile);
  const specProblems = validateAgainst(TaskSpecSchema, raw, {
    file: specFile,
    locateItem: (p) => (p[0] === 'items' && p[1] !== undefined ? { item: itemIdAt(raw, p[1]), rest: p.slice(2) } : undefined),
  });
  if (specProblems.length) throw new ClinicError(specProblems);
  const spec = raw as TaskSpec;
  const specDir = path.dirname(specFile);
  const folder = path.basename(specDir);
  if (folder !== spec.id) problems.push({ file: specFile, field: 'id', message: `is "${spec.id}" but the folder is ${folder}; they must match` });

  const dataDir = opts.dataDir ?? specDir;
  let itemsFile = specFile;
  let list: unknown = spec.items;
  if (typeof spec.items === 'string') {
    itemsFile = path.join(dataDir, spec.items);
    list = readYamlFile(itemsFile);
    problems.push(
      ...validateAgainst(ItemListSchema, list, {
        file: itemsFile,
        locateItem: (p) => (p[0] !== undefined ? { item: itemIdAt({ items: list }, p[0]), rest: p.slice(1) } : undefined),
      }),
    );
  } else {
    itemsFile = specFile;
  }
  if (problems.length) throw new ClinicError(problems);

  const items: LoadedItem[] = [];
  const seen = new Set<string>();
  for (const entry of list as Array<Fields & { id: string }>) {
    const { id, ...gold } = entry;
    if (seen.has(id)) problems.push({ file: itemsFile, item: id, field: 'id', message: 'is used by more than one item' });
    seen.add(id);
    items.push({ id, gold, texts: new Map() });
  }

  const textFiles = new Map<string, string>();
  const textDir = path.join(dataDir, 'text');
  if (fs.existsSync(textDir)) {
    const byId = new Map(items.map((it) => [it.id, it]));
    for (const name of fs.readdirSync(textDir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
      const lang = name.replace(/\.ya?ml$/, '');
      const file = path.join(textDir, name);
      textFiles.set(lang, file);
      let data: unknown;
      try {
        data = readYamlFile(file);
      } catch (err) {
        if (err instanceof ClinicError) problems.push(...err.problems);
        else throw err;
        continue;
      }
      const found = validateAgainst(ItemTextsSchema, data, {
        file,
        locateItem: (p) => (p[0] !== undefined ? { item: p[0], rest: p.slice(1) } : undefined),
      });
      if (found.length) {
        problems.push(...found);
        continue;
      }
      for (const [id, value] of Object.entries(data as Record<string, unknown>)) {
        const item = byId.get(id);
        if (!item) {
          problems.push({ file, item: id, message: `is not an item of task ${spec.id} (no such id in ${path.basename(itemsFile)})` });
          continue;
        }
        item.texts.set(lang, typeof value === 'string' ? { text: value } : (value as Fields));
      }
    }
  }
  if (problems.length) throw new ClinicError(problems);
  return { spec, file: specFile, itemsFile, textFiles, items };
}

function itemIdAt(container: unknown, index: string): string {
  const list = (container as { items?: unknown }).items;
  const entry = Array.isArray(list) ? list[Number(index)] : undefined;
  const id = entry && typeof entry === 'object' ? (entry as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : `#${Number(index) + 1}`;
}

/** Every task folder under tasks/ (a folder with a task.yaml), in a stable order. */
export function listTaskFiles(dir: string = TASKS_DIR): string[] {
  if (!fs.existsSync(dir)) throw new ClinicError({ file: dir, message: 'task folder not found' });
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'task.yaml')))
    .map((d) => path.join(dir, d.name, 'task.yaml'))
    .sort();
}

export interface LoadTasksOptions {
  dir?: string;
  /** Only these task ids (validated against what exists). */
  only?: string[] | undefined;
  /** Map a task id to an alternative data folder (imported datasets). */
  dataDirFor?: ((taskId: string) => string | undefined) | undefined;
}

/** Loads all (or the selected) tasks, collecting every problem before throwing. */
export function loadTasks(opts: LoadTasksOptions = {}): LoadedTask[] {
  const dir = opts.dir ?? TASKS_DIR;
  const files = listTaskFiles(dir);
  const known = files.map((f) => path.basename(path.dirname(f)));
  if (opts.only) {
    const unknown = opts.only.filter((id) => !known.includes(id));
    if (unknown.length) {
      throw new ClinicError({ file: dir, message: `unknown task${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; known: ${known.join(', ')}` });
    }
  }
  const problems: Problem[] = [];
  const tasks: LoadedTask[] = [];
  for (const file of files) {
    const id = path.basename(path.dirname(file));
    if (opts.only && !opts.only.includes(id)) continue;
    const dataDir = opts.dataDirFor?.(id);
    if (dataDir && !fs.existsSync(dataDir)) {
      problems.push({ file: dataDir, message: `task ${id} has no imported items here; import them (clinic import-clinic) or leave the task out (CLINIC_TASKS)` });
      continue;
    }
    try {
      tasks.push(loadTask(file, { dataDir }));
    } catch (err) {
      if (err instanceof ClinicError) problems.push(...err.problems);
      else throw err;
    }
  }
  if (problems.length) throw new ClinicError(problems);
  return tasks;
}

/** The fields a template and a scorer see for one item in one language. */
export function itemInLang(item: LoadedItem, lang: string): Fields {
  const local = item.texts.get(lang) ?? {};
  const merged: Fields = { id: item.id, ...item.gold };
  for (const [key, value] of Object.entries(local)) {
    const base = merged[key];
    merged[key] = isPlainObject(base) && isPlainObject(value) ? { ...base, ...value } : value;
  }
  return merged;
}

function isPlainObject(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
