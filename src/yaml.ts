/** Reading YAML (and JSON) files with errors that name the file and the line. */
import fs from 'node:fs';
import { load, YAMLException } from 'js-yaml';
import { ClinicError } from './errors.ts';

/** Files larger than this are rejected before parsing: no spec, pack or release CSV comes close. */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1).replace(/\.0$/, '')} MiB`;

/** The size check every input file passes before it is read. */
export function checkSize(file: string, size: number): void {
  if (size > MAX_INPUT_BYTES) throw new ClinicError({ file, message: `file is ${mib(size)}; the limit is ${mib(MAX_INPUT_BYTES)}` });
}

/** Decodes a file's bytes as UTF-8, or says which encoding it seems to be in instead. */
export function decodeInput(file: string, buf: Buffer): string {
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    throw new ClinicError({ file, message: 'file is UTF-16; save it as UTF-8' });
  }
  const text = decodeUtf8(buf);
  if (text === undefined) throw new ClinicError({ file, message: 'file is not valid UTF-8 (perhaps Windows-1252 or Latin-1); save it as UTF-8' });
  return text.replace(/^\uFEFF/, '');
}

export function readTextFile(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ClinicError({ file, message: 'file not found' });
  }
  if (!stat.isFile()) throw new ClinicError({ file, message: 'not a regular file' });
  checkSize(file, stat.size);
  return decodeInput(file, fs.readFileSync(file));
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
