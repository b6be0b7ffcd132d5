/**
 * In-process target: a GGUF model run by node-llama-cpp (CUDA, Vulkan or Metal when the
 * machine has them, otherwise CPU; chosen automatically). The model is a file path or an
 * hf: URI (pulled once into the local state folder); node-llama-cpp is imported only when this
 * provider is used, so nothing else needs it.
 *
 *   CLINIC_GGUF           path to a .gguf file, or hf:<user>/<repo>/<file>.gguf
 *   CLINIC_GGUF_GPU       auto (default) | cuda | vulkan | metal | cpu
 *   CLINIC_GGUF_THREADS   CPU threads (default: the machine's cores)
 *   CLINIC_GGUF_CONTEXT   context size in tokens (default 4096, capped at the model's)
 *   CLINIC_TARGET_MODE    chat (default: the model's own chat template, no system prompt) | completion
 *
 * Without CLINIC_GGUF, a small multilingual instruct model (DEFAULT_GGUF) is used.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ApiProvider, CallApiContextParams, ProviderOptions, ProviderResponse } from 'promptfoo';
import { ClinicError } from '../src/errors.ts';
import { stateDir } from '../src/paths.ts';
import { buildResponse, type TargetInfo } from '../src/target/response.ts';
import { envNumber, generationOverridesFromEnv, resolveGeneration, type GenerationOverrides } from '../src/target/settings.ts';

/** Qwen2.5 1.5B Instruct, 4-bit: multilingual, about 1 GB, runs on a laptop CPU. */
export const DEFAULT_GGUF = 'hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf';

export interface GgufConfig {
  model?: string;
  gpu?: 'auto' | 'cuda' | 'vulkan' | 'metal' | 'cpu';
  threads?: number;
  contextSize?: number;
  mode?: 'chat' | 'completion';
  generation?: GenerationOverrides;
  /** Folder hf: models are downloaded to (default: .clinic/models). */
  modelsDir?: string;
}

type NodeLlamaCpp = typeof import('node-llama-cpp');

interface Loaded {
  lib: NodeLlamaCpp;
  llama: Awaited<ReturnType<NodeLlamaCpp['getLlama']>>;
  model: Awaited<ReturnType<Awaited<ReturnType<NodeLlamaCpp['getLlama']>>['loadModel']>>;
  context: Awaited<ReturnType<Loaded['model']['createContext']>>;
  file: string;
}

const HUB_PROBE_TIMEOUT_MS = 8000;

function howToPointElsewhere(): string {
  return [
    'Point the suite at a model one of these ways:',
    '  CLINIC_TARGET_URL=http://127.0.0.1:8000/v1   an OpenAI-compatible server (vLLM, TGI, SGLang, Ollama, llama.cpp server)',
    '  CLINIC_HF_ENDPOINT=https://…  or  CLINIC_HF_MODEL=<org/model>   a Hugging Face endpoint (token in HF_TOKEN)',
    '  CLINIC_GGUF=/path/to/model.gguf   a GGUF file run in-process',
  ].join('\n');
}

