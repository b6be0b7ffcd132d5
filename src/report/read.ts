/** Reading promptfoo result files: -o results.json (one object) or results.jsonl (one row per line). */
import fs from 'node:fs';
import { ClinicError } from '../errors.ts';

export type Row = Record<string, any>;

export interface ResultsFile {
  file?: string | undefined;
  rows: Row[];
  evalId?: string | undefined;
  promptfooVersion?: string | undefined;
  createdAt?: string | undefined;
}

export async function readResults(file: string): Promise<ResultsFile> {
  if (!fs.existsSync(file)) throw new ClinicError({ file, message: 'file not found' });
  if (file.endsWith('.jsonl')) {
    const rows = await readJsonLines(file);
    return { file, rows, evalId: rows[0]?.evalId };
  }
  let data: any;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ClinicError({ file, message: `not a promptfoo results file (${(err as Error).message})` });
  }
  const rows = data?.results?.results;
  if (!Array.isArray(rows)) throw new ClinicError({ file, message: 'not a promptfoo results file (no results.results array); write it with promptfoo eval -o results.json' });
  return { file, rows, evalId: data.evalId, promptfooVersion: data.metadata?.promptfooVersion, createdAt: data.metadata?.evaluationCreatedAt ?? data.results?.timestamp };
}

/** One row per line, read in large chunks (node:readline costs more than the parsing itself). */
async function readJsonLines(file: string): Promise<Row[]> {
  const rows: Row[] = [];
  let lineNo = 0;
  const parse = (line: string) => {
    lineNo++;
    if (!line.trim()) return;
    try {
      rows.push(JSON.parse(line) as Row);
    } catch {
      throw new ClinicError({ file, message: `line ${lineNo} is not valid JSON` });
    }
  };
  // Lines are cut from raw bytes and decoded one by one: a newline byte never occurs inside a
  // UTF-8 sequence, and decoding per line is cheaper than a streaming decoder.
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    const bytes = rest.length ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let end = bytes.indexOf(10); end >= 0; end = bytes.indexOf(10, start)) {
      parse(bytes.toString('utf8', start, end));
      start = end + 1;
    }
    rest = bytes.subarray(start);
  }
  if (rest.length) parse(rest.toString('utf8'));
  return rows;
}
