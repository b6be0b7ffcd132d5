/** Reading promptfoo result files: -o results.json (one object) or results.jsonl (one row per line). */
import fs from 'node:fs';
import readline from 'node:readline';
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
    const rows: Row[] = [];
    const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
    let n = 0;
    for await (const line of lines) {
      n++;
      if (!line.trim()) continue;
      try {
        rows.push(JSON.parse(line) as Row);
      } catch {
        throw new ClinicError({ file, message: `line ${n} is not valid JSON` });
      }
    }
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
