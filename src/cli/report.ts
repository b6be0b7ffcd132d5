/** clinic report and clinic gate: a results file → report outputs and release gates. */
import path from 'node:path';
import { ClinicError, ExitError } from '../errors.ts';
import { gatesFileFromEnv, gateTable, loadGates } from '../gates/gates.ts';
import { loadTasks } from '../load/tasks.ts';
import { buildReport, type Report } from '../report/build.ts';
import { readResults } from '../report/read.ts';
import { defaultOutputs, writeReport, type ReportOutputs } from '../report/write.ts';
import { dataDirFromEnv } from '../suite/suite.ts';

export interface ReportOptions {
  html?: string;
  md?: string;
  json?: string;
  original?: string;
  junit?: string;
  baseline?: string;
  gates?: string;
  data?: string;
  judgeSample?: string;
}

function knownMetrics(): Map<string, string[]> {
  return new Map(loadTasks().map((t) => [t.spec.id, t.spec.metrics.map((m) => m.id)]));
}

async function build(resultsFile: string, opts: ReportOptions, gatesFile: string | undefined): Promise<Report> {
  const started = Date.now();
  const results = await readResults(resultsFile);
  const baseline = opts.baseline ? await readResults(opts.baseline) : undefined;
  const gates = gatesFile ? loadGates(gatesFile, knownMetrics()) : undefined;
  const judgeSample = opts.judgeSample === undefined ? undefined : Number(opts.judgeSample);
  if (judgeSample !== undefined && !(Number.isInteger(judgeSample) && judgeSample > 0)) throw new ExitError(2, `clinic report: --judge-sample needs a positive whole number, not "${opts.judgeSample}"`);
  const report = await buildReport(results, { baseline, gates, dataDir: opts.data ? path.resolve(opts.data) : dataDirFromEnv(), judgeSample });
  const unassessed = report.cells.reduce((s, c) => s + c.unassessed, 0);
  process.stderr.write(
    `Read ${results.rows.length} results from ${resultsFile}${baseline ? ` and ${baseline.rows.length} baseline results from ${opts.baseline}` : ''}: ` +
      `${report.targets.length} target${report.targets.length === 1 ? '' : 's'}, ${report.tasks.length} tasks, ${report.langs.length} languages, ${unassessed} unassessed (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  if (report.cells.length === 0) throw new ClinicError({ file: resultsFile, message: 'holds no CLINIC cases (no result carries task and language metadata)' });
  return report;
}

export async function reportCommand(resultsFile: string, opts: ReportOptions): Promise<void> {
  const gatesFile = opts.gates ?? (opts.junit ? gatesFileFromEnv() : undefined);
  const report = await build(resultsFile, opts, gatesFile);
  const chosen: ReportOutputs = { html: opts.html, md: opts.md, json: opts.json, original: opts.original, junit: opts.junit };
  const outputs = Object.values(chosen).some(Boolean) ? chosen : defaultOutputs(resultsFile);
  for (const f of writeReport(report, outputs)) process.stderr.write(`wrote ${f}\n`);
  if (report.gates) {
    process.stdout.write(`${gateTable(report.gates)}\n`);
    if (report.gates.some((g) => !g.pass)) throw new ExitError(1);
  }
}

export async function gateCommand(resultsFile: string, opts: ReportOptions): Promise<void> {
  const gatesFile = opts.gates ?? gatesFileFromEnv();
  if (!gatesFile) throw new ClinicError({ file: 'gates.yaml', message: 'no gates file: pass --gates <file>, set CLINIC_GATES, or create gates.yaml (see gates.example.yaml)' });
  const report = await build(resultsFile, opts, gatesFile);
  if (opts.junit) writeReport(report, { junit: opts.junit });
  process.stdout.write(`${gateTable(report.gates!)}\n`);
  if (report.gates!.some((g) => !g.pass)) throw new ExitError(1);
}
