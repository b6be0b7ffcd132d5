/** Reading YAML (and JSON) files with errors that name the file and the line. */
import fs from 'node:fs';
import { load, YAMLException } from 'js-yaml';
import { ClinicError } from './errors.ts';

/** Files larger than this are rejected before parsing: no spec or pack comes close. */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;

export function readTextFile(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ClinicError({ file, message: 'file not found' });
  }
  if (!stat.isFile()) throw new ClinicError({ file, message: 'not a regular file' });
  if (stat.size > MAX_INPUT_BYTES) {
    throw new ClinicError({ file, message: `file is ${(stat.size / 1e6).toFixed(1)} MB; the limit is ${MAX_INPUT_BYTES / 1e6} MB` });
  }
  const text = decodeUtf8(fs.readFileSync(file));
  if (text === undefined) throw new ClinicError({ file, message: 'not valid UTF-8 text (save the file as UTF-8)' });
  return text;
}

/** Strict UTF-8 decoding without a byte-order mark; undefined when the bytes are not UTF-8. */
export function decodeUtf8(buf: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf);
  } catch {
    return undefined;
  }
}

export function readYamlFile(file: string): unknown {
  const text = readTextFile(file);
  if (text.trim() === '') throw new ClinicError({ file, message: 'file is empty' });
  try {
    return load(text);
  } catch (err) {
    if (err instanceof YAMLException) {
      const line = err.mark ? ` (line ${err.mark.line + 1}, column ${err.mark.column + 1})` : '';
      throw new ClinicError({ file, message: `YAML syntax error${line}: ${err.reason}` });
    }
    throw new ClinicError({ file, message: `cannot parse YAML: ${String(err)}` });
  }
}
