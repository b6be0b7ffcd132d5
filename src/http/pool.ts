/**
 * A set of OpenAI-compatible base URLs used round-robin. A URL that fails is set aside for a
 * cool-down (growing with its consecutive failures, or what its Retry-After asks) and the
 * request fails over to the next URL; when every URL is cooling down, the request waits for
 * the first to come back. Retries stop after maxRetries further attempts.
 */
import { backoffDelay, classifyFailure, sleep, type BackoffPolicy, type Failure } from './retry.ts';

export interface PoolOptions<C> {
  /** Builds the client for one base URL. */
  makeClient: (url: string) => C;
  /** Who this pool talks to, for messages: "target", "judge", "embeddings". */
  role: string;
  urls: string[];
  timeoutMs: number;
  maxRetries: number;
  backoff: BackoffPolicy;
  /** Longest wait honoured from a Retry-After header. */
  maxRetryAfterMs?: number;
}

export interface AttemptLog {
  url: string;
  failure: Failure;
  waitedMs: number;
}

export interface PoolResult<T> {
  value: T;
  url: string;
  attempts: number;
  failures: AttemptLog[];
}

export class PoolError extends Error {
  readonly failures: AttemptLog[];
  readonly last: Failure;
  constructor(role: string, failures: AttemptLog[], last: Failure) {
    const tries = failures.length;
    super(`${role} request failed after ${tries} attempt${tries === 1 ? '' : 's'}: ${last.message}`);
    this.name = 'PoolError';
    this.failures = failures;
    this.last = last;
  }
}

interface EndpointState<C> {
  url: string;
  client: C;
  downUntil: number;
  consecutiveFailures: number;
  requests: number;
  failures: number;
}

/** Accepts "http://host:8000" or "http://host:8000/v1"; a bare host gets /v1 appended. */
export function normalizeBaseUrl(raw: string): string {
  const url = new URL(raw.trim());
  if (url.pathname === '' || url.pathname === '/') url.pathname = '/v1';
  return url.toString().replace(/\/+$/, '');
}

export function parseUrlList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(normalizeBaseUrl);
}

export class EndpointPool<C> {
  private readonly endpoints: EndpointState<C>[];
  private next = 0;
  readonly options: PoolOptions<C>;

  constructor(options: PoolOptions<C>) {
    if (options.urls.length === 0) throw new Error(`no ${options.role} URL configured`);
    this.options = options;
    this.endpoints = options.urls.map((url) => ({
      url,
      client: options.makeClient(url),
      downUntil: 0,
      consecutiveFailures: 0,
      requests: 0,
      failures: 0,
    }));
  }

  get urls(): string[] {
    return this.endpoints.map((e) => e.url);
  }

  /** Per-URL counters, for run summaries and load-spread checks. */
  stats(): Array<{ url: string; requests: number; failures: number; down: boolean }> {
    const now = Date.now();
    return this.endpoints.map((e) => ({ url: e.url, requests: e.requests, failures: e.failures, down: e.downUntil > now }));
  }

  private pick(now: number): { endpoint: EndpointState<C>; waitMs: number } {
    const n = this.endpoints.length;
    for (let i = 0; i < n; i++) {
      const e = this.endpoints[(this.next + i) % n]!;
      if (e.downUntil <= now) {
        this.next = (this.next + i + 1) % n;
        return { endpoint: e, waitMs: 0 };
      }
    }
    const soonest = this.endpoints.reduce((a, b) => (b.downUntil < a.downUntil ? b : a));
    return { endpoint: soonest, waitMs: soonest.downUntil - now };
  }

  async request<T>(call: (client: C, url: string) => Promise<T>, signal?: AbortSignal): Promise<PoolResult<T>> {
    const { maxRetries, backoff } = this.options;
    const maxRetryAfter = this.options.maxRetryAfterMs ?? 120_000;
    const failures: AttemptLog[] = [];
    for (let attempt = 0; ; attempt++) {
      const { endpoint, waitMs } = this.pick(Date.now());
      const waited = Math.min(waitMs, Math.max(backoff.maxMs, maxRetryAfter));
      if (waited > 0) await sleep(waited, signal);
      endpoint.requests++;
      try {
        const value = await call(endpoint.client, endpoint.url);
        endpoint.consecutiveFailures = 0;
        endpoint.downUntil = 0;
        return { value, url: endpoint.url, attempts: attempt + 1, failures };
      } catch (err) {
        const failure = classifyFailure(err);
        if (failure.kind === 'aborted' && signal?.aborted) throw err;
        failures.push({ url: endpoint.url, failure, waitedMs: waited });
        endpoint.failures++;
        if (!failure.retryable || attempt >= maxRetries) throw new PoolError(this.options.role, failures, failure);
        endpoint.consecutiveFailures++;
        const cooldown =
          failure.retryAfterMs !== undefined
            ? Math.min(failure.retryAfterMs, maxRetryAfter)
            : backoffDelay(endpoint.consecutiveFailures - 1, backoff);
        endpoint.downUntil = Date.now() + cooldown;
      }
    }
  }
}
