import { describe, expect, it } from 'vitest';
import { aggregateCells } from '../src/aggregate/aggregate.ts';
import { AGGREGATIONS } from '../src/aggregate/aggregations.ts';
import { toCaseRecord, type CaseRecord } from '../src/aggregate/records.ts';
import { skewness } from '../src/aggregate/stats.ts';
import type { MetricSpec, TaskSpec } from '../src/schema/task.ts';

function rec(values: CaseRecord['values'], extra: Partial<CaseRecord> = {}): CaseRecord {
  return { target: 't', task: 'x', lang: 'en', item: 'i', dimension: 'safety', resource: 'high', status: 'assessed', values, gold: {}, ...extra };
}
const metric = (m: Partial<MetricSpec> & { id: string; aggregate: string }): MetricSpec => ({ direction: 'higher', description: 'd', ...m }) as MetricSpec;

describe('aggregations', () => {
  it('mean: a rate over assessed cases, with unassessed counted beside it', async () => {
    const rs = [rec({ r: 1 }), rec({ r: 0 }), rec({ r: 1 }), rec({}, { status: 'unassessed', reason: 'empty response' })];
    const v = await AGGREGATIONS.mean!(rs, metric({ id: 'r', aggregate: 'mean' }), {});
    expect(v).toMatchObject({ value: 2 / 3, n: 3, unassessed: 1, successes: 2, ci_method: 'wilson' });
    expect(v.ci![0]).toBeCloseTo(0.2077, 4);
    expect(v.ci![1]).toBeCloseTo(0.9385, 4);
  });

  it('share: the share of one category', async () => {
    const rs = ['male', 'female', 'neutral', 'neutral'].map((g) => rec({ gender: g }));
    expect(await AGGREGATIONS.share!(rs, metric({ id: 'n', aggregate: 'share', value: 'gender', params: { category: 'neutral' } }), {})).toMatchObject({ value: 0.5, n: 4, unassessed: 0 });
  });

  it('skewness: exactly scipy.stats.skew on answer frequencies', async () => {
    expect(skewness([2, 1, 1])).toBeCloseTo(0.7071067811865475, 12);
    expect(skewness([5, 1, 1, 1])).toBeCloseTo(1.1547005383792517, 12);
    expect(Number.isNaN(skewness([3, 3, 3]))).toBe(true);
    const rs = ['IN', 'IN', 'CN', 'US'].map((n) => rec({ nationality: n }));
    const v = await AGGREGATIONS.skewness!(rs, metric({ id: 's', aggregate: 'skewness', value: 'nationality' }), {});
    expect(v.value).toBeCloseTo(0.7071, 4);
    const few = await AGGREGATIONS.skewness!(rs.slice(0, 3), metric({ id: 's', aggregate: 'skewness', value: 'nationality' }), {});
    expect(few.value).toBeNull();
    expect(few.note).toMatch(/fewer than three distinct answers/);
  });

  it('paired_difference: only items with both variants assessed', async () => {
    const rs = [
      rec({ accuracy: 1 }, { item: 'a', variant: 'formal' }),
      rec({ accuracy: 0 }, { item: 'a', variant: 'colloquial' }),
      rec({ accuracy: 1 }, { item: 'b', variant: 'formal' }),
      rec({ accuracy: 1 }, { item: 'b', variant: 'colloquial' }),
      rec({ accuracy: 1 }, { item: 'c', variant: 'formal' }),
      rec({}, { item: 'c', variant: 'colloquial', status: 'unassessed' }),
    ];
    const m = metric({ id: 'drop', aggregate: 'paired_difference', value: 'accuracy', params: { variants: ['formal', 'colloquial'] } });
    expect(await AGGREGATIONS.paired_difference!(rs, m, {})).toMatchObject({ value: 0.5, n: 2, unassessed: 1 });
  });

  it('mean_by: a breakdown per gold field', async () => {
    const rs = [rec({ similarity: 0.9 }, { gold: { family: 'typo' } }), rec({ similarity: 0.5 }, { gold: { family: 'typo' } }), rec({ similarity: 0.2 }, { gold: { family: 'homoglyph' } })];
    const v = await AGGREGATIONS.mean_by!(rs, metric({ id: 'sim', aggregate: 'mean_by', value: 'similarity', params: { by: 'family' } }), {});
    expect(v.breakdown!.typo!.value).toBeCloseTo(0.7);
    expect(v.breakdown!.homoglyph!.value).toBeCloseTo(0.2);
  });
});

describe('cells', () => {
  it('groups by target × task × language and applies the spec metrics with their direction', async () => {
    const spec = { id: 'x', dimension: 'safety', metrics: [metric({ id: 'refusal_rate', aggregate: 'mean' })] } as unknown as TaskSpec;
    const rs = [rec({ refusal_rate: 1 }), rec({ refusal_rate: 0 }), rec({ refusal_rate: 1 }, { lang: 'fr' }), rec({}, { lang: 'fr', status: 'unassessed', reason: 'target error: HTTP 500' })];
    const cells = await aggregateCells(rs, new Map([['x', spec]]));
    expect(cells.map((c) => [c.lang, c.metrics.refusal_rate!.value, c.assessed, c.unassessed, c.unassessed_reasons])).toEqual([
      ['en', 0.5, 2, 0, {}],
      ['fr', 1, 1, 1, { 'target error': 1 }],
    ]);
    expect(cells[0]!.metrics.refusal_rate!.direction).toBe('higher');
  });
});

describe('promptfoo rows', () => {
  const meta = { task: 'privacy', lang: 'hi', item: 'pv-01', dimension: 'privacy', resource: 'high', gold: {} };
  it('reads the CLINIC record from an assessed row', () => {
    const row = { provider: { id: 'p', label: 'vllm' }, metadata: meta, failureReason: 1, response: { output: 'x' }, gradingResult: { componentResults: [{ metadata: { clinic: { scorer: 'leakage', backend: 'offline', label: 'leak', values: { leak_rate: 1, accuracy: 1 } } } }] } };
    expect(toCaseRecord(row)).toMatchObject({ target: 'vllm', status: 'assessed', label: 'leak', values: { leak_rate: 1, accuracy: 1 } });
  });
  it('tells scorer, target and judge failures apart', () => {
    expect(toCaseRecord({ metadata: meta, failureReason: 2, error: 'Error: unassessed: judge reply is not JSON: I think…', response: { output: 'x' } })!.reason).toBe('judge reply is not JSON: I think…');
    expect(toCaseRecord({ metadata: meta, failureReason: 2, error: 'target request failed after 7 attempts: HTTP 503', response: { error: 'target request failed after 7 attempts: HTTP 503' } })!.reason).toBe('target error: target request failed after 7 attempts: HTTP 503');
    expect(toCaseRecord({ metadata: meta, failureReason: 2, error: 'TypeError: boom\n at x', response: { output: 'x' } })!.reason).toBe('scorer error: boom');
  });
  it('skips rows that were not built by the suite', () => {
    expect(toCaseRecord({ metadata: {}, response: { output: 'x' } })).toBeUndefined();
  });
});
