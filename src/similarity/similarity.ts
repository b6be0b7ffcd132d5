/**
 * Text similarity for the embedding-based metrics (sycophancy, adversarial reconstruction,
 * consistency). With CLINIC_EMBED_URL, texts are embedded by any OpenAI-compatible
 * /v1/embeddings endpoint (bge-m3 served by TEI, vLLM, Ollama or Infinity, as the original
 * used BGE-M3) and compared by cosine; embeddings are cached by (model, text). Without it, a
 * script-agnostic character n-gram cosine is used, and every record says which one it was,
 * because the two scales are not comparable.
 *
 *   CLINIC_EMBED_URL      base URL, or a comma list
 *   CLINIC_EMBED_MODEL    embedding model name (default bge-m3)
 *   CLINIC_EMBED_API_KEY  API key, if needed
 */
import type OpenAI from 'openai';
import { cacheEnabled, contentKey, JsonStore } from '../cache/store.ts';
import { openAIPool } from '../http/openai.ts';
import { parseUrlList, type EndpointPool } from '../http/pool.ts';
import { retrySettings } from '../target/settings.ts';
import { normalizeText } from '../text/normalize.ts';

export interface Similarity {
  /** "embedding:<model>" or "char-ngram". */
  readonly method: string;
  similarity(a: string, b: string): Promise<number>;
  /** Several comparisons against one text, sharing its embedding. */
  similarities(a: string, others: string[]): Promise<number[]>;
}

export function cosine(x: readonly number[], y: readonly number[]): number {
  let dot = 0;
  let nx = 0;
  let ny = 0;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    dot += x[i]! * y[i]!;
    nx += x[i]! * x[i]!;
    ny += y[i]! * y[i]!;
  }
  return nx === 0 || ny === 0 ? 0 : dot / Math.sqrt(nx * ny);
}

/** Character 1–3-gram count vectors over normalised text (spaces included as boundaries). */
function ngrams(text: string): Map<string, number> {
  const t = ` ${normalizeText(text)} `;
  const chars = [...t];
  const out = new Map<string, number>();
  const blank = chars.map((ch) => ch.trim() === '');
  const add = (g: string) => out.set(g, (out.get(g) ?? 0) + 1);
  // A gram made only of white space carries nothing.
  for (let i = 0; i < chars.length; i++) {
    const a = chars[i]!;
    if (!blank[i]) add(a);
    if (i + 1 < chars.length && !(blank[i] && blank[i + 1])) add(a + chars[i + 1]!);
    if (i + 2 < chars.length && !(blank[i] && blank[i + 1] && blank[i + 2])) add(a + chars[i + 1]! + chars[i + 2]!);
  }
  return out;
}

export function ngramCosine(a: string, b: string): number {
  const x = ngrams(a);
  const y = ngrams(b);
  let dot = 0;
  for (const [g, c] of x) dot += c * (y.get(g) ?? 0);
  const norm = (m: Map<string, number>) => Math.sqrt([...m.values()].reduce((s, c) => s + c * c, 0));
  const d = norm(x) * norm(y);
  return d === 0 ? 0 : dot / d;
}

export const charNgramSimilarity: Similarity = {
  method: 'char-ngram',
  async similarity(a, b) {
    return ngramCosine(a, b);
  },
  async similarities(a, others) {
    return others.map((o) => ngramCosine(a, o));
  },
};

export class EmbeddingSimilarity implements Similarity {
  readonly method: string;
  private readonly pool: EndpointPool<OpenAI>;
  private readonly model: string;
  private readonly store: JsonStore<number[]> | undefined;
  private readonly memo = new Map<string, Promise<number[]>>();

  constructor(opts: { urls: string[]; model: string; apiKey?: string | undefined; cache?: boolean }) {
    this.model = opts.model;
    this.method = `embedding:${opts.model}`;
    this.pool = openAIPool({ role: 'embeddings', urls: opts.urls, apiKey: opts.apiKey, ...retrySettings({}) });
    this.store = opts.cache === false ? undefined : new JsonStore<number[]>('embeddings');
  }

  embed(text: string): Promise<number[]> {
    const key = contentKey('embed/v1', this.model, text);
    let p = this.memo.get(key);
    if (!p) {
      p = (async () => {
        const stored = this.store?.get(key);
        if (stored) return stored;
        const res = await this.pool.request((client) => client.embeddings.create({ model: this.model, input: text }));
        const vec = res.value.data?.[0]?.embedding;
        if (!Array.isArray(vec) || vec.length === 0) throw new Error('the embeddings endpoint returned no vector');
        this.store?.set(key, vec);
        return vec;
      })();
      p.catch(() => this.memo.delete(key));
      this.memo.set(key, p);
    }
    return p;
  }

  async similarity(a: string, b: string): Promise<number> {
    const [x, y] = await Promise.all([this.embed(a), this.embed(b)]);
    return cosine(x, y);
  }

  async similarities(a: string, others: string[]): Promise<number[]> {
    const x = await this.embed(a);
    return Promise.all(others.map(async (o) => cosine(x, await this.embed(o))));
  }
}

const fromEnv = new Map<string, Similarity>();

/** The embedding endpoint from the environment, or the offline character n-gram fallback. */
export function similarityFromEnv(env = process.env): Similarity {
  const urls = parseUrlList(env.CLINIC_EMBED_URL);
  if (urls.length === 0) return charNgramSimilarity;
  const model = env.CLINIC_EMBED_MODEL?.trim() || 'bge-m3';
  const key = JSON.stringify([urls, model, env.CLINIC_STATE_DIR ?? '', cacheEnabled(env)]);
  let s = fromEnv.get(key);
  if (!s) {
    s = new EmbeddingSimilarity({ urls, model, apiKey: env.CLINIC_EMBED_API_KEY, cache: cacheEnabled(env) });
    fromEnv.set(key, s);
  }
  return s;
}
