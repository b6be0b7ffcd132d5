/**
 * The target named in clinic.config.yaml. It picks the backend from the environment:
 *   CLINIC_TARGET_URL set               → OpenAI-compatible server (providers/openai-compatible.ts)
 *   CLINIC_HF_ENDPOINT or CLINIC_HF_MODEL → Hugging Face (providers/huggingface.ts)
 *   otherwise                           → in-process GGUF (providers/gguf.ts), CLINIC_GGUF or the default model
 * CLINIC_TARGET=openai|huggingface|gguf forces a backend. Configuration errors are kept and
 * reported by the pre-run check (beforeAll hook) instead of as a stack trace at load time.
 */
import type { ApiProvider, CallApiContextParams, CallApiOptionsParams, ProviderOptions, ProviderResponse } from 'promptfoo';
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
}

export default class TargetProvider implements ApiProvider {
  readonly label: string | undefined;
  readonly config: Record<string, unknown>;
  private readonly delegate: Delegate | undefined;
  private readonly initError: Error | undefined;

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
    return this.delegate!.callApi(prompt, context, options);
  }

  async cleanup(): Promise<void> {
    await this.delegate?.cleanup?.();
  }
}
