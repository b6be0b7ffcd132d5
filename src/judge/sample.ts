/**
 * Judge sampling: a seeded random sample of the cases an offline scorer assessed in a run is
 * judged again by the configured judge (or jury), to estimate how often the two agree on this
 * model's real outputs. The result goes into the run's report. A judgment that fails is
 * counted as unassessed, not as a disagreement.
 */
import { toCaseRecords, type CaseRecord } from '../aggregate/records.ts';
import { SCORERS, verdictOf } from '../cli/scorers.ts';
import type { Row } from '../report/read.ts';
import { UnassessedError } from '../scoring/record.ts';
import { cohensKappa } from '../stats/agreement.ts';
import { seededRandom, wilson, type Interval } from '../stats/intervals.ts';

export interface AgreementRow {
  scorer: string;
  /** "all" for every language together. */
  lang: string;
  n: number;
  agree: number;
  rate: number;
  interval: Interval | null;
  kappa: number | null;
  unassessed: number;
}

export interface Disagreement {
  task: string;
  lang: string;
  item: string;
  variant?: string | undefined;
  scorer: string;
  offline: string;
  judge: string;
  rationale?: string | undefined;
  response: string;
}

export interface JudgeSampleResult {
  requested: number;
  eligible: number;
  sampled: number;
  seed: number;
  judge: string;
  agreement: AgreementRow[];
  disagreements: Disagreement[];
}

/** The input a `clinic score` scorer needs, rebuilt from a case's gold fields. */
function scorerInput(r: CaseRecord): Record<string, unknown> {
  const gold = r.gold;
  return {
    lang: r.lang,
    response: r.response ?? '',
    request: typeof gold.request === 'string' ? gold.request : r.prompt,
    identifiers: gold.identifiers,
    options: gold.options,
  };
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function agreementRows(outcomes: Array<{ scorer: string; lang: string; offline: string; judge: string | null }>): AgreementRow[] {
  const rows: AgreementRow[] = [];
  const groups = new Map<string, typeof outcomes>();
  for (const o of outcomes) {
    for (const key of [`${o.scorer}\u0000all`, `${o.scorer}\u0000${o.lang}`]) groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  for (const [key, os] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const [scorer, lang] = key.split('\u0000') as [string, string];
    const judged = os.filter((o) => o.judge !== null) as Array<{ offline: string; judge: string }>;
    const agree = judged.filter((o) => o.offline === o.judge).length;
    rows.push({
      scorer,
      lang,
      n: judged.length,
      agree,
      rate: judged.length ? agree / judged.length : Number.NaN,
      interval: wilson(agree, judged.length),
      kappa: judged.length ? cohensKappa(judged.map((o) => [o.offline, o.judge])) : null,
      unassessed: os.length - judged.length,
    });
  }
  return rows;
}

export async function judgeSample(rows: Row[], requested: number, opts: { seed?: number; concurrency?: number; judgeName?: string } = {}): Promise<JudgeSampleResult> {
  const seed = opts.seed ?? 1;
  const eligible = toCaseRecords(rows, { keepText: true }).filter((r) => r.status === 'assessed' && r.backend === 'offline' && r.scorer !== undefined && r.scorer in SCORERS && r.response);
  // A partial Fisher–Yates shuffle with a seeded generator: the same run gives the same sample.
  const random = seededRandom(seed);
  const pool = [...eligible];
  const take = Math.min(requested, pool.length);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  const sample = pool.slice(0, take);
  const outcomes: Array<{ scorer: string; lang: string; offline: string; judge: string | null }> = [];
  const disagreements: Disagreement[] = [];
  await forEachLimited(sample, opts.concurrency ?? 8, async (r) => {
    const scorer = SCORERS[r.scorer!]!;
    const input = scorerInput(r);
    const offline = verdictOf(r.scorer!, await scorer.score(input, 'offline').catch(() => ({ label: 'unassessed' })));
    let judged: string | null = null;
    let rationale: string | undefined;
    try {
      const out = await scorer.score(input, 'judge');
      judged = out.reason !== undefined && out.choice === null ? null : verdictOf(r.scorer!, out);
      rationale = (out.judge as { rationale?: string } | undefined)?.rationale;
    } catch (err) {
      if (!(err instanceof UnassessedError)) throw err;
    }
    if (offline === 'unassessed') judged = null;
    outcomes.push({ scorer: r.scorer!, lang: r.lang, offline, judge: judged });
    if (judged !== null && judged !== offline) {
      disagreements.push({ task: r.task, lang: r.lang, item: r.item, variant: r.variant, scorer: r.scorer!, offline, judge: judged, rationale, response: (r.response ?? '').slice(0, 1000) });
    }
  });
  return {
    requested,
    eligible: eligible.length,
    sampled: sample.length,
    seed,
    judge: opts.judgeName ?? '',
    agreement: agreementRows(outcomes),
    disagreements: disagreements.sort((a, b) => `${a.task}${a.lang}${a.item}`.localeCompare(`${b.task}${b.lang}${b.item}`)),
  };
}
