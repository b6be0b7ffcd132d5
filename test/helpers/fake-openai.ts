/**
 * A real HTTP server on 127.0.0.1 that speaks the OpenAI-compatible API the suite's providers
 * use (/v1/models, /v1/chat/completions, /v1/completions, /v1/embeddings), with deterministic
 * answers chosen by the test and optional faults (HTTP errors with Retry-After, connection
 * resets, hangs, malformed JSON).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  path: string;
  model: string;
  /** The user message (chat) or the raw prompt (completions). */
  prompt: string;
  body: Record<string, unknown>;
  /** When the request arrived and when it was answered (ms since the epoch). */
  receivedAt: number;
  answeredAt?: number;
}

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'malformed' };

export interface FakeServerOptions {
  models?: string[];
  /** The text the model answers with. */
  answer?: (req: FakeRequest) => string | { content: string; reasoning_content?: string } | Promise<string | { content: string; reasoning_content?: string }>;
  /** Called before answering; return a fault to inject one. */
  fault?: (req: FakeRequest, n: number) => Fault | undefined;
  /** Embedding for one input text (for /v1/embeddings). */
  embed?: (text: string) => number[];
  /** Delay before answering, in ms. */
  latencyMs?: number;
  /** Listen on this port (to bring a "dead" server back at the same URL); any free port by default. */
  port?: number;
}

export interface FakeServer {
  url: string;
  requests: FakeRequest[];
  /** Requests answered successfully, per path. */
  served: number;
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeOpenAI(opts: FakeServerOptions = {}): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  const state = { served: 0 };
  const server = http.createServer(async (req, res) => {
    const raw = await readBody(req);
    const path = (req.url ?? '').replace(/\?.*$/, '');
    let current: FakeRequest | undefined;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (current) current.answeredAt = Date.now();
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (req.method === 'GET' && path.endsWith('/models')) {
      send(200, { object: 'list', data: (opts.models ?? ['fake-model']).map((id) => ({ id, object: 'model', owned_by: 'test' })) });
      return;
    }
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      send(400, { error: { message: 'invalid JSON body' } });
      return;
    }
    const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role: string; content: string }>) : [];
    const prompt = messages.length ? String(messages[messages.length - 1]!.content) : String(body.prompt ?? '');
    const fakeReq: FakeRequest = { path, model: String(body.model ?? ''), prompt, body, receivedAt: Date.now() };
    requests.push(fakeReq);
    current = fakeReq;
    const fault = opts.fault?.(fakeReq, requests.length);
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') {
      hanging.add(res);
      return;
    }
    if (fault?.kind === 'status') {
      send(fault.status, fault.body ?? { error: { message: `injected HTTP ${fault.status}` } }, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
      return;
    }
    if (fault?.kind === 'malformed') {
      send(200, '{"id": "x", "choices": [ {"message": {"content": "trunc');
      return;
    }
    if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
    if (path.endsWith('/embeddings')) {
      const input = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input ?? '')];
      const embed = opts.embed ?? (() => [1, 0, 0]);
      state.served++;
      send(200, { object: 'list', model: body.model, data: input.map((t, index) => ({ object: 'embedding', index, embedding: embed(t) })), usage: { prompt_tokens: 1, total_tokens: 1 } });
      return;
    }
    const answered = opts.answer ? await opts.answer(fakeReq) : 'OK';
    const text = typeof answered === 'string' ? answered : answered.content;
    const reasoning = typeof answered === 'string' ? undefined : answered.reasoning_content;
    const usage = { prompt_tokens: prompt.length, completion_tokens: text.length, total_tokens: prompt.length + text.length };
    state.served++;
    if (path.endsWith('/chat/completions')) {
      send(200, { id: `chatcmpl-${requests.length}`, object: 'chat.completion', created: 0, model: body.model, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: text, ...(reasoning ? { reasoning_content: reasoning } : {}) } }], usage });
    } else if (path.endsWith('/completions')) {
      send(200, { id: `cmpl-${requests.length}`, object: 'text_completion', created: 0, model: body.model, choices: [{ index: 0, finish_reason: 'stop', text }], usage });
    } else {
      send(404, { error: { message: `no route ${path}` } });
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get served() {
      return state.served;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
