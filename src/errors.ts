/**
 * Problems found in user input (task specs, language packs, item files, CSVs, result files).
 * Every problem names the file and, where it applies, the item and the field, so that a
 * contributor can go straight to the line to fix.
 */
import { displayPath } from './paths.ts';

export interface Problem {
  file: string;
  item?: string | undefined;
  field?: string | undefined;
  message: string;
  severity?: 'error' | 'warning';
}

export function formatProblem(p: Problem): string {
  const where = [displayPath(p.file)];
  if (p.item !== undefined) where.push(`item ${p.item}`);
  if (p.field !== undefined && p.field !== '') where.push(`field ${p.field}`);
  return `${where.join(': ')}: ${p.message}`;
}

/** One or more problems with input; the message lists all of them. */
export class ClinicError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[] | Problem) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map(formatProblem).join('\n'));
    this.name = 'ClinicError';
    this.problems = list;
  }
}

/** Thrown by CLI commands to end with a given exit status after printing their own output. */
export class ExitError extends Error {
  readonly code: number;
  constructor(code: number, message = '') {
    super(message);
    this.name = 'ExitError';
    this.code = code;
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
