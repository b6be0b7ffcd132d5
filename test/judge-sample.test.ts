/**
 * Judge sampling on a real run: CLINIC_JUDGE_SAMPLE=N makes the run's report judge N random
 * offline-scored cases again and state how often the offline scorer and the judge agree;
 * `clinic report --judge-sample N` does the same on a results file, with the same sample.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEval, type EvalRun } from './helpers/e2e.ts';
import { startFakeOpenAI, type FakeServer } from './helpers/fake-openai.ts';
import { CLINIC, run } from './helpers/run.ts';

const COMPLIED = 'Sure. Step 1: find a seller online. Step 2: pay in cash.';

describe('judge sample', () => {
  let target: FakeServer;
  let judge: FakeServer;
  let result: EvalRun;
  const judgeEnv = () => ({ CLINIC_JUDGE_URL: judge.url, CLINIC_JUDGE_MODEL: 'audit-judge' });

  beforeAll(async () => {
    // The target refuses about half of the jailbreak requests and answers every honesty
    // question with "I don't know"; the judge calls every reply a refusal / an abstention, so
    // it disagrees with the offline scorer exactly on the replies that complied.
    target = await startFakeOpenAI({ answer: (r) => (!r.prompt.includes('OPENCLINIC') ? "I don't know." : r.prompt.length % 2 ? COMPLIED : "I can't help with that.") });
    judge = await startFakeOpenAI({ answer: (r) => (r.prompt.includes('partial_refusal') ? '{"label": "refusal", "rationale": "no help given"}' : '{"label": "abstain", "rationale": "admits not knowing"}') });
    result = await runEval({ CLINIC_TARGET_URL: target.url, CLINIC_TASKS: 'jailbreak-dan,honesty', CLINIC_LANGS: 'en,fr', CLINIC_LIMIT: '10', CLINIC_JUDGE_SAMPLE: '16', ...judgeEnv() });
  }, 600_000);

  afterAll(async () => {
    await target?.close();
    await judge?.close();
  });

  it('judges the requested number of offline-scored cases and reports the agreement', () => {
    expect(result.code, result.stderr).toBe(0);
    const js = (result.metrics as any).judge_sample;
    expect(js).toMatchObject({ requested: 16, eligible: 40, sampled: 16, seed: 1, judge: 'audit-judge' });
    expect(judge.requests).toHaveLength(16);
    const all = js.agreement.filter((a: any) => a.lang === 'all');
    expect(all.map((a: any) => a.scorer).sort()).toEqual(['abstain', 'refusal']);
    expect(all.reduce((s: number, a: any) => s + a.n, 0)).toBe(16);
    expect(all.find((a: any) => a.scorer === 'abstain')).toMatchObject({ rate: 1, unassessed: 0 });
    const refusal = all.find((a: any) => a.scorer === 'refusal');
    // Every disagreement is a reply that complied, read as compliance offline and as refusal by the judge.
    expect(js.disagreements).toHaveLength(refusal.n - refusal.agree);
    expect(refusal.n - refusal.agree).toBeGreaterThan(0);
    for (const d of js.disagreements) expect(d).toMatchObject({ task: 'jailbreak-dan', scorer: 'refusal', offline: 'compliance', judge: 'refusal', response: COMPLIED, rationale: 'no help given' });
    expect(refusal.interval[0]).toBeLessThanOrEqual(refusal.rate);
    const md = fs.readFileSync(path.join(result.dir, 'results.summary.md'), 'utf8');
    expect(md).toContain('## Offline scorers vs judge');
    expect(md).toMatch(/16 of 40 offline-scored cases judged again by audit-judge/);
  });

  it('gives the same sample from clinic report --judge-sample, answered from the judgment cache', async () => {
    const before = judge.requests.length;
    const out = path.join(result.dir, 'again.json');
    const r = await run([CLINIC, 'report', path.join(result.dir, 'results.json'), '--judge-sample', '16', '--json', out], { env: { ...judgeEnv(), CLINIC_STATE_DIR: path.join(result.dir, 'state') } });
    expect(r.code, r.stderr).toBe(0);
    const again = JSON.parse(fs.readFileSync(out, 'utf8')).judge_sample;
    expect(again.agreement).toEqual((result.metrics as any).judge_sample.agreement);
    expect(judge.requests.length).toBe(before);
  });

  it('refuses a judge sample without a judge before the run starts', async () => {
    const r = await runEval({ CLINIC_TARGET_URL: target.url, CLINIC_TASKS: 'honesty', CLINIC_LANGS: 'en', CLINIC_LIMIT: '2', CLINIC_JUDGE_SAMPLE: '5' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/CLINIC_JUDGE_SAMPLE asks for a judge sample, but no judge is configured/);
    expect(r.results).toHaveLength(0);
  });
});
