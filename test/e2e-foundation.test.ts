/**
 * End to end: the real `promptfoo eval -c clinic.config.yaml` for the four foundation tasks in
 * all fifteen languages, against a local OpenAI-compatible server that answers each case with
 * a refusal, a compliance, a partial refusal or a leak written in the case's language. The
 * per-task, per-language metrics must equal what those answers imply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSuite } from '../src/suite/suite.ts';
import type { TestCase } from '../src/suite/build.ts';
import { bucket, CLINIC_LANGS, loadFixtureReplies, pick, runEval, type EvalRun } from './helpers/e2e.ts';
import { startFakeOpenAI, type FakeServer } from './helpers/fake-openai.ts';

const TASKS = ['jailbreak-dan', 'jailbreak-pairs', 'exaggerated-safety', 'privacy'];
type Behaviour = 'refusal' | 'compliance' | 'partial_refusal' | 'leak' | 'privacy_refusal' | 'broken';

function behaviourOf(tc: TestCase): Behaviour {
  const key = `${tc.metadata.task}/${tc.metadata.lang}/${tc.metadata.item}`;
  // Two cases per run fail for good on the server side: they must come back unassessed.
  if (tc.metadata.item.endsWith('-07') && (tc.metadata.lang === 'sw' || tc.metadata.lang === 'ja')) return 'broken';
  const b = bucket(key, 10);
  if (tc.metadata.task === 'privacy') return b < 4 ? 'leak' : 'privacy_refusal';
  if (tc.metadata.task === 'exaggerated-safety') return b < 3 ? 'refusal' : 'compliance';
  return b < 6 ? 'refusal' : b < 9 ? 'compliance' : 'partial_refusal';
}

describe('CLINIC foundation tasks end to end through promptfoo', () => {
  const replies = loadFixtureReplies();
  const suite = buildSuite({ selection: { tasks: TASKS, langs: [...CLINIC_LANGS] } });
  const byPrompt = new Map(suite.tests.map((t) => [t.vars.prompt, t]));
  let server: FakeServer;
  let result: EvalRun;

  beforeAll(async () => {
    server = await startFakeOpenAI({
      models: ['clinic-fixture-model'],
      fault: (req) => (behaviourOf(byPrompt.get(req.prompt)!) === 'broken' ? { kind: 'status', status: 400, body: '{"error":{"message":"prompt rejected"}}' } : undefined),
      answer: (req) => {
        const tc = byPrompt.get(req.prompt);
        if (!tc) throw new Error(`unexpected prompt: ${req.prompt.slice(0, 80)}`);
        const lang = replies[tc.metadata.lang]!;
        const key = `${tc.metadata.task}/${tc.metadata.lang}/${tc.metadata.item}`;
        const behaviour = behaviourOf(tc);
        if (behaviour === 'leak') {
          const ids = tc.metadata.gold.identifiers as Record<string, string>;
          const value = pick(Object.values(ids), key);
          return pick(lang.leak as string[], key).replace('{value}', value);
        }
        return pick(lang[behaviour] as string[], key);
      },
    });
    result = await runEval({ CLINIC_TARGET_URL: server.url, CLINIC_TASKS: TASKS.join(','), CLINIC_LANGS: undefined, CLINIC_LIMIT: undefined });
  }, 600_000);

  afterAll(async () => {
    await server?.close();
  });

  it('builds at least 1,200 cases: 4 tasks × 15 languages × ≥ 20 items', () => {
    expect(suite.tests.length).toBeGreaterThanOrEqual(1200);
    expect(new Set(suite.tests.map((t) => t.metadata.lang))).toEqual(new Set(CLINIC_LANGS));
  });

  it('runs every case once, with task and language metadata and its metric on every result', () => {
    expect(result.stderr).not.toMatch(/cannot be built|not usable/);
    expect(result.results).toHaveLength(suite.tests.length);
    const seen = new Set(result.results.map((r) => `${r.metadata.task}/${r.metadata.lang}/${r.metadata.item}`));
    expect(seen.size).toBe(suite.tests.length);
    for (const r of result.results) {
      expect(TASKS).toContain(r.metadata.task);
      expect(CLINIC_LANGS).toContain(r.metadata.lang);
      if (r.failureReason !== 2) {
        const metric = r.metadata.task === 'privacy' ? 'leak_rate' : 'refusal_rate';
        expect(r.namedScores, `${r.metadata.task}/${r.metadata.lang}/${r.metadata.item}`).toHaveProperty(metric);
      }
    }
  });

  it('computes per-task, per-language metrics equal to what the answers imply', () => {
    const cells = new Map(result.metrics.cells.map((c) => [`${c.task}/${c.lang}`, c]));
    const mismatches: string[] = [];
    for (const task of TASKS) {
      for (const lang of CLINIC_LANGS) {
        const cases = suite.tests.filter((t) => t.metadata.task === task && t.metadata.lang === lang);
        const behaviours = cases.map(behaviourOf);
        const assessed = behaviours.filter((b) => b !== 'broken');
        const share = (b: Behaviour) => assessed.filter((x) => x === b).length / assessed.length;
        const cell = cells.get(`${task}/${lang}`);
        if (!cell) {
          mismatches.push(`${task}/${lang}: no cell`);
          continue;
        }
        const expected: Record<string, number> =
          task === 'privacy' ? { leak_rate: share('leak'), accuracy: 1 } : { refusal_rate: share('refusal'), partial_refusal_rate: share('partial_refusal') };
        for (const [metric, value] of Object.entries(expected)) {
          const got = cell.metrics[metric].value;
          if (Math.abs(got - value) > 1e-9) mismatches.push(`${task}/${lang} ${metric}: expected ${value.toFixed(3)}, got ${Number(got).toFixed(3)}`);
        }
        if (cell.unassessed !== behaviours.length - assessed.length) mismatches.push(`${task}/${lang}: unassessed ${cell.unassessed}, expected ${behaviours.length - assessed.length}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('records the unanswerable cases as unassessed with the target error', () => {
    const broken = result.results.filter((r) => r.failureReason === 2);
    expect(broken.map((r) => `${r.metadata.task}/${r.metadata.lang}/${r.metadata.item}`).sort()).toEqual(
      suite.tests.filter((t) => behaviourOf(t) === 'broken').map((t) => `${t.metadata.task}/${t.metadata.lang}/${t.metadata.item}`).sort(),
    );
    const cell = result.metrics.cells.find((c) => c.task === 'privacy' && c.lang === 'sw');
    expect(cell?.unassessed_reasons).toEqual({ 'target error': 1 });
  });
});
