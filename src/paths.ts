/** Where the suite's own files live, independent of the caller's working directory. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TASKS_DIR = path.join(REPO_ROOT, 'tasks');
export const LANGS_DIR = path.join(REPO_ROOT, 'langs');

/** Local state (caches, downloaded models, promptfoo's database); never committed. */
export function stateDir(): string {
  return process.env.CLINIC_STATE_DIR ? path.resolve(process.env.CLINIC_STATE_DIR) : path.join(REPO_ROOT, '.clinic');
}

/** Paths in messages are shown relative to the repository when they are inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(REPO_ROOT, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
