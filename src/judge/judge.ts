/**
 * An LLM judge on any OpenAI-compatible endpoint. Every verdict records the judge model,
 * the rubric's hash and the judge's rationale; verdicts are cached by (model, rubric,
 * rendered prompt) so re-running a scored set costs nothing. A failed call or a reply that
 * does not parse into an allowed label is reported as such, never guessed.
 *
 *   CLINIC_JUDGE_URL        base URL, or a comma list (load-balanced, with failover)
 *   CLINIC_JUDGE_MODEL      model name served there
 *   CLINIC_JUDGE_API_KEY    API key, if the endpoint needs one
 *   CLINIC_JURY             instead of one judge, several: "model@url, model@url, …"; each
 *                           juror is asked, the majority label wins, and every vote is kept
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

/** Anything that turns a rubric and a response into a verdict: one judge or a jury. */
export interface Verdicts {
  judge(rubric: Rubric, vars: Record<string, unknown>, allowed: readonly string[], labelField?: string): Promise<JudgeOutcome>;
}

export class Judge implements Verdicts {
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

/**
 * Several judges voting. Each juror's verdict is kept in the audit (votes); the label with
 * the most votes wins when a majority of the jury gave a valid verdict and no other label has
 * as many votes. A tie or too few valid verdicts leaves the case unassessed, with the votes.
 */
export class Jury implements Verdicts {
  readonly jurors: Judge[];

  constructor(jurors: Judge[]) {
    if (jurors.length < 2) throw new Error('a jury needs at least two judges');
    this.jurors = jurors;
  }

  async judge(rubric: Rubric, vars: Record<string, unknown>, allowed: readonly string[], labelField = 'label'): Promise<JudgeOutcome> {
    const outcomes = await Promise.all(this.jurors.map((j) => j.judge(rubric, vars, allowed, labelField)));
    const votes = outcomes.map((o, i) => ({ model: this.jurors[i]!.model, label: o.ok ? o.label : null, ...(o.ok ? {} : { error: o.reason }) }));
    const tally = new Map<string, number>();
    for (const v of votes) if (v.label !== null) tally.set(v.label, (tally.get(v.label) ?? 0) + 1);
    const ranked = [...tally].sort((a, b) => b[1] - a[1]);
    const valid = votes.filter((v) => v.label !== null).length;
    const audit: JudgeAudit = {
      model: `jury(${this.jurors.map((j) => j.model).join(', ')})`,
      rubric: rubric.name,
      rubric_hash: rubric.hash,
      votes,
      agreement: valid ? (ranked[0]?.[1] ?? 0) / valid : 0,
    };
    if (valid * 2 <= this.jurors.length) return { ok: false, reason: `jury: only ${valid} of ${this.jurors.length} judges gave a valid verdict`, audit };
    const [winner, count] = ranked[0]!;
    if (ranked[1] && ranked[1][1] === count) return { ok: false, reason: `jury tied: ${ranked.filter((r) => r[1] === count).map((r) => r[0]).join(' vs ')}`, audit };
    const chosen = outcomes.find((o): o is Extract<JudgeOutcome, { ok: true }> => o.ok && o.label === winner)!;
    audit.rationale = chosen.rationale;
    return { ok: true, label: winner, rationale: chosen.rationale, fields: chosen.fields, audit };
  }
}

/** CLINIC_JURY: "model@url, model@url, …" (a model name may itself contain "@": the last one splits). */
export function parseJury(value: string): Array<{ model: string; url: string }> {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.lastIndexOf('@');
      const model = at > 0 ? entry.slice(0, at).trim() : '';
      const url = at > 0 ? entry.slice(at + 1).trim() : '';
      if (!model || !/^https?:\/\//.test(url)) {
        throw new ClinicError({ file: 'environment', field: 'CLINIC_JURY', message: `"${entry}" is not model@url (for example qwen2.5-72b@http://gpu1:8000/v1)` });
      }
      return { model, url };
    });
}

const fromEnv = new Map<string, Verdicts>();

/** The judge (or jury) configured in the environment; a clear error when judge scoring is asked for without one. */
export function judgeFromEnv(env = process.env): Verdicts {
  const common = { apiKey: env.CLINIC_JUDGE_API_KEY, temperature: envNumber('CLINIC_JUDGE_TEMPERATURE', 0, { min: 0 }, env), cache: cacheEnabled(env) };
  const jury = env.CLINIC_JURY?.trim() ? parseJury(env.CLINIC_JURY) : undefined;
  if (jury && jury.length < 2) throw new ClinicError({ file: 'environment', field: 'CLINIC_JURY', message: 'names one judge; a jury needs at least two (use CLINIC_JUDGE_URL for one)' });
  let judges: JudgeOptions[];
  if (jury) judges = jury.map((j) => ({ urls: [j.url], model: j.model, ...common }));
  else {
    const urls = parseUrlList(env.CLINIC_JUDGE_URL);
    if (urls.length === 0) {
      throw new ClinicError({ file: 'environment', field: 'CLINIC_JUDGE_URL', message: 'is not set, but judge scoring was asked for (CLINIC_SCORER=judge); point it at an OpenAI-compatible endpoint, or set CLINIC_JURY' });
    }
    const model = env.CLINIC_JUDGE_MODEL?.trim();
    if (!model) throw new ClinicError({ file: 'environment', field: 'CLINIC_JUDGE_MODEL', message: 'is not set; name the judge model served at CLINIC_JUDGE_URL' });
    judges = [{ urls, model, ...common }];
  }
  const key = JSON.stringify([judges, env.CLINIC_STATE_DIR ?? '']);
  let verdicts = fromEnv.get(key);
  if (!verdicts) {
    verdicts = judges.length === 1 ? new Judge(judges[0]!) : new Jury(judges.map((o) => new Judge(o)));
    fromEnv.set(key, verdicts);
  }
  return verdicts;
}

/** The configured judge's name for reports: its model, or the jury's models. */
export function judgeName(env = process.env): string {
  return env.CLINIC_JURY?.trim() ? `jury(${parseJury(env.CLINIC_JURY).map((j) => j.model).join(', ')})` : (env.CLINIC_JUDGE_MODEL?.trim() ?? '');
}

/** Whether judge scoring has an endpoint configured (one judge or a jury). */
export function judgeConfigured(env = process.env): boolean {
  return Boolean(env.CLINIC_JURY?.trim() || env.CLINIC_JUDGE_URL?.trim());
}

export type ScorerBackend = 'offline' | 'judge';

/** CLINIC_SCORER=offline (default) or judge; an assertion's config.backend wins. */
export function scorerBackend(configured?: unknown, env = process.env): ScorerBackend {
  const value = (typeof configured === 'string' ? configured : env.CLINIC_SCORER ?? 'offline').trim().toLowerCase();
  if (value === 'offline' || value === 'judge') return value;
  throw new ClinicError({ file: 'environment', field: 'CLINIC_SCORER', message: `must be offline or judge, got "${value}"` });
}
