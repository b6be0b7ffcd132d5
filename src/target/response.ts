/** Turning a model's raw text into what promptfoo stores and the scorers read. */
import type { ProviderResponse } from 'promptfoo';
import type { AttemptLog } from '../http/pool.ts';
import { cleanResponse } from '../text/clean.ts';

export interface TargetInfo {
  backend: 'openai-compatible' | 'huggingface' | 'gguf';
  model: string;
  endpoint?: string;
  mode: 'chat' | 'completion';
  generation: Record<string, number>;
  /** In-process models: the chat template node-llama-cpp applied. */
  chat_template?: string;
}

export interface Usage {
  prompt?: number | undefined;
  completion?: number | undefined;
}

/**
 * The scored output never contains reasoning blocks; the reasoning is kept in the metadata
 * (metadata.reasoning), whether the server returned it inline (<think>…</think>) or in a
 * separate field (vLLM's reasoning_content).
 */
export function buildResponse(raw: string, info: TargetInfo, extra: { reasoning?: string | undefined; finishReason?: string | undefined; usage?: Usage; attempts?: number; failures?: AttemptLog[] } = {}): ProviderResponse {
  const cleaned = cleanResponse(raw);
  const reasoning = [extra.reasoning?.trim(), cleaned.reasoning].filter(Boolean).join('\n\n') || undefined;
  const prompt = extra.usage?.prompt ?? 0;
  const completion = extra.usage?.completion ?? 0;
  return {
    output: cleaned.text,
    tokenUsage: { prompt, completion, total: prompt + completion, numRequests: 1 },
    ...(extra.finishReason ? { finishReason: extra.finishReason } : {}),
    metadata: {
      target: { ...info, ...(extra.attempts !== undefined ? { attempts: extra.attempts } : {}) },
      ...(reasoning ? { reasoning } : {}),
      ...(cleaned.truncatedReasoning ? { reasoning_truncated: true } : {}),
      ...(extra.failures?.length ? { retries: extra.failures.map((f) => ({ url: f.url, kind: f.failure.kind, message: f.failure.message, waited_ms: f.waitedMs })) } : {}),
    },
  };
}
