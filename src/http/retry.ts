/** Which failures are worth retrying, and how long to wait before the next try. */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

export type FailureKind = 'timeout' | 'connection' | 'rate_limit' | 'server' | 'malformed' | 'client' | 'aborted';

export interface Failure {
  kind: FailureKind;
  status?: number;
  retryable: boolean;
  /** Server-requested wait (Retry-After / retry-after-ms), in milliseconds. */
  retryAfterMs?: number;
  message: string;
}

const RETRYABLE_STATUS = new Set([408, 409, 425, 429]);

/** A non-2xx HTTP response seen by a client that is not the openai SDK (e.g. through a fetch wrapper). */
export class HttpStatusError extends Error {
  readonly status: number;
  readonly headers: Headers;
  constructor(status: number, headers: Headers, body: string) {
    super(`HTTP ${status}${body ? ` ${body.slice(0, 300)}` : ''}`);
    this.name = 'HttpStatusError';
    this.status = status;
    this.headers = headers;
  }
}

function statusFailure(status: number, headers: Headers | undefined, detail: string): Failure {
  const retryAfterMs = parseRetryAfter(headers);
  const after = retryAfterMs !== undefined ? { retryAfterMs } : {};
  if (status === 429) return { kind: 'rate_limit', status, retryable: true, ...after, message: `HTTP 429 ${detail}`.trim() };
  if (status >= 500 || RETRYABLE_STATUS.has(status)) return { kind: 'server', status, retryable: true, ...after, message: `HTTP ${status} ${detail}`.trim() };
  return { kind: 'client', status, retryable: false, message: `HTTP ${status} ${detail}`.trim() };
}

const CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function connectionCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return code;
  }
  return undefined;
}

export function classifyFailure(err: unknown): Failure {
  if (err instanceof APIUserAbortError || (err instanceof Error && err.name === 'AbortError')) {
    return { kind: 'aborted', retryable: false, message: 'request aborted' };
  }
  if (err instanceof Error && err.name === 'TimeoutError') return { kind: 'timeout', retryable: true, message: 'request timed out' };
  if (err instanceof HttpStatusError) return statusFailure(err.status, err.headers, '');
  const httpStatus = (err as { httpResponse?: { status?: unknown } }).httpResponse?.status;
  if (typeof httpStatus === 'number' && !(err instanceof APIError)) return statusFailure(httpStatus, undefined, shortMessage((err as Error).message));
  if (err instanceof APIConnectionTimeoutError) return { kind: 'timeout', retryable: true, message: 'request timed out' };
  if (err instanceof APIConnectionError) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { kind: 'connection', retryable: true, message: `connection failed${cause?.code ? ` (${cause.code})` : cause?.message ? ` (${cause.message})` : ''}` };
  }
  if (err instanceof APIError) return statusFailure(err.status ?? 0, err.headers, shortMessage(err.message));
  const code = connectionCode(err);
  if (code) return { kind: 'connection', retryable: true, message: `connection failed (${code})` };
  // A 200 response whose body is not the JSON it should be (truncated, garbled, wrong shape),
  // or a body cut off mid-stream: transient on an overloaded server, so worth another try.
  return { kind: 'malformed', retryable: true, message: `malformed response: ${shortMessage(err instanceof Error ? err.message : String(err))}` };
}

function shortMessage(m: string): string {
  const one = m.replace(/\s+/g, ' ').trim();
  return one.length > 200 ? `${one.slice(0, 200)}…` : one;
}

/** Retry-After as seconds or an HTTP date, or retry-after-ms; undefined when absent or unreadable. */
export function parseRetryAfter(headers: Headers | Record<string, string> | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const get = (name: string): string | null | undefined =>
    headers instanceof Headers ? headers.get(name) : (headers[name] ?? headers[name.toLowerCase()]);
  const ms = get('retry-after-ms');
  if (ms != null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = get('retry-after');
  if (value == null || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** Exponential backoff with "equal jitter": half the window fixed, half random. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const window = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.round(window / 2 + random() * (window / 2));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
