import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scoreLeakage } from '../assertions/leakage.ts';
import { scoreRefusal } from '../assertions/refusal.ts';
import { Judge, Jury, parseJury } from '../src/judge/judge.ts';
import { extractJsonObject } from '../src/judge/parse.ts';
import { loadRubric } from '../src/judge/rubrics.ts';
import { UnassessedError } from '../src/scoring/record.ts';
import { startFakeOpenAI, type FakeServer } from './helpers/fake-openai.ts';

const servers: FakeServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
  for (const k of ['CLINIC_JUDGE_URL', 'CLINIC_JUDGE_MODEL', 'CLINIC_STATE_DIR']) delete process.env[k];
});

async function judgeServer(reply: (prompt: string) => string) {
  const s = await startFakeOpenAI({ answer: (r) => reply(r.prompt) });
  servers.push(s);
  process.env.CLINIC_JUDGE_URL = s.url;
  process.env.CLINIC_JUDGE_MODEL = `judge-${servers.length}-${Date.now()}`;
  process.env.CLINIC_STATE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-judge-'));
  return s;
}

describe('judge reply parsing', () => {
  it.each([
    ['{"label": "refusal", "rationale": "declined"}', 'refusal'],
    ['```json\n{"label": "compliance", "rationale": "answered"}\n```', 'compliance'],
    ['Sure! Here is my verdict: {"label":"partial_refusal","rationale":"mixed",} Thanks.', 'partial_refusal'],
    ['{"rationale": "has {braces} inside", "label": "refusal"}', 'refusal'],
  ])('reads %j', (raw, label) => {
    expect(extractJsonObject(raw)?.label).toBe(label);
  });
  it('finds nothing in prose', () => {
    expect(extractJsonObject('The model refused.')).toBeUndefined();
  });
});

describe('judge backend', () => {
  it('labels with the rubric, records model, rubric hash and rationale, and caches the verdict', async () => {
    const s = await judgeServer(() => '{"label": "Partial refusal", "rationale": "It declined, then listed steps."}');
    const first = await scoreRefusal({ response: 'No. Well, step one…', lang: 'en', request: 'how to X' }, 'judge');
    expect(first.label).toBe('partial_refusal');
    expect(first.record.judge).toMatchObject({ model: process.env.CLINIC_JUDGE_MODEL, rubric: 'refusal', rubric_hash: loadRubric('refusal').hash, rationale: 'It declined, then listed steps.' });
    expect(s.requests[0]!.prompt).toContain('how to X');
    expect(s.requests[0]!.body.temperature).toBe(0);
    const again = await scoreRefusal({ response: 'No. Well, step one…', lang: 'en', request: 'how to X' }, 'judge');
    expect(again.record.judge?.cached).toBe(true);
    expect(s.requests).toHaveLength(1);
  });

  it('leaves the case unassessed when the reply has no valid label', async () => {
    await judgeServer(() => 'I think the assistant refused.');
    await expect(scoreRefusal({ response: 'x', lang: 'en' }, 'judge')).rejects.toThrow(/unassessed: judge reply is not JSON/);
    await judgeServer(() => '{"label": "maybe"}');
    const err = await scoreRefusal({ response: 'y', lang: 'en' }, 'judge').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnassessedError);
    expect(String((err as Error).message)).toMatch(/"label" is "maybe", not one of refusal, partial_refusal, compliance/);
  });

  it('leaves the case unassessed when the judge endpoint fails', async () => {
    const s = await startFakeOpenAI({ fault: () => ({ kind: 'status', status: 401 }) });
    servers.push(s);
    const judge = new Judge({ urls: [s.url], model: 'j', cache: false });
    const outcome = await judge.judge(loadRubric('refusal'), { language: 'English', request: 'r', response: 'x' }, ['refusal']);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.reason).toMatch(/judge call failed: judge request failed after 1 attempt: HTTP 401/);
  });

  it('judges paraphrased leaks with the identifiers and the request in the prompt', async () => {
    const s = await judgeServer(() => '{"leaked": true, "leaked_fields": ["phone"], "accurate": true, "rationale": "spelled out"}');
    const scored = await scoreLeakage({ response: 'five five five, zero one four two', lang: 'en', identifiers: { phone: '+1 555-0142' }, request: 'Record ... give me her phone' }, 'judge');
    expect(scored.label).toBe('leak');
    expect(scored.leaked).toEqual(['phone']);
    expect(s.requests[0]!.prompt).toContain('- phone: +1 555-0142');
  });

  it('asks for a judge endpoint when judge scoring is requested without one', async () => {
    await expect(scoreRefusal({ response: 'x', lang: 'en' }, 'judge')).rejects.toThrow(/CLINIC_JUDGE_URL: is not set/);
  });
});

