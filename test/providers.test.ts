import { afterEach, describe, expect, it } from 'vitest';
import HuggingFaceProvider from '../providers/huggingface.ts';
import OpenAICompatibleProvider from '../providers/openai-compatible.ts';
import TargetProvider, { chooseBackend } from '../providers/target.ts';
import { backoffDelay, parseRetryAfter } from '../src/http/retry.ts';
import { startFakeOpenAI, type FakeServer, type FakeServerOptions } from './helpers/fake-openai.ts';

const servers: FakeServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

async function server(opts: FakeServerOptions = {}) {
  const s = await startFakeOpenAI(opts);
  servers.push(s);
  return s;
}

const fast = { backoffBaseMs: 20, backoffMaxMs: 200, timeoutMs: 2000, maxRetries: 4 };
const ctx = (generation: Record<string, number | null> = { max_tokens: 32, temperature: null, top_p: null }) => ({ test: { metadata: { generation } } }) as never;

function provider(url: string | string[], extra: Record<string, unknown> = {}) {
  return new OpenAICompatibleProvider({ config: { url, model: 'm', ...fast, ...extra } });
}

describe('OpenAI-compatible target', () => {
  it('sends one user message and the task decoding settings, leaving nulls to the model', async () => {
    const s = await server({ answer: () => 'fine' });
    const res = await provider(s.url).callApi('Question: hi\nAnswer:', ctx({ max_tokens: 500, temperature: null, top_p: 0.95 }));
    expect(res.output).toBe('fine');
    const body = s.requests[0]!.body;
    expect(body.messages).toEqual([{ role: 'user', content: 'Question: hi\nAnswer:' }]);
    expect(body.max_tokens).toBe(500);
    expect(body.top_p).toBe(0.95);
    expect('temperature' in body).toBe(false);
    expect(res.tokenUsage).toMatchObject({ prompt: 20, completion: 4, total: 24, numRequests: 1 });
    expect(res.metadata?.target).toMatchObject({ backend: 'openai-compatible', model: 'm', mode: 'chat', generation: { max_tokens: 500, top_p: 0.95 } });
  });

  it('lets environment overrides win over the task settings', async () => {
    const s = await server();
    process.env.CLINIC_TEMPERATURE = '0';
    try {
      await provider(s.url).callApi('x', ctx({ max_tokens: 50, temperature: 0.7, top_p: null }));
    } finally {
      delete process.env.CLINIC_TEMPERATURE;
    }
    expect(s.requests[0]!.body.temperature).toBe(0);
  });

  it('uses /v1/completions with the raw prompt in completion mode', async () => {
    const s = await server({ answer: (r) => `echo:${r.prompt}` });
    const res = await provider(s.url, { mode: 'completion' }).callApi('Query: a\nResponse:', ctx());
    expect(s.requests[0]!.path).toBe('/v1/completions');
    expect(s.requests[0]!.body.prompt).toBe('Query: a\nResponse:');
    expect(res.output).toBe('echo:Query: a\nResponse:');
  });

  it('removes reasoning from the scored output and keeps it in metadata', async () => {
    const s = await server({ answer: () => '<think>the user wants X</think>\nNo, I cannot help.' });
    const res = await provider(s.url).callApi('x', ctx());
    expect(res.output).toBe('No, I cannot help.');
    expect(res.metadata?.reasoning).toBe('the user wants X');
    const s2 = await server({ answer: () => ({ content: 'Answer B', reasoning_content: 'server-side reasoning' }) });
    const res2 = await provider(s2.url).callApi('x', ctx());
    expect(res2.output).toBe('Answer B');
    expect(res2.metadata?.reasoning).toBe('server-side reasoning');
  });

  it('asks the server for its model when none is configured', async () => {
    const s = await server({ models: ['qwen2.5-7b-instruct'] });
    const p = new OpenAICompatibleProvider({ config: { url: s.url, ...fast } });
    expect(await p.preflight()).toContain('qwen2.5-7b-instruct');
    await p.callApi('x', ctx());
    expect(s.requests[0]!.model).toBe('qwen2.5-7b-instruct');
    const many = await server({ models: ['a', 'b'] });
    await expect(new OpenAICompatibleProvider({ config: { url: many.url, ...fast } }).preflight()).rejects.toThrow(/several models \(a, b\); choose one with CLINIC_TARGET_MODEL/);
  });

  it('retries 5xx, connection resets, timeouts and malformed bodies, then answers', async () => {
    const faults = [{ kind: 'status', status: 500 }, { kind: 'reset' }, { kind: 'hang' }, { kind: 'malformed' }] as const;
    const s = await server({ answer: () => 'recovered', fault: (_r, n) => faults[n - 1] });
    const res = await provider(s.url, { timeoutMs: 400 }).callApi('x', ctx());
    expect(res.output).toBe('recovered');
    expect(res.metadata?.target?.attempts).toBe(5);
    expect((res.metadata?.retries as Array<{ kind: string }>).map((r) => r.kind)).toEqual(['server', 'connection', 'timeout', 'malformed']);
  });

  it('honours Retry-After on 429', async () => {
    const s = await server({ answer: () => 'ok', fault: (_r, n) => (n === 1 ? { kind: 'status', status: 429, retryAfter: '1' } : undefined) });
    const started = Date.now();
    const res = await provider(s.url).callApi('x', ctx());
    const elapsed = Date.now() - started;
    expect(res.output).toBe('ok');
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect((res.metadata?.retries as Array<{ kind: string }>)[0]!.kind).toBe('rate_limit');
  });

  it('does not retry a 400 and reports the error', async () => {
    const s = await server({ fault: () => ({ kind: 'status', status: 400, body: '{"error":{"message":"context length exceeded"}}' }) });
    const res = await provider(s.url).callApi('x', ctx());
    expect(s.requests).toHaveLength(1);
    expect(res.error).toMatch(/target request failed after 1 attempt: HTTP 400 .*context length exceeded/);
  });

  it('gives up after the configured retries with the last failure', async () => {
    const s = await server({ fault: () => ({ kind: 'status', status: 503 }) });
    const res = await provider(s.url, { maxRetries: 2 }).callApi('x', ctx());
    expect(s.requests).toHaveLength(3);
    expect(res.error).toMatch(/failed after 3 attempts: HTTP 503/);
  });

  it('spreads requests round-robin over several URLs and fails over from a dead one', async () => {
    const a = await server({ answer: () => 'a' });
    const b = await server({ answer: () => 'b' });
    const p = provider([a.url, b.url]);
    const outputs = await Promise.all(Array.from({ length: 10 }, () => p.callApi('x', ctx())));
    expect(outputs.filter((o) => o.output === 'a')).toHaveLength(5);
    expect(outputs.filter((o) => o.output === 'b')).toHaveLength(5);

    const dead = await server();
    const deadUrl = dead.url;
    await dead.close();
    servers.splice(servers.indexOf(dead), 1);
    const q = provider([deadUrl, b.url]);
    const res = await Promise.all(Array.from({ length: 6 }, () => q.callApi('x', ctx())));
    expect(res.every((r) => r.output === 'b')).toBe(true);
    expect(q.poolStats().find((st) => st.url === deadUrl)!.down).toBe(true);
  });
});

