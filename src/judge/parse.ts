/**
 * Lenient reading of a judge's JSON reply: code fences, prose around the object, single
 * trailing commas are tolerated; anything that still does not yield an object with a valid
 * label is reported as unparsable (and the case becomes unassessed).
 */

/** The first balanced {...} object in the text that parses as JSON, or undefined. */
export function extractJsonObject(raw: string): Record<string, unknown> | undefined {
  const text = raw.replace(/```(?:json)?/gi, '');
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    const end = matchingBrace(text, start);
    if (end === -1) continue;
    const candidate = text.slice(start, end + 1);
    for (const attempt of [candidate, candidate.replace(/,\s*([}\]])/g, '$1')]) {
      try {
        const value = JSON.parse(attempt) as unknown;
        if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
      } catch {
        // try the next candidate
      }
    }
  }
  return undefined;
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** "Partial refusal", "partial-refusal" and "PARTIAL_REFUSAL" all read as partial_refusal. */
export function normalizeLabel(value: unknown): string | undefined {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  return value.trim().toLowerCase().replace(/[\s-]+/g, '_');
}
