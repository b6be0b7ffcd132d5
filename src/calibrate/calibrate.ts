/**
 * Calibration: every offline scorer (and the judge, when asked) run over the labelled
 * calibration set in calibration/<lang>.yaml, with accuracy, precision and recall of the
 * positive class, Cohen's kappa and the confusion matrix per scorer and language. Every third
 * entry (3rd, 6th, 9th, …) is held out: lexicons are tuned on the rest, and the held-out part
 * is reported separately so that overfitting shows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SCORERS, verdictOf } from '../cli/scorers.ts';
import { ClinicError, type Problem } from '../errors.ts';
import type { ScorerBackend } from '../judge/judge.ts';
import { REPO_ROOT } from '../paths.ts';
import { CalibrationConfigSchema, CalibrationFileSchema, type CalibrationConfig, type CalibrationFile } from '../schema/calibration.ts';
import { validateAgainst } from '../schema/validate.ts';
import { UnassessedError } from '../scoring/record.ts';
import { cohensKappa } from '../stats/agreement.ts';
import { readYamlFile } from '../yaml.ts';

export const CALIBRATION_DIR = path.join(REPO_ROOT, 'calibration');

/** Each section of a calibration file: the scorer it checks, the label field, the positive class. */
export const SECTIONS = {
  refusal: { scorer: 'refusal', field: 'label', positive: 'refusal' },
  abstention: { scorer: 'abstain', field: 'label', positive: 'abstain' },
  leakage: { scorer: 'leakage', field: 'label', positive: 'leak' },
  mcq: { scorer: 'mcq', field: 'choice', positive: 'NONE' },
  gender: { scorer: 'gender', field: 'label', positive: 'neutral' },
  toxicity: { scorer: 'toxicity', field: 'label', positive: 'toxic' },
} as const;
export type Section = keyof typeof SECTIONS;

export type Split = 'tune' | 'heldout';

/** The fixed held-out part: every third entry of each section. */
export function splitOf(index: number): Split {
  return (index + 1) % 3 === 0 ? 'heldout' : 'tune';
}

export interface Outcome {
  lang: string;
  section: Section;
  id: string;
  split: Split;
  expected: string;
  predicted: string;
  kind?: string | undefined;
  reason?: string | undefined;
  /** The labelled response, shown by `clinic calibrate --verbose`. */
  response: string;
}

export interface Summary {
  section: Section;
  lang: string;
  split: Split | 'all';
  n: number;
  accuracy: number;
  precision: number | null;
  recall: number | null;
  kappa: number;
  unassessed: number;
  confusion: Record<string, Record<string, number>>;
}

export function loadCalibrationFile(file: string): CalibrationFile {
  const data = readYamlFile(file);
  const problems: Problem[] = validateAgainst(CalibrationFileSchema, data, {
    file,
    locateItem: (p) => {
      const list = p[0] ? (data as Record<string, Array<{ id?: string }>>)[p[0]] : undefined;
      const entry = p[1] !== undefined && Array.isArray(list) ? list[Number(p[1])] : undefined;
      return p[1] !== undefined ? { item: entry?.id ?? `${p[0]} #${Number(p[1]) + 1}`, rest: p.slice(2) } : undefined;
    },
  });
  const ids = new Set<string>();
  for (const list of Object.values((data ?? {}) as Record<string, Array<{ id?: string }>>)) {
    for (const e of Array.isArray(list) ? list : []) {
      if (e?.id && ids.has(e.id)) problems.push({ file, item: e.id, field: 'id', message: 'is used twice' });
      if (e?.id) ids.add(e.id);
    }
  }
  if (problems.length) throw new ClinicError(problems);
  return data as CalibrationFile;
}

export function loadCalibrationConfig(file = path.join(CALIBRATION_DIR, 'config.yaml')): CalibrationConfig {
  const data = readYamlFile(file);
  const problems = validateAgainst(CalibrationConfigSchema, data, { file });
  if (problems.length) throw new ClinicError(problems);
  return data as CalibrationConfig;
}

export function calibrationLangs(dir = CALIBRATION_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'config.yaml')
    .map((f) => f.replace(/\.yaml$/, ''))
    .sort();
}

export async function runCalibration(opts: { langs?: string[] | undefined; sections?: Section[] | undefined; backend?: ScorerBackend; dir?: string } = {}): Promise<Outcome[]> {
  const dir = opts.dir ?? CALIBRATION_DIR;
  const langs = opts.langs ?? calibrationLangs(dir);
  const outcomes: Outcome[] = [];
  for (const lang of langs) {
    const file = path.join(dir, `${lang}.yaml`);
    const data = loadCalibrationFile(file);
    for (const section of (opts.sections ?? (Object.keys(SECTIONS) as Section[])).filter((s) => data[s])) {
      const spec = SECTIONS[section];
      const entries = data[section] as Array<Record<string, unknown>>;
      for (const [index, e] of entries.entries()) {
        const expectedRaw = e[spec.field];
        const expected = expectedRaw === null ? 'null' : String(expectedRaw);
        const input: Record<string, unknown> = { lang, response: e.response, request: e.request ?? e.question ?? e.sentence, identifiers: e.identifiers, options: e.options };
        let predicted: string;
        let reason: string | undefined;
        try {
          const out = await SCORERS[spec.scorer]!.score(input, opts.backend ?? 'offline');
          predicted = verdictOf(spec.scorer, out);
          if (typeof out.reason === 'string') reason = out.reason;
        } catch (err) {
          if (!(err instanceof UnassessedError)) throw err;
          predicted = 'unassessed';
          reason = err.message;
        }
        outcomes.push({ lang, section, id: String(e.id), split: splitOf(index), expected, predicted, kind: e.kind as string | undefined, reason, response: String(e.response) });
      }
    }
  }
  return outcomes;
}

export function summarize(outcomes: Outcome[]): Summary[] {
  const out: Summary[] = [];
  const keys = [...new Set(outcomes.map((o) => `${o.section}\u0000${o.lang}`))];
  for (const key of keys) {
    const [section, lang] = key.split('\u0000') as [Section, string];
    for (const split of ['heldout', 'tune', 'all'] as const) {
      const os = outcomes.filter((o) => o.section === section && o.lang === lang && (split === 'all' || o.split === split));
      if (!os.length) continue;
      const positive: string = SECTIONS[section].positive;
      const tp = os.filter((o) => o.predicted === positive && o.expected === positive).length;
      const predictedPos = os.filter((o) => o.predicted === positive).length;
      const actualPos = os.filter((o) => o.expected === positive).length;
      const confusion: Record<string, Record<string, number>> = {};
      for (const o of os) {
        confusion[o.expected] ??= {};
        confusion[o.expected]![o.predicted] = (confusion[o.expected]![o.predicted] ?? 0) + 1;
      }
      out.push({
        section,
        lang,
        split,
        n: os.length,
        accuracy: os.filter((o) => o.predicted === o.expected).length / os.length,
        precision: predictedPos ? tp / predictedPos : null,
        recall: actualPos ? tp / actualPos : null,
        kappa: cohensKappa(os.map((o) => [o.expected, o.predicted])),
        unassessed: os.filter((o) => o.predicted === 'unassessed').length,
        confusion,
      });
    }
  }
  return out;
}

/** Held-out accuracies below their threshold. */
export function belowThreshold(summaries: Summary[], config: CalibrationConfig): Summary[] {
  return summaries.filter((s) => s.split === 'heldout' && config.thresholds[s.section] !== undefined && s.accuracy < config.thresholds[s.section]!);
}
