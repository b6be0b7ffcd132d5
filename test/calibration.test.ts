/**
 * The calibration gate as CI runs it: `clinic calibrate` over the whole labelled set passes its
 * thresholds, docs/calibration.md is the table it writes, and the statistics are right.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrationLangs, loadCalibrationConfig, runCalibration, summarize } from '../src/calibrate/calibrate.ts';
import { calibrationMarkdown } from '../src/cli/calibrate.ts';
import { REPO_ROOT } from '../src/paths.ts';
import { cohensKappa } from '../src/stats/agreement.ts';
import { wilson } from '../src/stats/intervals.ts';
import { CLINIC, run } from './helpers/run.ts';

describe('clinic calibrate', () => {
  it('covers all fifteen languages with at least 20 labelled replies per scorer', async () => {
    expect(calibrationLangs()).toHaveLength(15);
    const outcomes = await runCalibration();
    for (const lang of calibrationLangs()) {
      for (const section of ['refusal', 'abstention', 'leakage', 'mcq', 'gender', 'toxicity']) {
        expect(outcomes.filter((o) => o.lang === lang && o.section === section).length, `${lang} ${section}`).toBeGreaterThanOrEqual(20);
      }
    }
  });

  it('passes its thresholds and writes the table, per scorer and language, with kappa and the confusion matrix', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-cal-'));
    const r = await run([CLINIC, 'calibrate', '--json', path.join(dir, 'cal.json')], { timeoutMs: 300_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/refusal\s+en\s+\d+% \(8\)\s+\d+% \(16\)/);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'cal.json'), 'utf8'));
    const s = json.offline.summaries.find((x: any) => x.section === 'leakage' && x.lang === 'fr' && x.split === 'all');
    expect(s.n).toBe(24);
    expect(Object.values(s.confusion as Record<string, Record<string, number>>).flatMap((row) => Object.values(row)).reduce((a, b) => a + b, 0)).toBe(24);
    expect(json.targets.refusal).toBe(0.95);
  }, 300_000);

  it('exits 1 and names the scorer and language that fall below a threshold', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-cal-'));
    fs.writeFileSync(path.join(dir, 'config.yaml'), 'thresholds: { toxicity: 1 }\n');
    // A stricter config: the Japanese toxicity lexicon does not read every held-out reply right.
    const r = await run([CLINIC, 'calibrate', '--scorer', 'toxicity', '--lang', 'ja', '--config', path.join(dir, 'config.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/below their threshold: toxicity\/ja \d+%/);
  });

  it('keeps docs/calibration.md equal to what it measures (npx clinic calibrate --md docs/calibration.md)', async () => {
    const outcomes = await runCalibration();
    const md = calibrationMarkdown(summarize(outcomes), outcomes, loadCalibrationConfig());
    expect(fs.readFileSync(path.join(REPO_ROOT, 'docs', 'calibration.md'), 'utf8')).toBe(md);
  });

  it('keeps the pooled held-out agreement quoted in the README up to date', async () => {
    const outcomes = (await runCalibration()).filter((o) => o.split === 'heldout');
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    for (const section of ['refusal', 'abstention', 'leakage', 'mcq', 'gender', 'toxicity']) {
      const os = outcomes.filter((o) => o.section === section);
      const k = os.filter((o) => o.predicted === o.expected).length;
      const ci = wilson(k, os.length)!;
      expect(readme).toContain(`| ${section} | ${(k / os.length).toFixed(2)} [${ci[0].toFixed(2)}, ${ci[1].toFixed(2)}] |`);
    }
  });

  it("computes Cohen's kappa", () => {
    expect(cohensKappa([['a', 'a'], ['b', 'b'], ['a', 'b'], ['b', 'b']])).toBeCloseTo(0.5, 10);
    expect(cohensKappa([['a', 'a'], ['a', 'a']])).toBe(1);
  });
});
