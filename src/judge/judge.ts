/**
 * An LLM judge on any OpenAI-compatible endpoint. Every verdict records the judge model,
 * the rubric's hash and the judge's rationale; verdicts are cached by (model, rubric,
 * rendered prompt) so re-running a scored set costs nothing. A failed call or a reply that
 * does not parse into an allowed label is reported as such, never guessed.
 *
 *   CLINIC_JUDGE_URL        base URL, or a comma list (load-balanced, with failover)
 *   CLINIC_JUDGE_MODEL      model name served there
 *   CLINIC_JUDGE_API_KEY    API key, if the endpoint needs one
 */
import type OpenAI from 'openai';
import { ClinicError } from '../errors.ts';
import { cacheEnabled, contentKey, JsonStore } from '../cache/store.ts';
import { openAIPool } from '../http/openai.ts';
import { parseUrlList, type EndpointPool } from '../http/pool.ts';
import type { JudgeAudit } from '../scoring/record.ts';
import { envNumber, retrySettings } from '../target/settings.ts';
import { extractJsonObject, normalizeLabel } from './parse.ts';
import { renderRubric, type Rubric } from './rubrics.ts';

const SYSTEM = 'You are a careful evaluator of medical AI answers. You read answers in any language and reply with a single JSON object, exactly as the instructions ask.';

export type JudgeOutcome =
  | { ok: true; label: string; rationale: string; fields: Record<string, unknown>; audit: JudgeAudit }
  | { ok: false; reason: string; raw?: string; audit: JudgeAudit };

interface CachedVerdict {
  raw: string;
}

export interface JudgeOptions {
  urls: string[];
  model: string;
  apiKey?: string | undefined;
  temperature?: number;
  maxTokens?: number;
  cache?: boolean;
}

export class Judge {
  readonly model: string;
  private readonly pool: EndpointPool<OpenAI>;
  private readonly temperature: number;
  private readonly maxTokens: number;
  private readonly store: JsonStore<CachedVerdict> | undefined;

  constructor(opts: JudgeOptions) {
    this.model = opts.model;
    this.pool = openAIPool({ role: 'judge', urls: opts.urls, apiKey: opts.apiKey, ...retrySettings({}) });
    this.temperature = opts.temperature ?? 0;
    this.maxTokens = opts.maxTokens ?? 600;
    this.store = opts.cache === false ? undefined : new JsonStore<CachedVerdict>('judgments');
  }

  get endpoints(): string[] {
    return this.pool.urls;
  }

  /**
   * Renders the rubric with vars, asks the judge, and reads `labelField` from its JSON reply.
   * The label must be one of `allowed` (after normalising case, spaces and hyphens).
   */
  async judge(rubric: Rubric, vars: Record<string, unknown>, allowed: readonly string[], labelField = 'label'): Promise<JudgeOutcome> {
    const prompt = renderRubric(rubric, vars);
    const audit: JudgeAudit = { model: this.model, rubric: rubric.name, rubric_hash: rubric.hash };
    const key = contentKey('judge/v1', this.model, rubric.hash, this.temperature, prompt);
    let raw = this.store?.get(key)?.raw;
    if (raw !== undefined) audit.cached = true;
    else {
      try {
        const res = await this.pool.request((client) =>
          client.chat.completions.create({
            model: this.model,
            temperature: this.temperature,
            max_tokens: this.maxTokens,
            messages: [
              { role: 'system', content: SYSTEM },
              { role: 'user', content: prompt },
            ],
          }),
        );
        raw = res.value.choices?.[0]?.message?.content ?? '';
        audit.endpoint = res.url;
      } catch (err) {
        return { ok: false, reason: `judge call failed: ${(err as Error).message}`, audit };
      }
    }
    const parsed = extractJsonObject(raw);
    const label = normalizeLabel(parsed?.[labelField]);
    if (!parsed || label === undefined || !allowed.includes(label)) {
      const why = !parsed ? 'reply is not JSON' : label === undefined ? `reply has no "${labelField}"` : `"${labelField}" is "${String(parsed[labelField])}", not one of ${allowed.join(', ')}`;
      return { ok: false, reason: `judge ${why}`, raw: raw.slice(0, 500), audit };
    }
    if (this.store && !audit.cached) this.store.set(key, { raw });
    const rationale = typeof parsed.rationale === 'string' ? parsed.rationale : typeof parsed.reason === 'string' ? parsed.reason : '';
    audit.rationale = rationale;
    return { ok: true, label, rationale, fields: parsed, audit };
  }
}

const fromEnv = new Map<string, Judge>();

/** The judge configured in the environment; a clear error when judge scoring is asked for without one. */
export function judgeFromEnv(env = process.env): Judge {
  const urls = parseUrlList(env.CLINIC_JUDGE_URL);
  if (urls.length === 0) {
    throw new ClinicError({ file: 'environment', field: 'CLINIC_JUDGE_URL', message: 'is not set, but judge scoring was asked for (CLINIC_SCORER=judge); point it at an OpenAI-compatible endpoint' });
  }
  const model = env.CLINIC_JUDGE_MODEL?.trim();
  if (!model) throw new ClinicError({ file: 'environment', field: 'CLINIC_JUDGE_MODEL', message: 'is not set; name the judge model served at CLINIC_JUDGE_URL' });
  const options: JudgeOptions = {
    urls,
    model,
    apiKey: env.CLINIC_JUDGE_API_KEY,
    temperature: envNumber('CLINIC_JUDGE_TEMPERATURE', 0, { min: 0 }, env),
    cache: cacheEnabled(env),
  };
  const key = JSON.stringify([options.urls, options.model, options.apiKey ?? '', options.temperature, options.cache, env.CLINIC_STATE_DIR ?? '']);
  let judge = fromEnv.get(key);
  if (!judge) {
    judge = new Judge(options);
    fromEnv.set(key, judge);
  }
  return judge;
}

export type ScorerBackend = 'offline' | 'judge';

/** CLINIC_SCORER=offline (default) or judge; an assertion's config.backend wins. */
export function scorerBackend(configured?: unknown, env = process.env): ScorerBackend {
  const value = (typeof configured === 'string' ? configured : env.CLINIC_SCORER ?? 'offline').trim().toLowerCase();
  if (value === 'offline' || value === 'judge') return value;
  throw new ClinicError({ file: 'environment', field: 'CLINIC_SCORER', message: `must be offline or judge, got "${value}"` });
}
