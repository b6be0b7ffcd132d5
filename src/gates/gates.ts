/**
 * Release gates: checks CLINIC metrics (per language or pooled) against thresholds from a
 * gates file, and the share of unassessed cases against its own budget, so that errors can
 * never pass a gate by being left out of a rate.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Cell, PooledTask } from '../aggregate/aggregate.ts';
import { ClinicError } from '../errors.ts';
import { GatesSchema, type GatesFile, type GateSpec } from '../schema/gates.ts';
import { validateAgainst } from '../schema/validate.ts';
import { readYamlFile } from '../yaml.ts';

export interface GateCheck {
  gate: string;
  target: string;
  task: string;
  metric: string;
  scope: string;
  lang?: string;
  value: number | null;
  /** The number compared with the threshold (the point estimate or an interval bound). */
  compared: number | null;
  threshold: string;
  unassessedShare: number;
  pass: boolean;
  reason: string;
}

export function loadGates(file: string, knownTasks?: Map<string, string[]>): GatesFile {
  const data = readYamlFile(file);
  const problems = validateAgainst(GatesSchema, data, {
    file,
    locateItem: (p) => (p[0] === 'gates' && p[1] !== undefined ? { item: `gate #${Number(p[1]) + 1}`, rest: p.slice(2) } : undefined),
  });
  if (problems.length) throw new ClinicError(problems);
  const gates = data as GatesFile;
  if (knownTasks) {
    gates.gates.forEach((g, i) => {
      const metrics = knownTasks.get(g.task);
      if (!metrics) problems.push({ file, item: `gate #${i + 1}`, field: 'task', message: `"${g.task}" is not a task (known: ${[...knownTasks.keys()].join(', ')})` });
      else if (!metrics.includes(g.metric)) problems.push({ file, item: `gate #${i + 1}`, field: 'metric', message: `"${g.metric}" is not a metric of ${g.task} (its metrics: ${metrics.join(', ')})` });
    });
  }
  if (problems.length) throw new ClinicError(problems);
  return gates;
}

/** CLINIC_GATES, or gates.yaml in the working directory; undefined when neither exists. */
export function gatesFileFromEnv(env = process.env, cwd = process.cwd()): string | undefined {
  if (env.CLINIC_GATES?.trim()) return path.resolve(env.CLINIC_GATES.trim());
  const local = path.join(cwd, 'gates.yaml');
  return fs.existsSync(local) ? local : undefined;
}

function describeThreshold(g: GateSpec, budget: number): string {
  const parts = [];
  if (g.min !== undefined) parts.push(`≥ ${g.min}`);
  if (g.max !== undefined) parts.push(`≤ ${g.max}`);
  const bound = (g.bound ?? 'point') === 'interval' ? ' (95% bound)' : '';
  return `${parts.join(' and ')}${bound}${parts.length ? '; ' : ''}unassessed ≤ ${Math.round(budget * 100)}%`;
}

