/** Loads and validates the language packs in langs/. */
import fs from 'node:fs';
import path from 'node:path';
import { ClinicError, type Problem } from '../errors.ts';
import { LANGS_DIR } from '../paths.ts';
import { LangPackSchema, type LangPack } from '../schema/lang.ts';
import { validateAgainst } from '../schema/validate.ts';
import { readYamlFile } from '../yaml.ts';

export interface LoadedLang extends LangPack {
  file: string;
}

export type LangRegistry = Map<string, LoadedLang>;

const registryCache = new Map<string, LangRegistry>();
const packCache = new Map<string, LoadedLang>();

/** One pack file, validated; cached by path. */
export function loadLangPack(file: string): LoadedLang {
  const cached = packCache.get(file);
  if (cached) return cached;
  const data = readYamlFile(file);
  const problems = validateAgainst(LangPackSchema, data, { file });
  if (problems.length) throw new ClinicError(problems);
  const pack = data as LangPack;
  const name = path.basename(file);
  const stem = name.replace(/\.ya?ml$/, '');
  if (pack.code !== stem) problems.push({ file, field: 'code', message: `is "${pack.code}" but the file is named ${name}; name the file ${pack.code}.yaml` });
  problems.push(...checkPatterns(pack, file));
  if (problems.length) throw new ClinicError(problems);
  const loaded = { ...pack, file };
  packCache.set(file, loaded);
  return loaded;
}

function packFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new ClinicError({ file: dir, message: 'language pack folder not found' });
  return fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
}

/** All packs in a folder, keyed by code. Throws one ClinicError listing every problem found. */
export function loadLangs(dir: string = LANGS_DIR): LangRegistry {
  const cached = registryCache.get(dir);
  if (cached) return cached;
  const problems: Problem[] = [];
  const langs: LangRegistry = new Map();
  const files = packFiles(dir);
  if (files.length === 0) problems.push({ file: dir, message: 'no language packs (*.yaml) found' });
  const names = new Map<string, string>();
  for (const name of files) {
    const file = path.join(dir, name);
    let pack: LoadedLang;
    try {
      pack = loadLangPack(file);
    } catch (err) {
      if (err instanceof ClinicError) problems.push(...err.problems);
      else throw err;
      continue;
    }
    const other = names.get(pack.name.toLowerCase());
    if (other) problems.push({ file, field: 'name', message: `"${pack.name}" is also used by ${other}` });
    names.set(pack.name.toLowerCase(), name);
    langs.set(pack.code, pack);
  }
  if (problems.length) throw new ClinicError(problems);
  registryCache.set(dir, langs);
  return langs;
}

/** Every regular expression of a pack: marker *_patterns and toxicity.patterns. */
function checkPatterns(pack: LangPack, file: string): Problem[] {
  const lists: Array<[string, unknown]> = Object.entries(pack.markers)
    .filter(([set]) => set.endsWith('_patterns'))
    .map(([set, list]) => [`markers.${set}`, list]);
  if (pack.toxicity?.patterns) lists.push(['toxicity.patterns', pack.toxicity.patterns]);
  const out: Problem[] = [];
  for (const [field, list] of lists) {
    if (!Array.isArray(list)) continue;
    list.forEach((source: string, i) => {
      try {
        new RegExp(source, 'iu');
      } catch (err) {
        out.push({ file, field: `${field}.${i}`, message: `is not a valid regular expression: ${(err as Error).message}` });
      }
    });
  }
  return out;
}

/** The language codes that have a pack file, without reading them. */
export function langCodes(dir: string = LANGS_DIR): string[] {
  return packFiles(dir).map((f) => f.replace(/\.ya?ml$/, ''));
}

/** One pack by code (only that file is read), with a message listing the known codes when it is unknown. */
export function getLang(code: string, dir: string = LANGS_DIR): LoadedLang {
  // Scorers call this for every case: the common lookup avoids building a path.
  const hit = dir === LANGS_DIR ? byCode.get(code) : undefined;
  if (hit) return hit;
  const file = path.join(dir, `${code}.yaml`);
  const cached = packCache.get(file);
  if (cached) {
    if (dir === LANGS_DIR) byCode.set(code, cached);
    return cached;
  }
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(code) || !fs.existsSync(file)) {
    const known = langCodes(dir);
    throw new ClinicError({ file: dir, message: `unknown language "${code}"; known: ${known.join(', ')}` });
  }
  return loadLangPack(file);
}

const byCode = new Map<string, LoadedLang>();

/** For tests that write packs to temporary folders. */
export function clearLangCache(): void {
  byCode.clear();
  registryCache.clear();
  packCache.clear();
}
