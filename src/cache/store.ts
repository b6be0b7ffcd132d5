/**
 * A content-addressed store of JSON records on disk: one file per key, sharded by the first
 * two hex digits. Writes go to a temporary file that is renamed into place, so a process
 * killed mid-write never leaves a half record behind.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { stateDir } from '../paths.ts';

export function contentKey(...parts: unknown[]): string {
  const h = crypto.createHash('sha256');
  for (const p of parts) {
    h.update(typeof p === 'string' ? p : JSON.stringify(p));
    h.update('\u0000');
  }
  return h.digest('hex');
}

export class JsonStore<T> {
  readonly dir: string;
  constructor(name: string, root: string = path.join(stateDir(), 'cache')) {
    this.dir = path.join(root, name);
  }

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  get(key: string): T | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.file(key), 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  set(key: string, value: T): void {
    const file = this.file(key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(value));
    fs.renameSync(tmp, file);
  }
}

/**
 * Caching is on unless CLINIC_CACHE=off or the command line has --no-cache (promptfoo's flag:
 * the providers run inside the promptfoo process, which does not tell them otherwise).
 */
export function cacheEnabled(env = process.env, argv = process.argv): boolean {
  if (argv.includes('--no-cache')) return false;
  return !['0', 'off', 'false', 'no'].includes((env.CLINIC_CACHE ?? '').trim().toLowerCase());
}
