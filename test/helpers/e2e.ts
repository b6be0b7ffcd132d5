/**
 * Shared by the end-to-end tests: the fixture replies the fake model sends, a deterministic
 * choice of reply per case, and a real `promptfoo eval` of clinic.config.yaml against it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { REPO_ROOT } from '../../src/paths.ts';
import { PROMPTFOO, run, type RunResult } from './run.ts';

/** The fifteen CLINIC languages. */
export const CLINIC_LANGS = ['en', 'ar', 'zh', 'fr', 'hi', 'ja', 'ko', 'ne', 'ru', 'so', 'es', 'sw', 'vi', 'ha', 'bn'] as const;

export type FixtureReplies = Record<string, Record<string, string[] | Record<string, string>>>;

export function loadFixtureReplies(): FixtureReplies {
  return load(fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'responses.yaml'), 'utf8')) as FixtureReplies;
}

/** A stable number in [0, n) for a key: the same case always gets the same behaviour. */
export function bucket(key: string, n: number): number {
  return crypto.createHash('sha256').update(key).digest().readUInt32BE(0) % n;
}

export function pick<T>(list: readonly T[], key: string): T {
  return list[bucket(`pick:${key}`, list.length)]!;
}

export interface EvalRun extends RunResult {
  results: Array<Record<string, any>>;
  /** The CLINIC report written after the run (results.report.json). */
  metrics: { cells: Array<Record<string, any>>; pooled: Array<Record<string, any>>; resource_groups: Array<Record<string, any>>; manifest: Record<string, any> };
  dir: string;
}

/** Runs the real promptfoo CLI on clinic.config.yaml with the given environment. */
export async function runEval(env: Record<string, string | undefined>, extraArgs: string[] = []): Promise<EvalRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-e2e-'));
  const out = path.join(dir, 'results.json');
  const result = await run([PROMPTFOO, 'eval', '-c', 'clinic.config.yaml', '--no-write', '--no-table', '--no-progress-bar', '-o', out, ...extraArgs], {
    env: { PROMPTFOO_CONFIG_DIR: path.join(dir, 'promptfoo'), CLINIC_STATE_DIR: path.join(dir, 'state'), ...env },
    timeoutMs: 600_000,
  });
  const results = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')).results.results as Array<Record<string, any>>) : [];
  const reportFile = path.join(dir, 'results.report.json');
  const metrics = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : { cells: [], pooled: [], resource_groups: [], manifest: {} };
  return { ...result, results, metrics, dir };
}
