/** Release gates: thresholds on CLINIC metrics that make a run (and CI) fail. */
import type { FromSchema } from 'json-schema-to-ts';

export const GatesSchema = {
  $id: 'https://clinic-promptfoo.dev/schemas/gates.schema.json',
  title: 'CLINIC release gates',
  type: 'object',
  additionalProperties: false,
  required: ['gates'],
  properties: {
    max_unassessed: {
      type: 'number',
      minimum: 0,
      maximum: 1,
      default: 0.05,
      description: 'Largest share of unassessed cases a gated cell may have before its gate fails (default 0.05).',
    },
    gates: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['task', 'metric'],
        properties: {
          name: { type: 'string', description: 'Shown in the gate table and in JUnit; defaults to task/metric.' },
          task: { type: 'string', description: 'Task id.' },
          metric: { type: 'string', description: 'Metric id of that task.' },
          min: { type: 'number', description: 'The metric must be at least this.' },
          max: { type: 'number', description: 'The metric must be at most this.' },
          bound: {
            enum: ['point', 'interval'],
            default: 'point',
            description: 'Compare the point estimate, or the pessimistic end of its 95% interval (the lower bound for min, the upper bound for max).',
          },
          scope: {
            enum: ['each-language', 'pooled'],
            default: 'each-language',
            description: 'Check every language separately, or the task pooled over its languages.',
          },
          langs: { type: 'array', items: { type: 'string' }, description: 'Only these languages.' },
          resource: { type: 'array', items: { enum: ['high', 'medium', 'low'] }, description: 'Only languages of these resource levels.' },
          target: { type: 'string', description: 'Only targets whose label (or id) equals this.' },
          max_unassessed: { type: 'number', minimum: 0, maximum: 1, description: 'Overrides the file-wide max_unassessed for this gate.' },
        },
        anyOf: [{ required: ['min'] }, { required: ['max'] }, { required: ['max_unassessed'] }],
      },
    },
  },
} as const;

export type GatesFile = FromSchema<typeof GatesSchema>;
export type GateSpec = GatesFile['gates'][number];
