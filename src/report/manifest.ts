/**
 * The run manifest: everything needed to say what was measured and to reproduce it — data
 * hashes, task and language pack versions, decoding settings, target and judge identities,
 * promptfoo and suite versions, dates.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CaseRecord } from '../aggregate/records.ts';
import type { LoadedTask } from '../load/tasks.ts';
import { LANGS_DIR, REPO_ROOT } from '../paths.ts';
import type { Row } from './read.ts';

export interface Manifest {
  suite: { name: string; version: string };
  promptfoo_version?: string | undefined;
  node_version: string;
  report_created: string;
  eval: { id?: string | undefined; created?: string | undefined; results_file?: string | undefined; cases: number };
  data: { cases_sha256: string; tasks: Record<string, { version: number; items: number; spec_sha256: string }>; language_packs: Record<string, string> };
  decoding: Record<string, unknown>;
  targets: Array<{ target: string; provider_id: string; models: string[]; backends: string[]; endpoints: string[] }>;
  scorers: Record<string, number>;
  judges: Array<{ model: string; rubric: string; rubric_hash: string }>;
  similarity_method?: string | undefined;
  requests: RequestStats;
}

/** How the target answered: what came back, from the cache, after retries, or not at all. */
export interface RequestStats {
  cases: number;
  answered: number;
  from_cache: number;
  failed: number;
  retried_cases: number;
  retries: number;
  retries_by_kind: Record<string, number>;
  waited_ms: number;
  /** Answers per endpoint URL (load spread across replicas). */
  answered_by_endpoint: Record<string, number>;
}

export function requestStats(rows: Row[]): RequestStats {
  const stats: RequestStats = { cases: rows.length, answered: 0, from_cache: 0, failed: 0, retried_cases: 0, retries: 0, retries_by_kind: {}, waited_ms: 0, answered_by_endpoint: {} };
  for (const r of rows) {
    const res = r.response;
    const answered = res && !res.error && res.output !== undefined && res.output !== null;
    if (answered) stats.answered++;
    else stats.failed++;
    if (answered && (res.cached || res.metadata?.cache === 'hit')) stats.from_cache++;
    else if (answered && res.metadata?.target?.endpoint) {
      const url = String(res.metadata.target.endpoint);
      stats.answered_by_endpoint[url] = (stats.answered_by_endpoint[url] ?? 0) + 1;
    }
    const retries = Array.isArray(res?.metadata?.retries) ? (res.metadata.retries as Array<{ kind?: string; waited_ms?: number }>) : [];
    if (retries.length) stats.retried_cases++;
    for (const f of retries) {
      stats.retries++;
      const kind = String(f.kind ?? 'other');
      stats.retries_by_kind[kind] = (stats.retries_by_kind[kind] ?? 0) + 1;
      stats.waited_ms += Number(f.waited_ms ?? 0);
    }
  }
  return stats;
}

/** One line for run summaries: "2000 cases: 1998 answered (12 from cache), 2 failed; 412 retries …". */
export function requestLine(s: RequestStats): string {
  const kinds = Object.entries(s.retries_by_kind)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const endpoints = Object.keys(s.answered_by_endpoint).length > 1 ? `; answers per endpoint: ${Object.entries(s.answered_by_endpoint).map(([u, n]) => `${u} ${n}`).join(', ')}` : '';
  return (
    `${s.cases} cases: ${s.answered} answered${s.from_cache ? ` (${s.from_cache} from cache)` : ''}, ${s.failed} failed; ` +
    `${s.retries} retr${s.retries === 1 ? 'y' : 'ies'} over ${s.retried_cases} case${s.retried_cases === 1 ? '' : 's'}${kinds ? ` (${kinds})` : ''}${s.waited_ms ? `, ${(s.waited_ms / 1000).toFixed(1)} s waited before retries` : ''}${endpoints}`
  );
}

const sha = (s: string | Buffer) => crypto.createHash('sha256').update(s).digest('hex');

function suiteVersion(): { name: string; version: string } {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

export function buildManifest(input: {
  rows: Row[];
  records: CaseRecord[];
  tasks: LoadedTask[];
  evalId?: string | undefined;
  evalCreated?: string | undefined;
  resultsFile?: string | undefined;
  promptfooVersion?: string | undefined;
  similarityMethod?: string | undefined;
}): Manifest {
  const { rows, records } = input;
  // The cases exactly as run: task, language, item, variant and the prompt sent.
  const caseKeys = rows
    .map((r) => `${r.metadata?.task}\u0000${r.metadata?.lang}\u0000${r.metadata?.item}\u0000${r.metadata?.variant ?? ''}\u0000${r.vars?.prompt ?? ''}`)
    .sort();
  const decoding: Record<string, unknown> = {};
  const targets = new Map<string, Manifest['targets'][number]>();
  for (const r of rows) {
    const task = r.metadata?.task;
    if (task && !(task in decoding)) decoding[task] = r.response?.metadata?.target?.generation ?? r.metadata?.generation;
    const label = String(r.provider?.label || r.provider?.id || 'target');
    const t = targets.get(label) ?? { target: label, provider_id: String(r.provider?.id ?? ''), models: [], backends: [], endpoints: [] };
    const info = r.response?.metadata?.target;
    if (info?.model && !t.models.includes(info.model)) t.models.push(info.model);
    if (info?.backend && !t.backends.includes(info.backend)) t.backends.push(info.backend);
    if (info?.endpoint && !t.endpoints.includes(info.endpoint)) t.endpoints.push(info.endpoint);
    targets.set(label, t);
  }
  const scorers: Record<string, number> = {};
  const judges = new Map<string, Manifest['judges'][number]>();
  for (const r of records) {
    if (r.backend) scorers[r.backend] = (scorers[r.backend] ?? 0) + 1;
    if (r.judge) judges.set(`${r.judge.model}\u0000${r.judge.rubric_hash}`, { model: r.judge.model, rubric: r.judge.rubric, rubric_hash: r.judge.rubric_hash });
  }
  const tasks = Object.fromEntries(
    input.tasks.map((t) => [t.spec.id, { version: t.spec.version, items: t.items.length, spec_sha256: sha(fs.readFileSync(t.file)).slice(0, 16) }]),
  );
  const language_packs = Object.fromEntries(
    fs.existsSync(LANGS_DIR)
      ? fs
          .readdirSync(LANGS_DIR)
          .filter((f) => f.endsWith('.yaml'))
          .sort()
          .map((f) => [f.replace(/\.yaml$/, ''), sha(fs.readFileSync(path.join(LANGS_DIR, f))).slice(0, 16)])
      : [],
  );
  return {
    suite: suiteVersion(),
    promptfoo_version: input.promptfooVersion,
    node_version: process.version,
    report_created: new Date().toISOString(),
    eval: { id: input.evalId, created: input.evalCreated, results_file: input.resultsFile, cases: rows.length },
    data: { cases_sha256: sha(caseKeys.join('\n')), tasks, language_packs },
    decoding,
    targets: [...targets.values()],
    scorers,
    judges: [...judges.values()],
    similarity_method: input.similarityMethod,
    requests: requestStats(rows),
  };
}