/** Resolves a path or an hf: URI to a local file, downloading it once when the hub can be reached. */
export async function resolveGgufFile(lib: NodeLlamaCpp, uri: string, modelsDir: string): Promise<string> {
  if (!uri.startsWith('hf:') && !/^https?:\/\//.test(uri)) {
    const file = path.resolve(uri);
    if (!fs.existsSync(file)) throw new ClinicError({ file, message: `GGUF model file not found (CLINIC_GGUF).\n${howToPointElsewhere()}` });
    return file;
  }
  fs.mkdirSync(modelsDir, { recursive: true });
  try {
    return await lib.resolveModelFile(uri, { directory: modelsDir, download: false, cli: false });
  } catch {
    // not downloaded yet
  }
  const repo = uri.replace(/^hf:/, '').split('/').slice(0, 2).join('/');
  try {
    const res = await fetch(`https://huggingface.co/api/models/${repo}`, { signal: AbortSignal.timeout(HUB_PROBE_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`Hugging Face answered HTTP ${res.status} for ${repo}`);
  } catch (err) {
    const cause = (err as { cause?: { code?: string; hostname?: string } }).cause;
    const why =
      err instanceof Error && err.name === 'TimeoutError'
        ? 'no answer from huggingface.co within 8 s'
        : cause?.code
          ? `${cause.code}${cause.hostname ? ` ${cause.hostname}` : ''}`
          : (err as Error).message;
    throw new ClinicError({
      file: 'environment',
      field: uri === DEFAULT_GGUF ? 'CLINIC_TARGET_URL' : 'CLINIC_GGUF',
      message: `no target is configured and the default model ${uri} cannot be downloaded (${why}).\n${howToPointElsewhere()}`,
    });
  }
  process.stderr.write(`Downloading ${uri} to ${modelsDir} (once)…\n`);
  return lib.resolveModelFile(uri, { directory: modelsDir, cli: true });
}

export default class GgufProvider implements ApiProvider {
  readonly config: GgufConfig;
  readonly label: string | undefined;
  private readonly modelUri: string;
  private readonly mode: 'chat' | 'completion';
  private readonly overrides: GenerationOverrides;
  private loaded: Promise<Loaded> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: ProviderOptions = {}) {
    const config = (options.config ?? {}) as GgufConfig;
    this.config = config;
    this.label = options.label;
    this.modelUri = config.model ?? (process.env.CLINIC_GGUF?.trim() || DEFAULT_GGUF);
    const mode = config.mode ?? (process.env.CLINIC_TARGET_MODE?.trim() || 'chat');
    if (mode !== 'chat' && mode !== 'completion') throw new ClinicError({ file: 'environment', field: 'CLINIC_TARGET_MODE', message: `must be chat or completion, got "${mode}"` });
    this.mode = mode;
    this.overrides = { ...generationOverridesFromEnv(), ...config.generation };
  }

  id(): string {
    return `clinic:gguf:${path.basename(this.modelUri)}`;
  }

  async cacheIdentity(): Promise<Record<string, unknown>> {
    return { backend: 'gguf', model: this.modelUri, mode: this.mode, overrides: this.overrides };
  }

  private load(): Promise<Loaded> {
    this.loaded ??= (async () => {
      let lib: NodeLlamaCpp;
      try {
        lib = await import('node-llama-cpp');
      } catch {
        throw new ClinicError({ file: 'package.json', field: 'optionalDependencies.node-llama-cpp', message: `is not installed, so GGUF models cannot run in-process (npm install node-llama-cpp).\n${howToPointElsewhere()}` });
      }
      const file = await resolveGgufFile(lib, this.modelUri, this.config.modelsDir ?? path.join(stateDir(), 'models'));
      const gpuSetting = this.config.gpu ?? (process.env.CLINIC_GGUF_GPU?.trim() || 'auto');
      const gpu = gpuSetting === 'cpu' ? false : (gpuSetting as 'auto' | 'cuda' | 'vulkan' | 'metal');
      const threads = this.config.threads ?? envNumber('CLINIC_GGUF_THREADS', os.availableParallelism(), { min: 1, integer: true });
      const llama = await lib.getLlama({ gpu, build: 'never', maxThreads: threads, logLevel: lib.LlamaLogLevel.error });
      const model = await llama.loadModel({ modelPath: file });
      const wanted = this.config.contextSize ?? envNumber('CLINIC_GGUF_CONTEXT', 4096, { min: 256, integer: true });
      const context = await model.createContext({ contextSize: Math.min(wanted, model.trainContextSize), threads });
      return { lib, llama, model, context, file };
    })();
    this.loaded.catch(() => {
      this.loaded = undefined;
    });
    return this.loaded;
  }

  async preflight(): Promise<string> {
    const { llama, file, context } = await this.load();
    return `${path.basename(file)} in-process on ${llama.gpu || 'CPU'} (context ${context.contextSize} tokens, ${this.mode} mode)`;
  }

  /** One generation at a time: the model has a single context sequence. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async callApi(prompt: string, context?: CallApiContextParams): Promise<ProviderResponse> {
    let loaded: Loaded;
    try {
      loaded = await this.load();
    } catch (err) {
      return { error: (err as Error).message };
    }
    const generation = resolveGeneration(context?.test?.metadata?.generation, this.overrides);
    const info: TargetInfo = { backend: 'gguf', model: path.basename(loaded.file), mode: this.mode, generation: { ...generation } };
    return this.serial(async () => {
      const sequence = loaded.context.getSequence();
      const sampling = {
        maxTokens: generation.max_tokens,
        ...(generation.temperature !== undefined ? { temperature: generation.temperature } : {}),
        ...(generation.top_p !== undefined ? { topP: generation.top_p } : {}),
      };
      try {
        let text: string;
        let chatWrapper: string | undefined;
        if (this.mode === 'chat') {
          // An empty system prompt: the model sees only the user's message, as CLINIC sent it.
          const session = new loaded.lib.LlamaChatSession({ contextSequence: sequence, systemPrompt: '', autoDisposeSequence: false });
          chatWrapper = session.chatWrapper.wrapperName;
          try {
            text = await session.prompt(prompt, sampling);
          } finally {
            session.dispose({ disposeSequence: false });
          }
        } else {
          const completion = new loaded.lib.LlamaCompletion({ contextSequence: sequence });
          try {
            text = await completion.generateCompletion(prompt, sampling);
          } finally {
            completion.dispose({ disposeSequence: false });
          }
        }
        const usage = { prompt: loaded.model.tokenize(prompt).length, completion: loaded.model.tokenize(text).length };
        return buildResponse(text, chatWrapper ? { ...info, chat_template: chatWrapper } : info, { usage });
      } catch (err) {
        return { error: `GGUF generation failed: ${(err as Error).message}` };
      } finally {
        sequence.dispose();
      }
    });
  }

  async cleanup(): Promise<void> {
    if (!this.loaded) return;
    const loaded = await this.loaded.catch(() => undefined);
    this.loaded = undefined;
    await loaded?.llama.dispose();
  }
}
