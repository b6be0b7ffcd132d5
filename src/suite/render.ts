/** Prompt templates are nunjucks; undefined variables are errors, never empty strings. */
import nunjucks from 'nunjucks';
import type { LoadedLang } from '../load/langs.ts';
import type { Fields, LoadedTask } from '../load/tasks.ts';

const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true, trimBlocks: false });
const compiled = new Map<string, nunjucks.Template>();

export interface PromptContext {
  text: unknown;
  item: Fields;
  lang: LoadedLang;
  labels: LoadedLang['labels'];
  instruction: string | undefined;
  vars: Record<string, unknown>;
  task: { id: string; title: string };
}

export function promptContext(task: LoadedTask, lang: LoadedLang, item: Fields, field: string): PromptContext {
  const key = task.spec.instruction;
  return {
    text: item[field],
    item,
    lang,
    labels: lang.labels,
    instruction: key ? lang.instructions[key] : undefined,
    vars: (task.spec.vars ?? {}) as Record<string, unknown>,
    task: { id: task.spec.id, title: task.spec.title },
  };
}

/**
 * Renders a task prompt. Like the original (which called Python's strip() on every prompt),
 * leading and trailing whitespace is removed.
 */
export function renderPrompt(template: string, ctx: PromptContext): string {
  let tpl = compiled.get(template);
  if (!tpl) {
    tpl = nunjucks.compile(template, env);
    compiled.set(template, tpl);
  }
  return tpl.render(ctx as unknown as object).trim();
}
