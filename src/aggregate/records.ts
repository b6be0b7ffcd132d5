/**
 * promptfoo result rows → CLINIC case records. A row is assessed when a CLINIC assertion
 * left its record; otherwise (provider error, empty reply, unparsable judgment) it is
 * unassessed, with the reason kept.
 */
import { UNASSESSED_PREFIX, type CaseValue, type JudgeAudit, type ScoreRecord, type UnassessedRecord } from '../scoring/record.ts';

export interface CaseRecord {
  target: string;
  task: string;
  lang: string;
  item: string;
  variant?: string | undefined;
  dimension: string;
  resource: string;
  status: 'assessed' | 'unassessed';
  reason?: string;
  /** The scorer that assessed the case (refusal, mcq, …). */
  scorer?: string | undefined;
  label?: string | undefined;
  values: Record<string, CaseValue>;
  gold: Record<string, unknown>;
  backend?: string | undefined;
  judge?: JudgeAudit | undefined;
  prompt?: string;
  response?: string;
}

type Row = Record<string, any>;

function findRecord(row: Row): ScoreRecord | UnassessedRecord | undefined {
  const grading = row.gradingResult;
  if (!grading) return undefined;
  for (const c of grading.componentResults ?? []) {
    if (c?.metadata?.clinic) return c.metadata.clinic as ScoreRecord | UnassessedRecord;
  }
  return grading.metadata?.clinic as ScoreRecord | UnassessedRecord | undefined;
}

const isUnassessed = (r: ScoreRecord | UnassessedRecord): r is UnassessedRecord => (r as UnassessedRecord).status === 'unassessed';

function unassessedReason(row: Row): string {
  const providerError = typeof row.response?.error === 'string' ? row.response.error : undefined;
  const error = providerError ?? (typeof row.error === 'string' ? row.error : '');
  const text = error.replace(/^\w*Error:\s*/, '').split('\n')[0]!.trim();
  if (text.startsWith(UNASSESSED_PREFIX)) return text.slice(UNASSESSED_PREFIX.length).trim();
  const gotOutput = row.response && row.response.output !== undefined && row.response.output !== null;
  if (providerError || !gotOutput) return `target error: ${text || 'no output'}`;
  return text ? `scorer error: ${text}` : 'no CLINIC score recorded for this case';
}

/** Rows without CLINIC metadata (not built by the suite) are skipped. */
export function toCaseRecord(row: Row, opts: { keepText?: boolean } = {}): CaseRecord | undefined {
  const meta = (row.metadata ?? row.testCase?.metadata ?? {}) as Record<string, unknown>;
  if (typeof meta.task !== 'string' || typeof meta.lang !== 'string') return undefined;
  const record = findRecord(row);
  const base = {
    target: String(row.provider?.label || row.provider?.id || 'target'),
    task: meta.task,
    lang: meta.lang,
    item: String(meta.item ?? ''),
    variant: typeof meta.variant === 'string' ? meta.variant : undefined,
    dimension: String(meta.dimension ?? ''),
    resource: String(meta.resource ?? ''),
    gold: (meta.gold ?? {}) as Record<string, unknown>,
    ...(opts.keepText ? { prompt: String(row.vars?.prompt ?? row.prompt?.raw ?? ''), response: typeof row.response?.output === 'string' ? row.response.output : '' } : {}),
  };
  if (record && isUnassessed(record)) return { ...base, status: 'unassessed', reason: record.reason, values: {} };
  if (!record || row.failureReason === 2) {
    return { ...base, status: 'unassessed', reason: unassessedReason(row), values: {} };
  }
  return { ...base, status: 'assessed', scorer: record.scorer, label: record.label, values: record.values ?? {}, backend: record.backend, judge: record.judge };
}

export function toCaseRecords(rows: Iterable<Row>, opts: { keepText?: boolean } = {}): CaseRecord[] {
  const out: CaseRecord[] = [];
  for (const row of rows) {
    const r = toCaseRecord(row, opts);
    if (r) out.push(r);
  }
  return out;
}
