/** Writes docs/dimensions/*.md from the task specs (npm run docs); a test fails when they drift. */
import fs from 'node:fs';
import path from 'node:path';
import { dimensionPages } from '../src/docs/dimension-pages.ts';
import { loadTasks } from '../src/load/tasks.ts';
import { REPO_ROOT } from '../src/paths.ts';

const dir = path.join(REPO_ROOT, 'docs', 'dimensions');
fs.mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(dimensionPages(loadTasks()))) {
  fs.writeFileSync(path.join(dir, name), text);
  process.stdout.write(`wrote docs/dimensions/${name}\n`);
}
