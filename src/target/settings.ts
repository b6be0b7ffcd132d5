/** Settings shared by the target providers: environment parsing and decoding parameters. */
import { ClinicError } from '../errors.ts';

export function envNumber(name: string, fallback: number, opts: { min?: number; max?: number; integer?: boolean } = {}, env = process.env): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  const bad =
    !Number.isFinite(value) ||
    (opts.integer && !Number.isInteger(value)) ||
    (opts.min !== undefined && value < opts.min) ||
    (opts.max !== undefined && value > opts.max);
  if (bad) {
    const range = [opts.min !== undefined ? `≥ ${opts.min}` : '', opts.max !== undefined ? `≤ ${opts.max}` : ''].filter(Boolean).join(' and ');
    throw new ClinicError({ file: 'environment', field: name, message: `must be a${opts.integer ? ' whole' : ''} number${range ? ` ${range}` : ''}, got "${raw}"` });
  }
  return value;
}

export interface Generation {
  max_tokens: number;
  /** undefined: leave it to the model's own default, as the original did when it passed no flag. */
  temperature?: number;
  top_p?: number;
}

export type GenerationOverrides = Partial<Record<keyof Generation, number | null>>;

/** Overrides from the environment: CLINIC_MAX_TOKENS, CLINIC_TEMPERATURE, CLINIC_TOP_P. */
export function generationOverridesFromEnv(env = process.env): GenerationOverrides {
  const out: GenerationOverrides = {};
  if (env.CLINIC_MAX_TOKENS?.trim()) out.max_tokens = envNumber('CLINIC_MAX_TOKENS', 0, { min: 1, integer: true }, env);
  if (env.CLINIC_TEMPERATURE?.trim()) out.temperature = envNumber('CLINIC_TEMPERATURE', 0, { min: 0 }, env);
  if (env.CLINIC_TOP_P?.trim()) out.top_p = envNumber('CLINIC_TOP_P', 1, { min: 0, max: 1 }, env);
  return out;
}

const DEFAULT_MAX_TOKENS = 256;

/** The task's decoding settings (from the case metadata), then provider config, then environment. */
export function resolveGeneration(fromTask: unknown, ...overrides: Array<GenerationOverrides | undefined>): Generation {
  const merged: Record<string, number | null | undefined> = { ...(isRecord(fromTask) ? (fromTask as Record<string, number | null>) : {}) };
  for (const o of overrides) if (o) Object.assign(merged, o);
  const out: Generation = { max_tokens: typeof merged.max_tokens === 'number' ? merged.max_tokens : DEFAULT_MAX_TOKENS };
  if (typeof merged.temperature === 'number') out.temperature = merged.temperature;
  if (typeof merged.top_p === 'number') out.top_p = merged.top_p;
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function retrySettings(config: { timeoutMs?: number; maxRetries?: number; backoffBaseMs?: number; backoffMaxMs?: number }, env = process.env) {
  return {
    timeoutMs: config.timeoutMs ?? envNumber('CLINIC_TIMEOUT_MS', 120_000, { min: 1, integer: true }, env),
    maxRetries: config.maxRetries ?? envNumber('CLINIC_MAX_RETRIES', 6, { min: 0, integer: true }, env),
    backoff: {
      baseMs: config.backoffBaseMs ?? envNumber('CLINIC_BACKOFF_BASE_MS', 500, { min: 0, integer: true }, env),
      maxMs: config.backoffMaxMs ?? envNumber('CLINIC_BACKOFF_MAX_MS', 30_000, { min: 1, integer: true }, env),
    },
  };
}

/**
 * A string from a provider's config, or undefined when it is empty or a promptfoo
 * "{{ env.NAME }}" reference to a variable that is not set (promptfoo leaves those as written).
 */
export function configString(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  return v === '' || /^\{\{.*\}\}$/.test(v) ? undefined : v;
}
