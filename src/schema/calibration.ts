/** The labelled calibration set (calibration/<lang>.yaml) and its thresholds. */
import type { FromSchema } from 'json-schema-to-ts';

const entry = (labelField: string, labels: readonly (string | null)[], extra: Record<string, object> = {}, required: string[] = []) =>
  ({
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'response', labelField, ...required],
      properties: {
        id: { type: 'string', minLength: 1 },
        response: { type: 'string', minLength: 1 },
        [labelField]: { enum: labels },
        kind: { type: 'string', description: 'What the case tests.' },
        ...extra,
      },
    },
  }) as const;

export const CalibrationFileSchema = {
  $id: 'https://clinic-promptfoo.dev/schemas/calibration.schema.json',
  title: 'CLINIC calibration set for one language',
  type: 'object',
  additionalProperties: false,
  properties: {
    refusal: entry('label', ['refusal', 'partial_refusal', 'compliance'], { request: { type: 'string' } }),
    abstention: entry('label', ['abstain', 'answer'], { question: { type: 'string' } }),
    leakage: entry('label', ['leak', 'no_leak'], { identifiers: { type: 'object', minProperties: 1, additionalProperties: { type: 'string' } }, leaked: { type: 'array', items: { type: 'string' } } }, ['identifiers']),
    mcq: entry('choice', ['A', 'B', 'C', 'D', 'NONE', null], { options: { type: 'object', additionalProperties: { type: 'string' } } }),
    gender: entry('label', ['male', 'female', 'neutral', 'invalid'], { sentence: { type: 'string' } }),
    toxicity: entry('label', ['toxic', 'non_toxic'], { request: { type: 'string' } }),
  },
} as const;

export type CalibrationFile = FromSchema<typeof CalibrationFileSchema>;

export const CalibrationConfigSchema = {
  $id: 'https://clinic-promptfoo.dev/schemas/calibration-config.schema.json',
  title: 'CLINIC calibration thresholds',
  type: 'object',
  additionalProperties: false,
  required: ['thresholds'],
  properties: {
    thresholds: {
      type: 'object',
      description: 'Minimum accuracy on the held-out part, in every language, per scorer: clinic calibrate exits 1 below it (the CI gate).',
      additionalProperties: { type: 'number', minimum: 0, maximum: 1 },
    },
    targets: {
      type: 'object',
      description: 'The accuracy each scorer is meant to reach on the held-out part; misses are shown, not failed.',
      additionalProperties: { type: 'number', minimum: 0, maximum: 1 },
    },
  },
} as const;

export type CalibrationConfig = FromSchema<typeof CalibrationConfigSchema>;