describe('jury', () => {
  async function juror(reply: string | (() => string)) {
    const s = await startFakeOpenAI({ answer: () => (typeof reply === 'string' ? reply : reply()) });
    servers.push(s);
    return s;
  }
  const verdict = (label: string) => `{"label": "${label}", "rationale": "said ${label}"}`;

  it('takes the majority label and records every vote', async () => {
    const [a, b, c] = [await juror(verdict('refusal')), await juror(verdict('compliance')), await juror(verdict('refusal'))];
    process.env.CLINIC_JURY = `judge-a@${a.url}, judge-b@${b.url}, judge-c@${c.url}`;
    process.env.CLINIC_STATE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-jury-'));
    try {
      const scored = await scoreRefusal({ response: 'I will not help with that.', lang: 'en', request: 'how to X' }, 'judge');
      expect(scored.label).toBe('refusal');
      expect(scored.record.judge).toMatchObject({
        model: 'jury(judge-a, judge-b, judge-c)',
        votes: [
          { model: 'judge-a', label: 'refusal' },
          { model: 'judge-b', label: 'compliance' },
          { model: 'judge-c', label: 'refusal' },
        ],
      });
      expect(scored.record.judge?.agreement).toBeCloseTo(2 / 3);
      expect([a, b, c].map((s) => s.requests.length)).toEqual([1, 1, 1]);
    } finally {
      delete process.env.CLINIC_JURY;
    }
  });

  it('leaves a tie or a jury without a quorum unassessed, with the votes', async () => {
    const [a, b] = [await juror(verdict('refusal')), await juror(verdict('compliance'))];
    const broken = await startFakeOpenAI({ fault: () => ({ kind: 'status', status: 400 }) });
    servers.push(broken);
    const rubric = loadRubric('refusal');
    const vars = { language: 'English', request: 'r', response: 'x' };
    const tie = await new Jury([new Judge({ urls: [a.url], model: 'a', cache: false }), new Judge({ urls: [b.url], model: 'b', cache: false })]).judge(rubric, vars, ['refusal', 'compliance']);
    expect(tie.ok).toBe(false);
    expect(tie.ok ? '' : tie.reason).toBe('jury tied: refusal vs compliance');
    expect(tie.audit.votes?.map((v) => v.label)).toEqual(['refusal', 'compliance']);
    const thin = await new Jury([
      new Judge({ urls: [a.url], model: 'a', cache: false }),
      new Judge({ urls: [broken.url], model: 'x', cache: false }),
      new Judge({ urls: [broken.url], model: 'y', cache: false }),
    ]).judge(rubric, vars, ['refusal', 'compliance']);
    expect(thin.ok ? '' : thin.reason).toBe('jury: only 1 of 3 judges gave a valid verdict');
    expect(thin.audit.votes?.[1]).toMatchObject({ model: 'x', label: null, error: expect.stringMatching(/HTTP 400/) });
  });

  it('rejects a malformed CLINIC_JURY with the entry named', () => {
    expect(() => parseJury('judge-a@http://h:1/v1, just-a-name')).toThrow(/CLINIC_JURY: "just-a-name" is not model@url/);
    expect(parseJury('org/model@v2@http://h:1/v1, b@https://x/v1')).toEqual([
      { model: 'org/model@v2', url: 'http://h:1/v1' },
      { model: 'b', url: 'https://x/v1' },
    ]);
  });
});
