/**
 * Reading the official CLINIC CSVs: strictly UTF-8 (a byte-order mark is fine; UTF-16 or a
 * legacy 8-bit encoding is refused with a message saying so), every row as wide as the
 * header. Errors name the file and the line.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { ClinicError } from '../errors.ts';
import { checkSize, decodeInput } from '../yaml.ts';

export interface Table {
  file: string;
  header: string[];
  /** Data rows as objects keyed by header name; `line` is the row's first line in the file. */
  rows: Array<{ line: number; cells: Record<string, string> }>;
}

export function readCsv(file: string): Table {
  if (!fs.existsSync(file)) throw new ClinicError({ file, message: 'file not found' });
  checkSize(file, fs.statSync(file).size);
  const buf = fs.readFileSync(file);
  if (buf.length === 0) throw new ClinicError({ file, message: 'file is empty' });
  const text = decodeInput(file, buf);
  // Empty lines are kept while parsing: in a one-column file (an auxiliary column such as
  // Ground_Truth) an empty line is an empty cell, and skipping it would shift every later row.
  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    parsed = parse(text, { relax_column_count: true, skip_empty_lines: false, info: true }) as unknown as typeof parsed;
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
