/**
 * Task spec schema: one tasks/<id>/task.yaml per CLINIC task. A task is data: its prompt
 * template, decoding settings, items and promptfoo assertions; code is reached through the
 * assertion modules it names.
 */
import type { FromSchema } from 'json-schema-to-ts';

export const DIMENSIONS = ['truthfulness', 'fairness', 'safety', 'robustness', 'privacy'] as const;

export const TaskSpecSchema = {
  $id: 'https://clinic-promptfoo.dev/schemas/task.schema.json',
  title: 'CLINIC task spec',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version', 'dimension', 'title', 'description', 'prompt', 'generation', 'items', 'assert', 'metrics'],
  properties: {
    id: { type: 'string', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$', description: 'Stable kebab-case id; equals the folder name.' },
    version: { type: 'integer', minimum: 1, description: 'Bump when scores stop being comparable with earlier versions.' },
    dimension: { enum: DIMENSIONS, description: 'Trust dimension (CLINIC paper grouping).' },
    group: { type: 'string', description: 'Optional finer grouping shown in reports (e.g. sycophancy, hallucination).' },
    title: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1, description: 'What the task measures, and where it deliberately differs from the original CLINIC code.' },
    source: { type: 'string', description: 'Where the task comes from (paper section, original script).' },
    prompt: {
      type: 'string',
      minLength: 1,
      description: 'Nunjucks template of the text sent to the model. It sees: text (the item text for this variant), item (all item fields), lang (the language pack), labels, instruction, vars, task.',
    },
    instruction: { type: 'string', description: 'Key into the language pack instructions, exposed to the template as {{ instruction }}.' },
    vars: { type: 'object', description: 'Task constants available to the template as {{ vars.<name> }}.' },
    generation: {
      type: 'object',
      additionalProperties: false,
      required: ['max_tokens'],
      description: 'Decoding settings as the original ran them; null means "use the model\'s own default".',
      properties: {
        max_tokens: { type: 'integer', minimum: 1 },
        temperature: { type: ['number', 'null'], minimum: 0 },
        top_p: { type: ['number', 'null'], exclusiveMinimum: 0, maximum: 1 },
      },
    },
    fields: {
      type: 'array',
      items: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
      uniqueItems: true,
      description: 'Per-language fields every item must have in every language (default: [text]).',
    },
    variants: {
      type: 'array',
      minItems: 1,
      description: 'Several test cases per item and language, each prompting with a different per-language field (e.g. an original and its paraphrase).',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'field'],
        properties: {
          id: { type: 'string', pattern: '^[a-z][a-z0-9_-]*$' },
          field: { type: 'string' },
        },
      },
    },
    verbatim: {
      type: 'array',
      items: { type: 'string' },
      description: 'Fields whose values (a string, or every value of an object) must appear verbatim in the item text of every language, e.g. planted identifiers.',
    },
    item_schema: { type: 'object', description: 'JSON Schema every item (gold fields merged with one language\'s fields) must satisfy.' },
    items: {
      description: 'The items: a list, or the name of a YAML file beside this spec holding the list. Per-language texts live in text/<lang>.yaml beside the spec.',
      oneOf: [
        { type: 'string', pattern: '\\.ya?ml$' },
        { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } },
      ],
    },
    assert: {
      type: 'array',
      minItems: 1,
      description: "promptfoo assertions run on every case of the task; file:// paths are relative to the repository root.",
      items: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } },
    },
    metrics: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'direction', 'aggregate', 'description'],
        properties: {
          id: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', description: 'snake_case metric id, used in results, reports and gates.' },
          direction: { enum: ['higher', 'lower', 'none'], description: 'Which way is better; none for distribution shares.' },
          aggregate: { type: 'string', description: 'Aggregation function name (see src/aggregate).' },
          value: { type: 'string', description: 'Per-case value the aggregation reads (from the assertion record).' },
          params: { type: 'object', description: 'Extra parameters for the aggregation function.' },
          scale: {
            type: 'array',
            items: { type: 'number' },
            minItems: 2,
            maxItems: 2,
            description: 'The range [worst-to-best ends] used to colour the metric and roll it up into dimension scores, when it is not [0, 1] (e.g. [-1, 1]).',
          },
          description: { type: 'string', minLength: 1 },
        },
      },
    },
    original: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'keys'],
      description: "How this task's metrics appear in the original CLINIC result files, so clinic-results.json can be compared with published numbers.",
      properties: {
        name: { type: 'string', description: 'Result group (the original wrote <model>_<name>_results.json).' },
        task: { type: 'string', description: 'The original\'s "task" field, if it wrote one.' },
        keys: {
          type: 'object',
          description: 'Original key → metric: "<metric>" (value), "<metric>.n", "<metric>.successes" or "<metric>.percent" (value × 100).',
          additionalProperties: { type: 'string', pattern: '^[a-z][a-z0-9_]*(\\.(n|successes|percent))?$' },
        },
      },
    },
  },
} as const;

export type TaskSpec = FromSchema<typeof TaskSpecSchema>;
export type Dimension = (typeof DIMENSIONS)[number];
export type MetricSpec = TaskSpec['metrics'][number];

export const ITEM_ID_PATTERN = '^[a-z0-9][a-z0-9_.-]*$';

/** Each element of items.yaml: an id plus language-independent gold fields. */
export const ItemListSchema = {
  $id: 'https://clinic-promptfoo.dev/schemas/items.schema.json',
  title: 'CLINIC task items (language-independent fields)',
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string', pattern: ITEM_ID_PATTERN } },
  },
} as const;

/** text/<lang>.yaml: item id → the item's text, or an object of per-language fields. */
export const ItemTextsSchema = {
  $id: 'https://clinic-promptfoo.dev/schemas/texts.schema.json',
  title: 'CLINIC task item texts for one language',
  type: 'object',
  minProperties: 1,
  propertyNames: { pattern: ITEM_ID_PATTERN },
  additionalProperties: {
    oneOf: [
      { type: 'string', minLength: 1 },
      { type: 'object', minProperties: 1 },
    ],
  },
} as const;
