/**
 * Expands tasks × languages × items (× variants) into promptfoo test cases. Pure: it reads
 * loaded specs and packs and returns test objects plus every problem it met on the way.
 */
import path from 'node:path';
import type { Problem } from '../errors.ts';
import type { LoadedLang } from '../load/langs.ts';
import { itemInLang, type Fields, type LoadedItem, type LoadedTask } from '../load/tasks.ts';
import { REPO_ROOT } from '../paths.ts';
import { validateAgainst } from '../schema/validate.ts';
import { promptContext, renderPrompt } from './render.ts';

export interface CaseMetadata {
  task: string;
  dimension: string;
  group?: string;
  lang: string;
  item: string;
  resource: string;
  variant?: string;
  task_version: number;
  generation: Record<string, number | null>;
  /** Everything the scorers need about the item in this language, except the prompted text. */
  gold: Fields;
}

export interface TestCase {
  description: string;
  vars: { prompt: string; question: string };
  metadata: CaseMetadata;
  assert: Array<Record<string, unknown>>;
}

export interface Variant {
  id: string | undefined;
  field: string;
}

export function variantsOf(task: LoadedTask): Variant[] {
  return task.spec.variants?.map((v) => ({ id: v.id, field: v.field })) ?? [{ id: undefined, field: 'text' }];
}

/** Per-language fields every item needs: the declared ones plus every variant's prompt field. */
export function requiredFields(task: LoadedTask): string[] {
  return [...new Set([...(task.spec.fields ?? ['text']), ...variantsOf(task).map((v) => v.field)])];
}

export function textFileFor(task: LoadedTask, lang: string): string {
  return task.textFiles.get(lang) ?? path.join(path.dirname(task.itemsFile), 'text', `${lang}.yaml`);
}

/** Makes file:// references in assertions absolute, so any config location works. */
export function resolveAssertions(asserts: ReadonlyArray<Record<string, unknown>>): Array<Record<string, unknown>> {
  return asserts.map((a) => {
    const out: Record<string, unknown> = { ...a };
    if (typeof out.value === 'string' && out.value.startsWith('file://')) {
      const ref = out.value.slice('file://'.length);
      if (!path.isAbsolute(ref)) out.value = `file://${path.join(REPO_ROOT, ref)}`;
    }
    if (Array.isArray(out.assert)) out.assert = resolveAssertions(out.assert as Array<Record<string, unknown>>);
    return out;
  });
}

export interface CompileOptions {
  limit?: number | undefined;
}

export interface Compiled {
  tests: TestCase[];
  problems: Problem[];
}

/** One task in the given languages. Missing translations and template errors become problems. */
export function compileTask(task: LoadedTask, langs: LoadedLang[], opts: CompileOptions = {}): Compiled {
  const problems: Problem[] = [];
  const tests: TestCase[] = [];
  const spec = task.spec;
  const variants = variantsOf(task);
  const fields = requiredFields(task);
  const asserts = resolveAssertions(spec.assert as Array<Record<string, unknown>>);
  const items = opts.limit ? task.items.slice(0, opts.limit) : task.items;
  const promptFields = new Set(variants.map((v) => v.field));

  for (const lang of langs) {
    if (spec.instruction && !(spec.instruction in lang.instructions)) {
      problems.push({ file: lang.file, field: `instructions.${spec.instruction}`, message: `is missing (task ${spec.id} needs it)` });
      continue;
    }
    for (const item of items) {
      const fieldsHere = checkItem(task, item, lang.code, fields, problems);
      if (!fieldsHere) continue;
      for (const variant of variants) {
        let prompt: string;
        try {
          prompt = renderPrompt(spec.prompt, promptContext(task, lang, fieldsHere, variant.field));
        } catch (err) {
          problems.push({ file: task.file, item: item.id, field: 'prompt', message: `does not render for ${lang.code}: ${(err as Error).message.replace(/\s+/g, ' ').trim()}` });
          continue;
        }
        const gold = Object.fromEntries(Object.entries(fieldsHere).filter(([k]) => k !== 'id' && !promptFields.has(k)));
        tests.push({
          description: `${spec.id} ${lang.code} ${item.id}${variant.id ? ` ${variant.id}` : ''}`,
          vars: { prompt, question: String(fieldsHere[variant.field]) },
          metadata: {
            task: spec.id,
            dimension: spec.dimension,
            ...(spec.group ? { group: spec.group } : {}),
            lang: lang.code,
            item: item.id,
            resource: lang.resource,
            ...(variant.id ? { variant: variant.id } : {}),
            task_version: spec.version,
            generation: { ...spec.generation } as Record<string, number | null>,
            gold,
          },
          assert: asserts,
        });
      }
    }
  }
  return { tests, problems };
}

/** Checks one item's fields in one language; returns the merged fields, or undefined if unusable. */
function checkItem(task: LoadedTask, item: LoadedItem, lang: string, fields: string[], problems: Problem[]): Fields | undefined {
  const file = textFileFor(task, lang);
  if (!item.texts.has(lang)) {
    problems.push({ file, item: item.id, message: `missing translation into ${lang}` });
    return undefined;
  }
  const merged = itemInLang(item, lang);
  let ok = true;
  const promptFields = new Set(variantsOf(task).map((v) => v.field));
  for (const field of fields) {
    const value = merged[field];
    const present =
      typeof value === 'string' ? value.trim() !== '' : value !== null && typeof value === 'object' && Object.keys(value).length > 0 && !promptFields.has(field);
    if (!present) {
      const message = value === undefined ? 'is missing' : promptFields.has(field) ? 'must be non-empty text' : 'must not be empty';
      problems.push({ file, item: item.id, field, message });
      ok = false;
    }
  }
  const text = typeof merged.text === 'string' ? merged.text : '';
  for (const field of task.spec.verbatim ?? []) {
    const value = merged[field];
    const values = typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).map(String) : [];
    for (const v of values) {
      if (!text.includes(v)) {
        problems.push({ file, item: item.id, field: 'text', message: `must contain "${v}" (from ${field}) exactly as written` });
        ok = false;
      }
    }
  }
  if (task.spec.item_schema) {
    const found = validateAgainst(task.spec.item_schema, merged, { file, item: item.id });
    if (found.length) {
      problems.push(...found);
      ok = false;
    }
  }
  return ok ? merged : undefined;
}
