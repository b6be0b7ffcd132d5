/** Judge rubrics: nunjucks templates in rubrics/<name>.md, identified by their content hash. */
import crypto from 'node:crypto';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { REPO_ROOT } from '../paths.ts';
import { readTextFile } from '../yaml.ts';

export interface Rubric {
  name: string;
  template: string;
  hash: string;
}

const RUBRICS_DIR = path.join(REPO_ROOT, 'rubrics');
const cache = new Map<string, Rubric>();
const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });

export function loadRubric(name: string): Rubric {
  let rubric = cache.get(name);
  if (!rubric) {
    const template = readTextFile(path.join(RUBRICS_DIR, `${name}.md`));
    rubric = { name, template, hash: crypto.createHash('sha256').update(template).digest('hex').slice(0, 16) };
    cache.set(name, rubric);
  }
  return rubric;
}

export function renderRubric(rubric: Rubric, vars: Record<string, unknown>): string {
  return env.renderString(rubric.template, vars);
}
