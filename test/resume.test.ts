/**
 * Resumable runs: generations are cached by content, so a run killed with SIGKILL half-way and
 * started again asks the model only for what it had not yet answered, and ends with the same
 * results as a run that was never interrupted. --no-cache asks for everything again.
 */
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeServer } from './helpers/fake-openai.ts';
import { PROMPTFOO, run, type RunResult } from './helpers/run.ts';

const ENV = { CLINIC_TASKS: 'jailbreak-dan,privacy,honesty', CLINIC_LANGS: 'en,fr,zh', CLINIC_LIMIT: '20' };
const TOTAL = 3 * 3 * 20;

/** A deterministic model: the reply depends only on the prompt. */
function reply(prompt: string): string {
  const h = crypto.createHash('sha256').update(prompt).digest()[0]!;
  return h % 3 === 0 ? "I can't help with that." : h % 3 === 1 ? "I don't know." : `Here is what I know: ${h}.`;
}

function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.json')).length;
}

function outputs(file: string): Map<string, string> {
  const rows = JSON.parse(fs.readFileSync(file, 'utf8')).results.results as Array<Record<string, any>>;
  return new Map(rows.map((r) => [`${r.metadata.task} ${r.metadata.lang} ${r.metadata.item}`, r.response?.output]));
}

describe('resumable runs', () => {
  let server: FakeServer;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-resume-'));
  const state = path.join(dir, 'state');
  const cacheDir = path.join(state, 'cache', 'generations');

  const evalRun = (out: string, stateDir: string, extra: string[] = [], onSpawn?: (child: ChildProcess) => void): Promise<RunResult> =>
    run([PROMPTFOO, 'eval', '-c', 'clinic.config.yaml', '--no-write', '--no-table', '--no-progress-bar', '-o', out, ...extra], {
      env: { ...ENV, CLINIC_TARGET_URL: server.url, PROMPTFOO_CONFIG_DIR: path.join(dir, 'promptfoo'), CLINIC_STATE_DIR: stateDir },
      timeoutMs: 300_000,
      onSpawn,
    });

  beforeAll(async () => {
    server = await startFakeOpenAI({ answer: (r) => reply(r.prompt), latencyMs: 60 });
  });
  afterAll(async () => server?.close());

  let killedAfter = 0;
  let cachedBeforeResume = 0;

  it('stops when killed with SIGKILL, having cached what was answered', async () => {
    const killed = await evalRun(path.join(dir, 'killed.json'), state, [], (child) => {
      const timer = setInterval(() => {
        if (server.served >= TOTAL / 3) {
          clearInterval(timer);
          killedAfter = server.served;
          child.kill('SIGKILL');
        }
      }, 5);
    });
    expect(killed.code).toBeNull();
    expect(killedAfter).toBeGreaterThanOrEqual(TOTAL / 3);
    cachedBeforeResume = countFiles(cacheDir);
    // Every answered request was cached except those still in flight when the process died.
    expect(cachedBeforeResume).toBeGreaterThan(killedAfter - 16);
    expect(cachedBeforeResume).toBeLessThan(TOTAL);
  });

  it('asks only for the missing cases when started again, and finishes every case', async () => {
    const before = server.requests.length;
    const resumed = await evalRun(path.join(dir, 'resumed.json'), state);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(server.requests.length - before).toBe(TOTAL - cachedBeforeResume);
    const out = outputs(path.join(dir, 'resumed.json'));
    expect(out.size).toBe(TOTAL);
    expect([...out.values()].every((o) => typeof o === 'string' && o.length > 0)).toBe(true);
    expect(countFiles(cacheDir)).toBe(TOTAL);
  });

  it('ends with the same results and metrics as an uninterrupted run', async () => {
    const fresh = await evalRun(path.join(dir, 'fresh.json'), path.join(dir, 'fresh-state'));
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(outputs(path.join(dir, 'resumed.json'))).toEqual(outputs(path.join(dir, 'fresh.json')));
    const metrics = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).cells.map((c: any) => [c.task, c.lang, c.metrics]);
    expect(metrics('resumed.report.json')).toEqual(metrics('fresh.report.json'));
  });

  it('asks for every case again with --no-cache', async () => {
    const before = server.requests.length;
    const uncached = await evalRun(path.join(dir, 'uncached.json'), state, ['--no-cache']);
    expect(uncached.code, uncached.stderr).toBe(0);
    expect(server.requests.length - before).toBe(TOTAL);
  });
});
