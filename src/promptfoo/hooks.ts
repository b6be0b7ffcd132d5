/**
 * promptfoo extension hooks named in clinic.config.yaml.
 *   beforeAll: checks every target can serve before the first case is sent, and stops the run
 *              with a plain message when one cannot (no hang, no wall of errors).
 *   afterAll:  aggregates the run's CLINIC metrics per target × task × language and writes
 *              them next to the promptfoo output.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AfterAllExtensionHookContext, BeforeAllExtensionHookContext } from 'promptfoo';
import { aggregateCells } from '../aggregate/aggregate.ts';
import { toCaseRecords } from '../aggregate/records.ts';
import { writeMetricsFile, metricsPathFor, summaryTable } from '../aggregate/output.ts';
import { ClinicError } from '../errors.ts';
import { loadTasks } from '../load/tasks.ts';
import { stateDir } from '../paths.ts';
import { similarityFromEnv } from '../similarity/similarity.ts';
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
}

export async function afterAll(context: AfterAllExtensionHookContext): Promise<void> {
  const records = toCaseRecords(context.results as unknown as Iterable<Record<string, unknown>>);
  if (records.length === 0) return;
  const taskIds = [...new Set(records.map((r) => r.task))];
  const dataDir = dataDirFromEnv();
  const specs = new Map(loadTasks({ only: taskIds, dataDirFor: dataDir ? (id) => path.join(dataDir, id) : undefined }).map((t) => [t.spec.id, t.spec]));
  const similarity = similarityFromEnv();
  const cells = await aggregateCells(records, specs, { similarity: (a, b) => similarity.similarity(a, b) });
  const outputs = context.config.outputPath;
  const first = Array.isArray(outputs) ? outputs[0] : outputs;
  const file = first ? metricsPathFor(first) : path.join(stateDir(), 'runs', `${context.evalId}.metrics.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeMetricsFile(file, { evalId: context.evalId, cells, similarityMethod: similarity.method });
  process.stderr.write(`\n${summaryTable(cells)}\nCLINIC metrics written to ${file}\n`);
}
