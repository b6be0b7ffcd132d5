/**
 * The target named in clinic.config.yaml. It picks the backend from the environment:
 *   CLINIC_TARGET_URL set               → OpenAI-compatible server (providers/openai-compatible.ts)
 *   CLINIC_HF_ENDPOINT or CLINIC_HF_MODEL → Hugging Face (providers/huggingface.ts)
 *   otherwise                           → in-process GGUF (providers/gguf.ts), CLINIC_GGUF or the default model
 * CLINIC_TARGET=openai|huggingface|gguf forces a backend. Configuration errors are kept and
 * reported by the pre-run check (beforeAll hook) instead of as a stack trace at load time.
 *
 * Generations are cached by content (target label, backend, model, mode, decoding, prompt,
 * repeat index) in the state folder, so a run that was killed and started again only asks for
 * what is missing. Errors are never cached. CLINIC_CACHE=off or promptfoo's --no-cache bypass
 * the cache.
 */
import type { ApiProvider, CallApiContextParams, CallApiOptionsParams, ProviderOptions, ProviderResponse } from 'promptfoo';
import { cacheEnabled, contentKey, JsonStore } from '../src/cache/store.ts';
import { ClinicError } from '../src/errors.ts';
import GgufProvider from './gguf.ts';
import HuggingFaceProvider from './huggingface.ts';
import OpenAICompatibleProvider from './openai-compatible.ts';

type Backend = 'openai' | 'huggingface' | 'gguf';

export function chooseBackend(config: { backend?: string }, env = process.env): Backend {
  const forced = (config.backend ?? env.CLINIC_TARGET)?.trim().toLowerCase();
  if (forced) {
    if (forced === 'openai' || forced === 'huggingface' || forced === 'gguf') return forced;
    throw new ClinicError({ file: 'environment', field: 'CLINIC_TARGET', message: `must be openai, huggingface or gguf, got "${forced}"` });
  }
  if (env.CLINIC_TARGET_URL?.trim()) return 'openai';
  if (env.CLINIC_HF_ENDPOINT?.trim() || env.CLINIC_HF_MODEL?.trim()) return 'huggingface';
  return 'gguf';
}

interface Delegate extends ApiProvider {
  preflight?: () => Promise<string>;
  cleanup?: () => Promise<void>;
  cacheIdentity: () => Promise<Record<string, unknown>>;
}

type CachedGeneration = Pick<ProviderResponse, 'output' | 'tokenUsage' | 'finishReason' | 'metadata'>;

export default class TargetProvider implements ApiProvider {
  readonly label: string | undefined;
  readonly config: Record<string, unknown>;
  private readonly delegate: Delegate | undefined;
  private readonly initError: Error | undefined;
  private readonly cache = cacheEnabled() ? new JsonStore<CachedGeneration>('generations') : undefined;

  constructor(options: ProviderOptions = {}) {
    this.label = options.label;
    this.config = (options.config ?? {}) as Record<string, unknown>;
    try {
      const backend = chooseBackend(this.config as { backend?: string });
      this.delegate =
        backend === 'openai' ? new OpenAICompatibleProvider(options) : backend === 'huggingface' ? new HuggingFaceProvider(options) : new GgufProvider(options);
    } catch (err) {
      this.initError = err as Error;
    }
  }

  id(): string {
    return this.delegate?.id() ?? 'clinic:target';
  }

  async preflight(): Promise<string> {
    if (this.initError) throw this.initError;
    return this.delegate!.preflight ? this.delegate!.preflight() : this.delegate!.id();
  }

  async callApi(prompt: string, context?: CallApiContextParams, options?: CallApiOptionsParams): Promise<ProviderResponse> {
    if (this.initError) return { error: this.initError.message };
    const key = await this.cacheKey(prompt, context);
    if (key && !context?.bustCache) {
      const hit = this.cache!.get(key);
      if (hit) return { ...hit, cached: true, metadata: { ...hit.metadata, cache: 'hit' } };
    }
    const res = await this.delegate!.callApi(prompt, context, options);
    if (key && !res.error && typeof res.output === 'string') {
      // The retries belong to the run that made the request, not to the runs that reuse it.
      const { retries: _retries, ...metadata } = (res.metadata ?? {}) as Record<string, unknown>;
      this.cache!.set(key, { output: res.output, tokenUsage: res.tokenUsage, finishReason: res.finishReason, metadata });
    }
    return res;
  }

  /** Undefined when caching is off or the model cannot be named yet (the call then reports why). */
  private async cacheKey(prompt: string, context?: CallApiContextParams): Promise<string | undefined> {
    if (!this.cache) return undefined;
    try {
      const identity = await this.delegate!.cacheIdentity();
      // The target's label too: two targets of one run may serve different weights under one model name.
      return contentKey('generation/v1', this.label ?? '', identity, context?.test?.metadata?.generation ?? null, context?.repeatIndex ?? 0, prompt);
    } catch {
      return undefined;
    }
  }

  async cleanup(): Promise<void> {
    await this.delegate?.cleanup?.();
  }
}
