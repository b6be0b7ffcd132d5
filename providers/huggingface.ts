/**
 * Target provider for Hugging Face: a dedicated Inference Endpoint or any TGI server
 * (CLINIC_HF_ENDPOINT, one URL or a comma list with failover), or a model routed through
 * Hugging Face Inference Providers (CLINIC_HF_MODEL, optionally CLINIC_HF_PROVIDER).
 * The token comes from HF_TOKEN. Chat mode sends one user message; completion mode sends the
 * raw prompt (CLINIC_TARGET_MODE=completion).
 */
import { InferenceClient } from '@huggingface/inference';
import type { ApiProvider, CallApiContextParams, CallApiOptionsParams, ProviderOptions, ProviderResponse } from 'promptfoo';
import { ClinicError } from '../src/errors.ts';
import { EndpointPool, PoolError } from '../src/http/pool.ts';
import { HttpStatusError } from '../src/http/retry.ts';
import { buildResponse, type TargetInfo } from '../src/target/response.ts';
import { generationOverridesFromEnv, resolveGeneration, retrySettings, type GenerationOverrides } from '../src/target/settings.ts';

export interface HuggingFaceConfig {
  endpoint?: string | string[];
  model?: string;
  provider?: string;
  tokenEnv?: string;
  mode?: 'chat' | 'completion';
  timeoutMs?: number;
  maxRetries?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  generation?: GenerationOverrides;
}

const ROUTER = 'https://router.huggingface.co';

/** fetch that turns HTTP errors into HttpStatusError, so Retry-After reaches the retry logic. */
function statusAwareFetch(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const signals = [AbortSignal.timeout(timeoutMs), ...(init?.signal ? [init.signal] : [])];
    const res = await fetch(input, { ...init, signal: AbortSignal.any(signals) });
    if (!res.ok) throw new HttpStatusError(res.status, res.headers, (await res.text().catch(() => '')).slice(0, 300));
    return res;
  };
}

export default class HuggingFaceProvider implements ApiProvider {
  readonly config: HuggingFaceConfig;
  readonly label: string | undefined;
  private readonly pool: EndpointPool<InferenceClient>;
  private readonly model: string | undefined;
  private readonly routed: boolean;
  private readonly mode: 'chat' | 'completion';
  private readonly overrides: GenerationOverrides;

  constructor(options: ProviderOptions = {}) {
    const config = (options.config ?? {}) as HuggingFaceConfig;
    this.config = config;
    this.label = options.label;
    const rawEndpoints = Array.isArray(config.endpoint) ? config.endpoint : (config.endpoint ?? process.env.CLINIC_HF_ENDPOINT ?? '').split(',');
    const endpoints = rawEndpoints.map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean);
    this.model = config.model ?? (process.env.CLINIC_HF_MODEL?.trim() || undefined);
    if (endpoints.length === 0 && !this.model) {
      throw new ClinicError({ file: 'environment', field: 'CLINIC_HF_MODEL', message: 'set CLINIC_HF_MODEL (a model on Hugging Face Inference Providers) or CLINIC_HF_ENDPOINT (an Inference Endpoint or TGI URL)' });
    }
    this.routed = endpoints.length === 0;
    const mode = config.mode ?? (process.env.CLINIC_TARGET_MODE?.trim() || 'chat');
    if (mode !== 'chat' && mode !== 'completion') throw new ClinicError({ file: 'environment', field: 'CLINIC_TARGET_MODE', message: `must be chat or completion, got "${mode}"` });
    this.mode = mode;
    this.overrides = { ...generationOverridesFromEnv(), ...config.generation };
    const token = process.env[config.tokenEnv ?? 'HF_TOKEN'] || undefined;
    const retry = retrySettings(config);
    this.pool = new EndpointPool<InferenceClient>({
      role: 'target',
      urls: this.routed ? [ROUTER] : endpoints,
      ...retry,
      makeClient: (url) =>
        new InferenceClient(token, { ...(this.routed ? {} : { endpointUrl: url }), retry_on_error: false, fetch: statusAwareFetch(retry.timeoutMs) }),
    });
  }

  id(): string {
    return `clinic:huggingface:${this.model ?? this.pool.urls.join(',')}`;
  }

  async cacheIdentity(): Promise<Record<string, unknown>> {
    return { backend: 'huggingface', model: this.model ?? this.pool.urls, mode: this.mode, overrides: this.overrides };
  }

  async preflight(): Promise<string> {
    return this.routed ? `${this.model} via Hugging Face Inference Providers (${this.mode} mode)` : `${this.model ?? 'endpoint model'} at ${this.pool.urls.join(', ')} (${this.mode} mode)`;
  }

  async callApi(prompt: string, context?: CallApiContextParams, options?: CallApiOptionsParams): Promise<ProviderResponse> {
    const generation = resolveGeneration(context?.test?.metadata?.generation, this.overrides);
    const target = (url: string): TargetInfo => ({ backend: 'huggingface', model: this.model ?? 'tgi', endpoint: url, mode: this.mode, generation: { ...generation } });
    const provider = (this.config.provider ?? process.env.CLINIC_HF_PROVIDER?.trim()) || undefined;
    const common = { ...(this.model ? { model: this.model } : {}), ...(this.routed && provider ? { provider: provider as never } : {}) };
    const signal = options?.abortSignal;
    try {
      if (this.mode === 'chat') {
        const res = await this.pool.request(
          (client) =>
            client.chatCompletion(
              { ...common, messages: [{ role: 'user', content: prompt }], max_tokens: generation.max_tokens, ...(generation.temperature !== undefined ? { temperature: generation.temperature } : {}), ...(generation.top_p !== undefined ? { top_p: generation.top_p } : {}) },
              signal ? { signal } : {},
            ),
          signal,
        );
        const choice = res.value.choices?.[0];
        if (!choice) return { error: 'target response has no choices' };
        const message = choice.message as { content?: string; reasoning_content?: string };
        return buildResponse(message.content ?? '', target(res.url), {
          reasoning: message.reasoning_content,
          finishReason: choice.finish_reason,
          usage: { prompt: res.value.usage?.prompt_tokens, completion: res.value.usage?.completion_tokens },
          attempts: res.attempts,
          failures: res.failures,
        });
      }
      const res = await this.pool.request(
        (client) =>
          client.textGeneration(
            {
              ...common,
              inputs: prompt,
              parameters: { max_new_tokens: generation.max_tokens, return_full_text: false, ...(generation.temperature !== undefined ? { temperature: generation.temperature, do_sample: generation.temperature > 0 } : {}), ...(generation.top_p !== undefined ? { top_p: generation.top_p } : {}) },
            },
            signal ? { signal } : {},
          ),
        signal,
      );
      return buildResponse(res.value.generated_text ?? '', target(res.url), { attempts: res.attempts, failures: res.failures });
    } catch (err) {
      if (err instanceof PoolError) return { error: err.message };
      throw err;
    }
  }
}
