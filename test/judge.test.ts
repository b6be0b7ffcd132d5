import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scoreLeakage } from '../assertions/leakage.ts';
import { scoreRefusal } from '../assertions/refusal.ts';
import { Judge } from '../src/judge/judge.ts';
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
