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
  };
}
