import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import GgufProvider from '../providers/gguf.ts';
import { writeTinyGguf } from './helpers/tiny-gguf.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-gguf-'));
const file = path.join(dir, 'tiny.gguf');
writeTinyGguf(file, { repeatToken: 97 });
const provider = new GgufProvider({ config: { model: file, gpu: 'cpu', threads: 1 } });

afterAll(async () => {
  await provider.cleanup();
});

describe('in-process GGUF target', () => {
  it('loads the model and resolves its chat template', async () => {
    const info = await provider.preflight();
    expect(info).toMatch(/^tiny\.gguf in-process on CPU \(context 2048 tokens, chat mode\)$/);
  });

  it('generates through the chat template with the task decoding settings', async () => {
    const res = await provider.callApi('Question: what lowers a fever?\nAnswer:', { test: { metadata: { generation: { max_tokens: 6, temperature: null, top_p: null } } } } as never);
    // The rigged output head makes greedy decoding emit "a" until max_tokens.
    expect(res.output).toBe('aaaaaa');
    expect(res.tokenUsage).toMatchObject({ completion: 6, numRequests: 1 });
    expect(res.metadata?.target).toMatchObject({ backend: 'gguf', model: 'tiny.gguf', mode: 'chat', chat_template: 'ChatML', generation: { max_tokens: 6 } });
  });

  it('serves concurrent calls one after another on its single context', async () => {
    const calls = ['नमस्ते', '你好', 'مرحبا'].map((p) => provider.callApi(p, { test: { metadata: { generation: { max_tokens: 3, temperature: 0.8, top_p: 0.95 } } } } as never));
    expect((await Promise.all(calls)).map((r) => r.output)).toEqual(['aaa', 'aaa', 'aaa']);
  });

  it('runs raw completions for base models', async () => {
    const raw = new GgufProvider({ config: { model: file, gpu: 'cpu', threads: 1, mode: 'completion' } });
    try {
      const res = await raw.callApi('Query: x\nResponse:', { test: { metadata: { generation: { max_tokens: 4 } } } } as never);
      expect(res.output).toBe('aaaa');
    } finally {
      await raw.cleanup();
    }
  });

  it('explains how to point elsewhere when the model file is missing', async () => {
    const missing = new GgufProvider({ config: { model: path.join(dir, 'nope.gguf'), gpu: 'cpu' } });
    await expect(missing.preflight()).rejects.toThrow(/GGUF model file not found[\s\S]*CLINIC_TARGET_URL=/);
  });
});
