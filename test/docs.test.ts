import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dimensionPages } from '../src/docs/dimension-pages.ts';
import { loadTasks } from '../src/load/tasks.ts';
import { REPO_ROOT } from '../src/paths.ts';

describe('generated documentation', () => {
  const pages = dimensionPages(loadTasks());
  it.each(Object.keys(pages))('docs/dimensions/%s matches the task specs (run npm run docs)', (name) => {
    expect(fs.readFileSync(path.join(REPO_ROOT, 'docs', 'dimensions', name), 'utf8')).toBe(pages[name]);
  });
  it('documents every task with its metrics and its differences from the original', () => {
    const all = Object.values(pages).join('\n');
    for (const t of loadTasks()) {
      expect(all).toContain(`## ${t.spec.id}`);
      expect(t.spec.description, t.spec.id).toMatch(/Differences from the original code/);
    }
  });
});
