/**
 * clinic score: scores responses produced elsewhere, one JSON object per line.
 *   in:  {"id", "lang", "response", "request"?, ...scorer-specific fields}
 *   out: the input's id plus the scorer's label (and fields), one line per input line.
 * A line that cannot be scored gets label "unassessed" and a reason; nothing is dropped.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { ClinicError, ExitError } from '../errors.ts';
import { scorerBackend } from '../judge/judge.ts';
import { UnassessedError } from '../scoring/record.ts';
import { SCORERS } from './scorers.ts';

export interface ScoreOptions {
  scorer: string;
  in: string;
  out?: string;
  backend?: string;
}

export async function scoreCommand(opts: ScoreOptions): Promise<void> {
  const scorer = SCORERS[opts.scorer];
  if (!scorer) throw new ExitError(2, `clinic score: unknown scorer "${opts.scorer}" (known: ${Object.keys(SCORERS).join(', ')})`);
  const backend = scorerBackend(opts.backend);
  const input = opts.in === '-' ? process.stdin : fs.createReadStream(opts.in, 'utf8');
  if (opts.in !== '-' && !fs.existsSync(opts.in)) throw new ClinicError({ file: opts.in, message: 'file not found' });
  const out = opts.out ? fs.createWriteStream(opts.out, 'utf8') : process.stdout;
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  let unassessed = 0;
  const problems: string[] = [];
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(line) as Record<string, unknown>;
      if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('not a JSON object');
    } catch (err) {
      problems.push(`${opts.in}: line ${n}: not valid JSON (${(err as Error).message})`);
      out.write(`${JSON.stringify({ line: n, label: 'unassessed', reason: 'line is not valid JSON' })}\n`);
      unassessed++;
      continue;
    }
    const id = obj.id ?? null;
    try {
      const missing = ['lang', 'response', ...scorer.requires].filter((k) => obj[k] === undefined);
      if (missing.length) throw new UnassessedError(`missing field${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
      const result = await scorer.score(obj, backend);
      out.write(`${JSON.stringify({ id, ...result })}\n`);
    } catch (err) {
      if (!(err instanceof UnassessedError) && !(err instanceof ClinicError)) throw err;
      const reason = err instanceof UnassessedError ? err.message.replace(/^unassessed:\s*/, '') : err.problems.map((p) => p.message).join('; ');
      out.write(`${JSON.stringify({ id, label: 'unassessed', reason, ...(scorer.emptyFields ?? {}) })}\n`);
      unassessed++;
    }
  }
  if (out !== process.stdout) await new Promise<void>((resolve) => (out as fs.WriteStream).end(resolve));
  for (const p of problems) process.stderr.write(`warning: ${p}\n`);
  process.stderr.write(`clinic score: ${n} line${n === 1 ? '' : 's'} read, ${unassessed} unassessed\n`);
}
