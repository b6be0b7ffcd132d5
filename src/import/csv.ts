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
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: false, skip_empty_lines: true }) as string[][];
  } catch (err) {
    const e = err as { message: string; lines?: number; code?: string };
    const where = e.lines !== undefined ? `line ${e.lines}: ` : '';
    const msg = e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' ? 'this row has a different number of fields than the header (a ragged row, or an unescaped comma or quote)' : e.message.replace(/^Invalid Record Length: /, '');
    throw new ClinicError({ file, message: `${where}${msg}` });
  }
  if (records.length === 0) throw new ClinicError({ file, message: 'file has no header row' });
  const header = records[0]!.map((h) => h.trim());
  const info = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as Array<{ info: { lines: number } }>;
  const rows = records.slice(1).map((r, i) => ({
    line: info[i + 1]?.info.lines ?? i + 2,
    cells: Object.fromEntries(header.map((h, j) => [h, r[j] ?? ''])),
  }));
  return { file, header, rows };
}