export function checkGates(gates: GatesFile, cells: Cell[], pooled: PooledTask[]): GateCheck[] {
  const checks: GateCheck[] = [];
  gates.gates.forEach((g, i) => {
    const name = g.name ?? `${g.task}/${g.metric}`;
    const budget = g.max_unassessed ?? gates.max_unassessed ?? 0.05;
    const bound = g.bound ?? 'point';
    const scope = g.scope ?? 'each-language';
    const threshold = describeThreshold(g, budget);
    const targets = g.target ? (c: { target: string }) => c.target === g.target : () => true;
    const subjects: Array<{ target: string; lang?: string; cases: number; unassessed: number; metric: { value: number | null; ci?: [number, number] | null } | undefined }> =
      scope === 'pooled'
        ? pooled.filter((p) => p.task === g.task && targets(p)).map((p) => ({ target: p.target, cases: p.cases, unassessed: p.unassessed, metric: p.metrics[g.metric] }))
        : cells
            .filter((c) => c.task === g.task && targets(c) && (!g.langs || g.langs.includes(c.lang)) && (!g.resource || (g.resource as string[]).includes(c.resource)))
            .map((c) => ({ target: c.target, lang: c.lang, cases: c.cases, unassessed: c.unassessed, metric: c.metrics[g.metric] }));
    if (subjects.length === 0) {
      checks.push({ gate: name, target: g.target ?? '*', task: g.task, metric: g.metric, scope, value: null, compared: null, threshold, unassessedShare: 0, pass: false, reason: `no results for this gate (gate #${i + 1})` });
      return;
    }
    for (const s of subjects) {
      const value = s.metric?.value ?? null;
      const share = s.cases ? s.unassessed / s.cases : 0;
      const base = { gate: name, target: s.target, task: g.task, metric: g.metric, scope, ...(s.lang ? { lang: s.lang } : {}), value, threshold, unassessedShare: share };
      const failures: string[] = [];
      if (share > budget) failures.push(`${Math.round(share * 100)}% unassessed (budget ${Math.round(budget * 100)}%)`);
      let compared: number | null = value;
      if (g.min !== undefined || g.max !== undefined) {
        if (value === null) failures.push('no assessed value');
        else {
          const ci = s.metric?.ci ?? null;
          if (g.min !== undefined) {
            compared = bound === 'interval' ? (ci?.[0] ?? null) : value;
            if (compared === null) failures.push('no interval to compare');
            else if (compared < g.min) failures.push(`${bound === 'interval' ? 'lower bound ' : ''}${compared.toFixed(3)} < ${g.min}`);
          }
          if (g.max !== undefined) {
            const c = bound === 'interval' ? (ci?.[1] ?? null) : value;
            if (g.min === undefined) compared = c;
            if (c === null) failures.push('no interval to compare');
            else if (c > g.max) failures.push(`${bound === 'interval' ? 'upper bound ' : ''}${c.toFixed(3)} > ${g.max}`);
          }
        }
      }
      checks.push({ ...base, compared, pass: failures.length === 0, reason: failures.length ? failures.join('; ') : 'ok' });
    }
  });
  return checks;
}

export function gateTable(checks: GateCheck[]): string {
  const rows = checks.map((c) => [c.pass ? 'PASS' : 'FAIL', c.gate, c.target, c.lang ?? (c.scope === 'pooled' ? 'all' : ''), c.value === null ? '—' : c.value.toFixed(3), c.threshold, c.pass ? '' : c.reason]);
  const head = ['', 'gate', 'target', 'lang', 'value', 'threshold', 'why'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  const failed = checks.filter((c) => !c.pass).length;
  return [line(head), ...rows.map(line), '', failed ? `${failed} of ${checks.length} gate checks failed.` : `All ${checks.length} gate checks passed.`].join('\n');
}

function xml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** JUnit XML: one test suite per gate, one test case per checked cell. */
export function gatesJUnit(checks: GateCheck[]): string {
  const byGate = new Map<string, GateCheck[]>();
  for (const c of checks) byGate.set(c.gate, [...(byGate.get(c.gate) ?? []), c]);
  const suites = [...byGate].map(([gate, cs]) => {
    const cases = cs.map((c) => {
      const name = `${c.target} ${c.task}/${c.metric}${c.lang ? ` [${c.lang}]` : c.scope === 'pooled' ? ' [all languages]' : ''}`;
      const body = c.pass ? '' : `<failure message="${xml(c.reason)}">${xml(`value ${c.value ?? 'none'}; threshold ${c.threshold}`)}</failure>`;
      return `    <testcase classname="${xml(`clinic.gates.${gate}`)}" name="${xml(name)}">${body}</testcase>`;
    });
    return `  <testsuite name="${xml(gate)}" tests="${cs.length}" failures="${cs.filter((c) => !c.pass).length}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="CLINIC gates" tests="${checks.length}" failures="${checks.filter((c) => !c.pass).length}">\n${suites.join('\n')}\n</testsuites>\n`;
}
