/**
 * clinic report on real promptfoo results: every output is written, intervals and unassessed
 * counts sit beside each figure, the original-shape results use the original keys, the
 * manifest names data, versions, decoding and targets, and comparisons (two targets in one run,
 * or a baseline file) say better / worse / no detectable difference.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/paths.ts';
import { runEval, type EvalRun } from './helpers/e2e.ts';
import { startFakeOpenAI, type FakeServer } from './helpers/fake-openai.ts';
import { CLINIC, PROMPTFOO, run } from './helpers/run.ts';

describe('clinic report', () => {
  let safe: FakeServer;
  let unsafe: FakeServer;
  let single: EvalRun;
  let baselineRun: EvalRun;
  const env = { CLINIC_TASKS: 'jailbreak-dan,privacy', CLINIC_LANGS: 'en,ne,zh', CLINIC_LIMIT: undefined };

  beforeAll(async () => {
    safe = await startFakeOpenAI({ models: ['careful-model'], answer: () => "I'm sorry, but I can't help with that." });
    unsafe = await startFakeOpenAI({ models: ['careless-model'], answer: (r) => (r.prompt.length % 4 === 0 ? "I can't help with that." : 'Sure. Step 1: find a seller. Step 2: pay.') });
    [single, baselineRun] = await Promise.all([runEval({ ...env, CLINIC_TARGET_URL: safe.url }), runEval({ ...env, CLINIC_TARGET_URL: unsafe.url })]);
  }, 600_000);

  afterAll(async () => {
    await safe?.close();
    await unsafe?.close();
  });

  it('writes HTML, Markdown, JSON and the original-shape results, and says what it read', async () => {
    const out = path.join(single.dir, 'r');
    const r = await run([CLINIC, 'report', path.join(single.dir, 'results.json'), '--html', `${out}.html`, '--md', `${out}.md`, '--json', `${out}.json`, '--original', `${out}.original.json`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Read 120 results from .*results\.json: 1 target, 2 tasks, 3 languages, 0 unassessed/);
    const report = JSON.parse(fs.readFileSync(`${out}.json`, 'utf8'));
    const cell = report.cells.find((c: any) => c.task === 'jailbreak-dan' && c.lang === 'ne');
    expect(cell.metrics.refusal_rate).toMatchObject({ value: 1, n: 20, unassessed: 0, ci_method: 'wilson' });
    expect(cell.metrics.refusal_rate.ci[0]).toBeCloseTo(0.8389, 4);
    expect(report.pooled.find((p: any) => p.task === 'jailbreak-dan').metrics.refusal_rate.ci_method).toBe('cluster-robust');
    expect(report.resource_groups.find((g: any) => g.task === 'jailbreak-dan' && g.resource === 'low')).toMatchObject({ value: 1, langs: ['ne'] });
    expect(report.manifest).toMatchObject({ suite: { name: 'clinic-promptfoo' }, eval: { cases: 120 }, targets: [{ target: 'target', models: ['careful-model'], backends: ['openai-compatible'] }] });
    expect(report.manifest.data.cases_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.manifest.decoding['jailbreak-dan']).toEqual({ max_tokens: 500 });
    expect(report.manifest.data.tasks['privacy'].version).toBe(1);
    const original = JSON.parse(fs.readFileSync(`${out}.original.json`, 'utf8'));
    expect(original.JailbreakDAN).toContainEqual({ model: 'target', language: 'Nepali', rta_rate: 1, refuse_to_answer_count: 20, total_samples: 20 });
    expect(original.privacy).toContainEqual({ model: 'target', language: 'Chinese', leaky_rate: 0, accuracy: 1 });
    expect(fs.readFileSync(`${out}.md`, 'utf8')).toContain('| jailbreak-dan | refusal_rate ↑ | 1.000 [');
    expect(fs.readFileSync(`${out}.html`, 'utf8')).toContain('Content-Security-Policy');
  });

  it('compares a run with a baseline run item by item', async () => {
    const out = path.join(single.dir, 'cmp.json');
    const r = await run([CLINIC, 'report', path.join(single.dir, 'results.json'), '--baseline', path.join(baselineRun.dir, 'results.json'), '--json', out]);
    expect(r.code, r.stderr).toBe(0);
    const cmp = JSON.parse(fs.readFileSync(out, 'utf8')).comparisons as any[];
    const sw = cmp.find((c) => c.task === 'jailbreak-dan' && c.lang === 'ne' && c.metric === 'refusal_rate');
    expect(sw).toMatchObject({ baseline: 'target (baseline)', candidate: 'target', candidate_value: 1, test: 'mcnemar', verdict: 'better' });
    expect(sw.baseline_value).toBeLessThan(0.6);
    expect(sw.p_value).toBeLessThan(0.05);
    const pooled = cmp.find((c) => c.task === 'jailbreak-dan' && c.lang === 'all' && c.metric === 'refusal_rate');
    expect(pooled).toMatchObject({ test: 'paired-bootstrap', verdict: 'better' });
    expect(cmp.find((c) => c.task === 'privacy' && c.lang === 'en' && c.metric === 'leak_rate').verdict).toBe('no detectable difference');
  });

  it('compares several targets of one run (clinic.compare.yaml)', async () => {
    const dir = path.join(single.dir, 'two');
    fs.mkdirSync(dir);
    const r = await run([PROMPTFOO, 'eval', '-c', path.join(REPO_ROOT, 'clinic.compare.yaml'), '--no-write', '--no-table', '--no-progress-bar', '-o', path.join(dir, 'results.json')], {
      env: { ...env, CLINIC_LANGS: 'en', CLINIC_BASELINE_URL: unsafe.url, CLINIC_TARGET_URL: safe.url, PROMPTFOO_CONFIG_DIR: path.join(dir, 'pf'), CLINIC_STATE_DIR: path.join(dir, 'state') },
    });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'results.report.json'), 'utf8'));
    expect(report.targets).toEqual(['baseline', 'candidate']);
    expect(report.comparisons.find((c: any) => c.task === 'jailbreak-dan' && c.lang === 'en' && c.metric === 'refusal_rate')).toMatchObject({ baseline: 'baseline', candidate: 'candidate', verdict: 'better' });
  }, 300_000);
});

describe('reading results files', () => {
  it('reads JSONL with CRLF line ends, rows longer than a read chunk, and no final newline', async () => {
    const { readResults } = await import('../src/report/read.ts');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-read-'));
    // 2 MB of multi-byte text: the row spans read chunks and characters straddle their edges.
    const long = 'नमस्ते 你好 '.repeat(200_000);
    const rows = [{ evalId: 'e1', response: 'a' }, { response: long }, { response: 'ok ✓' }];
    const file = path.join(dir, 'r.jsonl');
    fs.writeFileSync(file, `${JSON.stringify(rows[0])}\r\n\r\n${JSON.stringify(rows[1])}\n${JSON.stringify(rows[2])}`);
    const read = await readResults(file);
    expect(read.rows).toEqual(rows);
    expect(read.evalId).toBe('e1');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
