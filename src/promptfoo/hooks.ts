/**
 * promptfoo extension hooks named in clinic.config.yaml.
 *   beforeAll: checks every target can serve before the first case is sent, and stops the run
 *              with a plain message when one cannot (no hang, no wall of errors).
 *   afterAll:  aggregates the CLINIC metrics, writes the report next to the promptfoo output
 *              (results.json → results.report.html, .summary.md, .report.json,
 *              .clinic-results.json) and checks the release gates (CLINIC_GATES or
 *              ./gates.yaml): a failing gate makes the eval exit with status 1. With
 *              CLINIC_JUDGE_SAMPLE=N, N offline-scored cases are judged again and the
 *              agreement goes into the report.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AfterAllExtensionHookContext, BeforeAllExtensionHookContext } from 'promptfoo';
import { ClinicError } from '../errors.ts';
import { gatesFileFromEnv, gateTable, loadGates } from '../gates/gates.ts';
import { judgeConfigured } from '../judge/judge.ts';
import { loadTasks } from '../load/tasks.ts';
import { REPO_ROOT, stateDir } from '../paths.ts';
import { buildReport, type Report } from '../report/build.ts';
import { requestLine } from '../report/manifest.ts';
import { defaultOutputs, writeReport } from '../report/write.ts';
import { dataDirFromEnv } from '../suite/suite.ts';
import { exitWithMessage, exitWithProblems } from './exit.ts';

interface Preflightable {
  preflight?: () => Promise<string>;
  id: () => string;
  label?: string;
}

export async function beforeAll(context: BeforeAllExtensionHookContext): Promise<void> {
  const providers = (context.suite.providers ?? []) as unknown as Preflightable[];
  for (const p of providers) {
    if (typeof p.preflight !== 'function') continue;
    try {
      const what = await p.preflight();
      process.stderr.write(`CLINIC target${p.label ? ` ${p.label}` : ''}: ${what}\n`);
    } catch (err) {
      if (err instanceof ClinicError) exitWithProblems('The CLINIC target is not usable:', err);
      exitWithMessage(`The CLINIC target${p.label ? ` "${p.label}"` : ''} is not usable: ${(err as Error).message}`);
    }
  }
  if (judgeSampleFromEnv() !== undefined && !judgeConfigured()) {
    exitWithMessage('CLINIC_JUDGE_SAMPLE asks for a judge sample, but no judge is configured: set CLINIC_JUDGE_URL and CLINIC_JUDGE_MODEL, or CLINIC_JURY');
  }
  // Gates are read before the run, so a broken gates file does not waste one.
  const gates = gatesFileFromEnv();
  if (gates) {
    try {
      loadGates(gates, new Map(loadTasks().map((t) => [t.spec.id, t.spec.metrics.map((m) => m.id)])));
    } catch (err) {
      if (err instanceof ClinicError) exitWithProblems('The gates file is not valid:', err);
      throw err;
    }
  }
}

function judgeSampleFromEnv(env = process.env): number | undefined {
  const raw = env.CLINIC_JUDGE_SAMPLE?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) exitWithMessage(`CLINIC_JUDGE_SAMPLE must be a positive whole number, got "${raw}"`);
  return n;
}

function promptfooVersion(): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'promptfoo', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

export async function afterAll(context: AfterAllExtensionHookContext): Promise<void> {
  const rows = context.results as unknown as Array<Record<string, unknown>>;
  if (!rows.some((r) => (r.metadata as { task?: unknown } | undefined)?.task)) return;
  const outputs = context.config.outputPath;
  const first = Array.isArray(outputs) ? outputs[0] : outputs;
  const base = first ?? path.join(stateDir(), 'runs', context.evalId, 'results.json');
  const gatesFile = gatesFileFromEnv();
  const started = Date.now();
  let report: Report;
  try {
    report = await buildReport(
      { file: first, rows, evalId: context.evalId, promptfooVersion: promptfooVersion(), createdAt: new Date().toISOString() },
      { gates: gatesFile ? loadGates(gatesFile) : undefined, dataDir: dataDirFromEnv(), judgeSample: judgeSampleFromEnv() },
    );
  } catch (err) {
    if (err instanceof ClinicError) exitWithProblems('The CLINIC report could not be built:', err);
    throw err;
  }
  const files = writeReport(report, { ...defaultOutputs(base), ...(report.gates ? { junit: defaultOutputs(base).html!.replace(/\.report\.html$/, '.gates.junit.xml') } : {}) });
  process.stderr.write(`\n${summaryLines(report)}\nCLINIC report (${((Date.now() - started) / 1000).toFixed(1)} s): ${files.map((f) => path.relative(process.cwd(), f) || f).join(', ')}\n`);
  if (report.gates) {
    process.stderr.write(`\n${gateTable(report.gates)}\n`);
    if (report.gates.some((g) => !g.pass)) process.exitCode = 1;
  }
}

/** One line per target × task: the headline metric in each language, with unassessed counts. */
function summaryLines(report: Report): string {
  const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3));
  const lines = ['CLINIC summary', `Requests: ${requestLine(report.manifest.requests)}`];
  for (const target of report.targets) {
    for (const t of report.tasks) {
      const cells = report.cells.filter((c) => c.target === target && c.task === t.id);
      if (!cells.length) continue;
      const unassessed = cells.reduce((s, c) => s + c.unassessed, 0);
      lines.push(`${target} · ${t.id} — ${t.headline}: ${cells.map((c) => `${c.lang} ${fmt(c.metrics[t.headline]?.value)}`).join('  ')}${unassessed ? `  (unassessed: ${unassessed})` : ''}`);
    }
  }
  return lines.join('\n');
}