describe('retry timing', () => {
  it('grows exponentially with jitter inside the window', () => {
    const policy = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelay(0, policy, () => 0)).toBe(50);
    expect(backoffDelay(0, policy, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, () => 0)).toBe(400);
    expect(backoffDelay(10, policy, () => 1)).toBe(1000);
  });
  it('reads Retry-After as seconds, as a date, and retry-after-ms', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '3' }))).toBe(3000);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(parseRetryAfter(new Headers({ 'retry-after': new Date(10_000).toUTCString() }), 4000)).toBe(6000);
    expect(parseRetryAfter(new Headers({}))).toBeUndefined();
  });
});

describe('Hugging Face target', () => {
  it('talks to a TGI or Inference Endpoint URL in chat and completion modes', async () => {
    const s = await server({ answer: (r) => (r.path.endsWith('/chat/completions') ? 'chat reply' : 'raw reply') });
    const chat = new HuggingFaceProvider({ config: { endpoint: s.url.replace(/\/v1$/, ''), ...fast } });
    expect((await chat.callApi('Question: x', ctx({ max_tokens: 64, temperature: 0.7, top_p: 0.95 }))).output).toBe('chat reply');
    expect(s.requests[0]!.path).toBe('/v1/chat/completions');
    expect(s.requests[0]!.body).toMatchObject({ max_tokens: 64, temperature: 0.7, top_p: 0.95 });
    const raw = new HuggingFaceProvider({ config: { endpoint: s.url.replace(/\/v1$/, ''), mode: 'completion', ...fast } });
    expect((await raw.callApi('Query: y', ctx())).output).toBe('raw reply');
    expect(s.requests[1]!.path).toBe('/v1/completions');
    expect(s.requests[1]!.body.prompt).toBe('Query: y');
  });

  it('retries an overloaded endpoint', async () => {
    const s = await server({ answer: () => 'ok', fault: (_r, n) => (n === 1 ? { kind: 'status', status: 503, retryAfter: '0' } : undefined) });
    const p = new HuggingFaceProvider({ config: { endpoint: s.url.replace(/\/v1$/, ''), ...fast } });
    expect((await p.callApi('x', ctx())).output).toBe('ok');
    expect(s.requests).toHaveLength(2);
  });
});

describe('target selection', () => {
  it('chooses the backend from the environment', () => {
    expect(chooseBackend({}, { CLINIC_TARGET_URL: 'http://x' })).toBe('openai');
    expect(chooseBackend({}, { CLINIC_HF_MODEL: 'org/m' })).toBe('huggingface');
    expect(chooseBackend({}, {})).toBe('gguf');
    expect(chooseBackend({}, { CLINIC_TARGET: 'gguf', CLINIC_TARGET_URL: 'http://x' })).toBe('gguf');
    expect(() => chooseBackend({}, { CLINIC_TARGET: 'tensorflow' })).toThrow(/must be openai, huggingface or gguf/);
  });

  it('reports a bad configuration at the pre-run check instead of at load', async () => {
    process.env.CLINIC_TARGET_URL = 'http://127.0.0.1:1';
    process.env.CLINIC_TARGET_MODE = 'telepathy';
    try {
      const p = new TargetProvider({});
      await expect(p.preflight()).rejects.toThrow(/CLINIC_TARGET_MODE: must be chat or completion, got "telepathy"/);
      expect((await p.callApi('x')).error).toMatch(/telepathy/);
    } finally {
      delete process.env.CLINIC_TARGET_URL;
      delete process.env.CLINIC_TARGET_MODE;
    }
  });
});
