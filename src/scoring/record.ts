/**
 * The record every CLINIC assertion leaves on a case, and the promptfoo plumbing around it.
 *
 * A case is either assessed (its record carries per-case values the aggregation reads) or
 * unassessed (the provider failed, the response was empty, the judge reply was unparsable).
 * Unassessed cases are thrown as errors so that promptfoo records them as ERROR rows: they are
 * never counted as a pass or a fail, and the aggregation leaves them out of every rate while
 * counting them beside it.
 */

export type CaseValue = number | string | null;

export interface JudgeAudit {
  model: string;
  endpoint?: string;
  rubric: string;
  rubric_hash: string;
  rationale?: string;
  cached?: boolean;
  /** A jury's votes (null when a juror gave no valid verdict) and the winning label's share of the valid ones. */
  votes?: Array<{ model: string; label: string | null; error?: string }>;
  agreement?: number;
}

export interface ScoreRecord {
  scorer: string;
  backend: 'offline' | 'judge' | 'perspective';
  label?: string;
  values: Record<string, CaseValue>;
  details?: Record<string, unknown>;
  judge?: JudgeAudit;
}

/** Marker at the start of the error text of an unassessed case. */
export const UNASSESSED_PREFIX = 'unassessed:';

/** Thrown by a scorer that cannot label a response; never a pass or a fail. */
export class UnassessedError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`${UNASSESSED_PREFIX} ${reason}`);
    this.name = 'UnassessedError';
    this.reason = reason;
  }
}

/** What an assertion leaves in promptfoo's result for a case it could not assess. */
export interface UnassessedRecord {
  status: 'unassessed';
  reason: string;
}

export interface GradingResultLike {
  pass: boolean;
  score: number;
  reason: string;
  namedScores?: Record<string, number>;
  metadata?: Record<string, unknown>;
}

/**
 * The promptfoo result of an assessed case. Numeric values also become named scores so that
 * promptfoo's own table and viewer show them; the aggregation reads the record.
 */
export function toGradingResult(record: ScoreRecord, pass: boolean, reason: string): GradingResultLike {
  const namedScores: Record<string, number> = {};
  for (const [key, value] of Object.entries(record.values)) {
    if (typeof value === 'number' && Number.isFinite(value)) namedScores[key] = value;
  }
  return { pass, score: pass ? 1 : 0, reason, namedScores, metadata: { clinic: record } };
}
