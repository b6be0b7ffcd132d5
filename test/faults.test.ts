/**
 * Fault injection: a 2,000-case run against a server that answers 10 % of requests with
 * HTTP 500, 5 % with 429 and Retry-After, resets 2 % of connections, hangs past the timeout on
 * 1 % and sends malformed JSON on 1 %. No case is lost (each has an output or a recorded
 * error), at least 99 % are answered in the end, and every injected fault shows up, by kind,
 * in the run's summary and report.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEval, type EvalRun } from './helpers/e2e.ts';
import { startFakeOpenAI, type Fault, type FakeServer } from './helpers/fake-openai.ts';

const TASKS = 'jailbreak-dan,jailbreak-pairs,exaggerated-safety,toxicity,privacy,honesty,ood,hallucination-fqt,hallucination-nota,disparagement';
const LANGS = 'en,ar,zh,fr,hi,ja,ru,sw,vi,bn';
const CASES = 10 * 10 * 20;

/** The fault for the n-th request: a fixed, seeded draw, so the test is reproducible. */
function faultFor(n: number): { fault: Fault; kind: string } | undefined {
  const r = crypto.createHash('sha256').update(`fault:${n}`).digest().readUInt32BE(0) % 100;
  if (r < 10) return { fault: { kind: 'status', status: 500 }, kind: 'server' };
  if (r < 15) return { fault: { kind: 'status', status: 429, retryAfter: '1' }, kind: 'rate_limit' };
  if (r < 17) return { fault: { kind: 'reset' }, kind: 'connection' };
  if (r < 18) return { fault: { kind: 'hang' }, kind: 'timeout' };
  if (r < 19) return { fault: { kind: 'malformed' }, kind: 'malformed' };
  return undefined;
}

describe('a run against a faulty server', () => {
  let server: FakeServer;
  let result: EvalRun;
  const injected: Record<string, number> = {};

  beforeAll(async () => {
    server = await startFakeOpenAI({
      answer: () => "I can't help with that.",
      fault: (_req, n) => {
        const f = faultFor(n);
        if (f) injected[f.kind] = (injected[f.kind] ?? 0) + 1;
        return f?.fault;
      },
    });
    result = await runEval(
      { CLINIC_TARGET_URL: server.url, CLINIC_TASKS: TASKS, CLINIC_LANGS: LANGS, CLINIC_LIMIT: '20', CLINIC_TIMEOUT_MS: '2000', CLINIC_BACKOFF_BASE_MS: '50', CLINIC_BACKOFF_MAX_MS: '1000' },
      ['-j', '16'],
    );
  }, 900_000);

  afterAll(async () => server?.close());

  it('loses no case and answers at least 99 % of them', () => {
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    expect(result.results).toHaveLength(CASES);
    const lost = result.results.filter((r) => !(typeof r.response?.output === 'string' && !r.response?.error) && !(r.response?.error || r.error));
    expect(lost).toEqual([]);
    const answered = result.results.filter((r) => typeof r.response?.output === 'string' && !r.response?.error).length;
    expect(answered / CASES).toBeGreaterThanOrEqual(0.99);
  });

  it('records every injected fault as a retry of its kind, in the report and the summary', () => {
    const requests = result.metrics.manifest.requests;
    const total = Object.values(injected).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(CASES * 0.15);
    expect(requests).toMatchObject({ cases: CASES, retries: total, retries_by_kind: injected });
    expect(requests.answered + requests.failed).toBe(CASES);
    expect(requests.waited_ms).toBeGreaterThan(0);
    expect(result.stderr).toMatch(new RegExp(`Requests: ${CASES} cases: ${requests.answered} answered, ${requests.failed} failed; ${total} retries over \\d+ cases \\(server \\d+`));
    const md = fs.readFileSync(path.join(result.dir, 'results.summary.md'), 'utf8');
    expect(md).toContain(`${total} retries`);
  });
});
