/** A pool of OpenAI-compatible endpoints (vLLM, TGI, SGLang, Ollama, llama.cpp server, any /v1 API). */
import OpenAI from 'openai';
import { EndpointPool, type PoolOptions } from './pool.ts';

export type OpenAIPoolOptions = Omit<PoolOptions<OpenAI>, 'makeClient'> & { apiKey?: string | undefined };

export function openAIPool(opts: OpenAIPoolOptions): EndpointPool<OpenAI> {
  const { apiKey, ...rest } = opts;
  return new EndpointPool<OpenAI>({
    ...rest,
    makeClient: (url) =>
      new OpenAI({
        baseURL: url,
        // Local servers accept any key; the SDK insists on one being set.
        apiKey: apiKey || 'not-needed',
        maxRetries: 0,
        timeout: opts.timeoutMs,
      }),
  });
}
