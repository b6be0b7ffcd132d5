/** JSON Schema validation (ajv) turned into problems that name the file, the item and the field. */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Problem } from '../errors.ts';

const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
const compiled = new WeakMap<object, ValidateFunction>();

function compile(schema: object): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

export interface ValidateOptions {
  file: string;
  /** Names the item a JSON pointer falls in, so the message can say "item pv-03". */
  locateItem?: (pointer: string[]) => { item: string; rest: string[] } | undefined;
  /** Prefix for field paths (e.g. "identifiers" when validating a sub-object). */
  fieldPrefix?: string;
  item?: string;
}

export function validateAgainst(schema: object, data: unknown, opts: ValidateOptions): Problem[] {
  const validate = compile(schema);
  if (validate(data)) return [];
  return simplify(validate.errors ?? []).map((err) => toProblem(err, opts, data));
}

function valueAt(data: unknown, pointer: string[]): unknown {
  let v: unknown = data;
  for (const key of pointer) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/** oneOf/anyOf produce one error per branch plus a summary; keep what a person can act on. */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  const seen = new Set<string>();
  const branchy = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  for (const e of errors) {
    // For a oneOf location, report only the summary: branch errors contradict each other.
    if (e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && [...branchy].some((p) => e.instancePath === p && e.schemaPath.includes('/oneOf/'))) continue;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

function toProblem(err: ErrorObject, opts: ValidateOptions, data: unknown): Problem {
  let pointer = err.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const list = valueAt(data, pointer);
  let item = opts.item;
  const located = opts.locateItem?.(pointer);
  if (located) {
    item = located.item;
    pointer = located.rest;
  }
  let message = err.message ?? 'is invalid';
  const params = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'required':
      pointer = [...pointer, String(params.missingProperty)];
      message = 'is missing';
      break;
    case 'additionalProperties':
      pointer = [...pointer, String(params.additionalProperty)];
      message = 'is not a known field (check its spelling)';
      break;
    case 'enum':
      message = `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
      break;
    case 'type':
      message = `must be ${String(params.type).replace(',', ' or ')}`;
      break;
    case 'minLength':
      message = params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters long`;
      break;
    case 'oneOf':
    case 'anyOf':
      message = 'has the wrong shape (see the schema for the accepted forms)';
      break;
    case 'propertyNames':
      message = `has an invalid key (${String(params.propertyName)})`;
      break;
    case 'uniqueItems': {
      const dup = Array.isArray(list) ? list[Number(params.i)] : undefined;
      message = `lists ${JSON.stringify(dup)} twice`;
      break;
    }
    case 'pattern':
      message = `does not match the required pattern ${String(params.pattern)}`;
      break;
    default:
      break;
  }
  const fieldParts = [opts.fieldPrefix, ...pointer].filter((s): s is string => s !== undefined && s !== '');
  return { file: opts.file, item, field: fieldParts.length ? fieldParts.join('.') : undefined, message };
}
