/**
 * Target provider for any OpenAI-compatible server: vLLM, TGI, SGLang, Ollama, a llama.cpp
 * server, or a hosted /v1 API. One base URL or several (load-balanced round-robin with
 * failover); chat mode (one user message, no system prompt) or raw completion mode
 * (/v1/completions, for base models, as CLINIC ran them).
 *
 *   CLINIC_TARGET_URL      base URL, or a comma list (http://host:8000 or http://host:8000/v1)
 *   CLINIC_TARGET_MODEL    model name (asked from /v1/models when unset and the server has one)
 *   CLINIC_TARGET_API_KEY  API key (the variable's name can be changed with config.apiKeyEnv)
 *   CLINIC_TARGET_MODE     chat (default) | completion
 */
import type OpenAI from 'openai';
import type { ApiProvider, CallApiContextParams, CallApiOptionsParams, ProviderOptions, ProviderResponse } from 'promptfoo';
import { ClinicError } from '../src/errors.ts';
import { openAIPool } from '../src/http/openai.ts';
import { PoolError, parseUrlList, type EndpointPool } from '../src/http/pool.ts';
import { buildResponse, type TargetInfo } from '../src/target/response.ts';
import { configString, generationOverridesFromEnv, resolveGeneration, retrySettings, type GenerationOverrides } from '../src/target/settings.ts';

export interface OpenAICompatibleConfig {
  url?: string | string[];
  model?: string;
  apiKeyEnv?: string;
  mode?: 'chat' | 'completion';
  timeoutMs?: number;
  maxRetries?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  generation?: GenerationOverrides;
}

export default class OpenAICompatibleProvider implements ApiProvider {
  readonly config: OpenAICompatibleConfig;
  readonly label: string | undefined;
  private readonly mode: 'chat' | 'completion';
  private readonly pool: EndpointPool<OpenAI>;
  private readonly overrides: GenerationOverrides;
  private model: Promise<string> | undefined;

  constructor(options: ProviderOptions = {}) {
    const config = (options.config ?? {}) as OpenAICompatibleConfig;
    this.config = config;
    this.label = options.label;
    const urls = Array.isArray(config.url) ? config.url.flatMap((u) => parseUrlList(configString(u))) : parseUrlList(configString(config.url) ?? process.env.CLINIC_TARGET_URL);
    if (urls.length === 0) {
      throw new ClinicError({ file: 'environment', field: 'CLINIC_TARGET_URL', message: 'is not set; point it at your server, e.g. http://127.0.0.1:8000/v1' });
    }
    const mode = config.mode ?? (process.env.CLINIC_TARGET_MODE?.trim() || 'chat');
    if (mode !== 'chat' && mode !== 'completion') {
      throw new ClinicError({ file: 'environment', field: 'CLINIC_TARGET_MODE', message: `must be chat or completion, got "${mode}"` });
    }
    this.mode = mode;
    const apiKeyEnv = config.apiKeyEnv ?? 'CLINIC_TARGET_API_KEY';
    this.pool = openAIPool({ role: 'target', urls, apiKey: process.env[apiKeyEnv], ...retrySettings(config) });
    this.overrides = { ...generationOverridesFromEnv(), ...config.generation };
    const model = configString(config.model) ?? (config.url === undefined ? process.env.CLINIC_TARGET_MODEL?.trim() : undefined);
    if (model) this.model = Promise.resolve(model);
  }

  id(): string {
    return `clinic:openai-compatible:${configString(this.config.model) ?? this.pool.urls.join(',')}`;
  }

  /** The served model, asked from /v1/models once when it was not configured. */
  resolveModel(): Promise<string> {
    this.model ??= this.pool
      .request((client) => client.models.list())
      .then(({ value }) => {
        const ids = value.data.map((m) => m.id);
        if (ids.length === 1) return ids[0]!;
        if (ids.length === 0) throw new Error('the server lists no models; set CLINIC_TARGET_MODEL');
        throw new Error(`the server serves several models (${ids.join(', ')}); choose one with CLINIC_TARGET_MODEL`);
      })
      .catch((err: unknown) => {
        this.model = undefined;
        throw err;
      });
    return this.model;
  }

  /** Called before the run: fails fast, with a plain message, when the endpoint cannot serve. */
  async preflight(): Promise<string> {
    const model = await this.resolveModel();
    return `${model} at ${this.pool.urls.join(', ')} (${this.mode} mode)`;
  }

  /** What decides the generation, for the generation cache: not the URL, which may be one of several replicas. */
  async cacheIdentity(): Promise<Record<string, unknown>> {
    return { backend: 'openai-compatible', model: await this.resolveModel(), mode: this.mode, overrides: this.overrides };
  }

  poolStats() {
    return this.pool.stats();
  }

  async callApi(prompt: string, context?: CallApiContextParams, options?: CallApiOptionsParams): Promise<ProviderResponse> {
    const generation = resolveGeneration(context?.test?.metadata?.generation, this.overrides);
    let model: string;
    try {
      model = await this.resolveModel();
    } catch (err) {
      return { error: `target model unknown: ${(err as Error).message}` };
    }
    const signal = options?.abortSignal;
    const info = (endpoint: string): TargetInfo => ({ backend: 'openai-compatible', model, endpoint, mode: this.mode, generation: { ...generation } });
    try {
      if (this.mode === 'chat') {
        const res = await this.pool.request(
          (client) =>
            client.chat.completions
              .create({ model, messages: [{ role: 'user', content: prompt }], ...generation, stream: false }, signal ? { signal } : {})
              .then(requireChoice),
          signal,
        );
        const choice = res.value.choices[0]!;
        const message = choice.message as { content?: string | null; reasoning_content?: string; reasoning?: string };
        return buildResponse(message.content ?? '', info(res.url), {
          reasoning: message.reasoning_content ?? message.reasoning,
          finishReason: choice.finish_reason ?? undefined,
          usage: { prompt: res.value.usage?.prompt_tokens, completion: res.value.usage?.completion_tokens },
          attempts: res.attempts,
          failures: res.failures,
        });
      }
      const res = await this.pool.request(
        (client) => client.completions.create({ model, prompt, ...generation, stream: false }, signal ? { signal } : {}).then(requireChoice),
        signal,
      );
      const choice = res.value.choices[0]!;
      return buildResponse(choice.text ?? '', info(res.url), {
        finishReason: choice.finish_reason ?? undefined,
        usage: { prompt: res.value.usage?.prompt_tokens, completion: res.value.usage?.completion_tokens },
        attempts: res.attempts,
        failures: res.failures,
      });
    } catch (err) {
      if (err instanceof PoolError) {
        return {
          error: err.message,
          metadata: { retries: err.failures.map((f) => ({ url: f.url, kind: f.failure.kind, message: f.failure.message, waited_ms: f.waitedMs })) },
        };
      }
      throw err;
    }
  }
}

/** A 200 response without a first choice is malformed; throwing makes the pool retry it. */
function requireChoice<T extends { choices?: unknown[] }>(body: T): T {
  if (!body || !Array.isArray(body.choices) || body.choices.length === 0 || typeof body.choices[0] !== 'object') {
    throw new Error('response has no choices');
  }
  return body;
}
