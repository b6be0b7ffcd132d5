/**
 * Stopping a promptfoo run from inside one of our entry points with a readable message
 * instead of a stack trace. Only the promptfoo edge (test generator, hooks) calls this.
 */
import { formatProblem } from '../errors.ts';
import type { ClinicError } from '../errors.ts';

export function exitWithMessage(message: string, code = 2): never {
  process.stderr.write(`\n${message.trimEnd()}\n\n`);
  process.exit(code);
}

export function exitWithProblems(title: string, err: ClinicError, code = 2): never {
  const lines = err.problems.slice(0, 200).map((p) => `  - ${formatProblem(p)}`);
  if (err.problems.length > 200) lines.push(`  … and ${err.problems.length - 200} more`);
  exitWithMessage(`${title}\n${lines.join('\n')}`, code);
}
