/**
 * Reading the official CLINIC CSVs: strictly UTF-8 (a byte-order mark is fine; UTF-16 or a
 * legacy 8-bit encoding is refused with a message saying so), every row as wide as the
 * header. Errors name the file and the line.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { ClinicError } from '../errors.ts';
import { decodeUtf8, MAX_INPUT_BYTES } from '../yaml.ts';

export interface Table {
  file: string;
  header: string[];
  /** Data rows as objects keyed by header name; `line` is the row's first line in the file. */
  rows: Array<{ line: number; cells: Record<string, string> }>;
}

export function readCsv(file: string): Table {
  if (!fs.existsSync(file)) throw new ClinicError({ file, message: 'file not found' });
  const size = fs.statSync(file).size;
  if (size > MAX_INPUT_BYTES) throw new ClinicError({ file, message: `file is ${(size / 1e6).toFixed(1)} MB; the limit is ${MAX_INPUT_BYTES / 1e6} MB` });
  const buf = fs.readFileSync(file);
  if (buf.length === 0) throw new ClinicError({ file, message: 'file is empty' });
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    throw new ClinicError({ file, message: 'file is UTF-16; save it as UTF-8' });
  }
  const text = decodeUtf8(buf);
  if (text === undefined) {
    throw new ClinicError({ file, message: 'file is not valid UTF-8 (perhaps Windows-1252 or Latin-1); save it as UTF-8' });
  }
  // Empty lines are kept while parsing: in a one-column file (an auxiliary column such as
  // Ground_Truth) an empty line is an empty cell, and skipping it would shift every later row.
  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    parsed = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: false, info: true }) as unknown as typeof parsed;
  } catch (err) {
    const e = err as { message: string; lines?: number };
    throw new ClinicError({ file, message: `${e.lines !== undefined ? `line ${e.lines}: ` : ''}${e.message}` });
  }
  const blank = (r: string[]) => r.length === 1 && r[0] === '';
  const first = parsed.findIndex((p) => !blank(p.record));
  if (first < 0) throw new ClinicError({ file, message: 'file has no header row' });
  const header = parsed[first]!.record.map((h) => h.trim());
  const data = parsed.slice(first + 1).filter((p) => header.length === 1 || !blank(p.record));
  const ragged = data.find((p) => p.record.length !== header.length);
  if (ragged) {
    throw new ClinicError({ file, message: `line ${ragged.info.lines}: this row has ${ragged.record.length} fields but the header has ${header.length} (a ragged row, or an unescaped comma or quote)` });
  }
  const rows = data.map((p) => ({ line: p.info.lines, cells: Object.fromEntries(header.map((h, j) => [h, p.record[j] ?? ''])) }));
  return { file, header, rows };
}
