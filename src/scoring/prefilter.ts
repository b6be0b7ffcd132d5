/**
 * A fast pre-check for a lexicon pattern: literal text the pattern cannot match without.
 * Running a pattern with lookbehinds at every position of a reply is slow; `text.includes`
 * on a few literals is not, and most patterns of most lexicons fail it on most replies.
 *
 * Only the pattern's top level is read: runs of plain characters (each an `all` literal) and
 * groups whose alternatives are all plain text (an `anyOf` set). Anything else (classes,
 * escapes, quantified parts, lookarounds) only ends the current run. A pattern with a
 * top-level `|` gets no pre-check.
 */
export interface Prefilter {
  all: string[];
  anyOf: string[][];
}

const PLAIN = /^[^\\[\](){}|?*+.^$]+$/u;
const ESCAPED_LITERAL = /^\\([-.*+?^$()[\]{}|/\\'"#&~:=!<>,])/u;

/** The text between a group's parentheses, and the index after the closing one. */
function groupAt(src: string, open: number): { body: string; end: number } | undefined {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return { body: src.slice(open + 1, i), end: i + 1 };
  }
  return undefined;
}

function splitTopLevel(body: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

const OPTIONAL = /^(?:\?|\*|\{0,)/u;

export function prefilterOf(pattern: string): Prefilter | undefined {
  if (splitTopLevel(pattern)!.length > 1) return undefined;
  const all: string[] = [];
  const anyOf: string[][] = [];
  let run = '';
  // Two characters are enough when one is a space: "i " (from "\bi can't") rules out most
  // replies not written in English.
  const endRun = () => {
    if (run.length >= 2 && run.trim().length >= 1) all.push(run);
    run = '';
  };
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === '(') {
      const g = groupAt(pattern, i);
      if (!g) return undefined;
      const optional = OPTIONAL.test(pattern.slice(g.end));
      endRun();
      const body = g.body.startsWith('?:') ? g.body.slice(2) : g.body.startsWith('?') ? undefined : g.body;
      const alts = body === undefined ? undefined : splitTopLevel(body);
      if (!optional && alts && alts.every((a) => a.length > 0 && PLAIN.test(a))) anyOf.push(alts.map((a) => a.toLowerCase()));
      i = g.end;
      continue;
    }
    if (c === '\\') {
      const special = pattern.slice(i).match(/^\\(?:[pP]\{[^}]*\}|u\{[^}]*\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z]|k<[^>]*>|\d+)/u);
      if (special) {
        endRun();
        i += special[0].length;
        continue;
      }
      const lit = pattern.slice(i).match(ESCAPED_LITERAL);
      if (lit && !OPTIONAL.test(pattern.slice(i + 2)) && !/^[+]/.test(pattern.slice(i + 2))) {
        run += lit[1];
        i += 2;
        continue;
      }
      endRun();
      i += 2;
      continue;
    }
    if (c === '[') {
      endRun();
      const close = pattern.indexOf(']', i + 2);
      i = close < 0 ? pattern.length : close + 1;
      continue;
    }
    if ('?*+{'.includes(c)) {
      // The character before a quantifier is not required (or not as written): drop it.
      run = run.slice(0, -1);
      endRun();
      if (c === '{') i = pattern.indexOf('}', i) + 1 || pattern.length;
      else i++;
      continue;
    }
    if ('.^$'.includes(c)) {
      endRun();
      i++;
      continue;
    }
    // A character followed by a quantifier is handled on the next step.
    run += c.toLowerCase();
    i++;
  }
  endRun();
  return all.length || anyOf.length ? { all, anyOf } : undefined;
}

export function mayMatch(filter: Prefilter | undefined, text: string): boolean {
  if (!filter) return true;
  return filter.all.every((s) => text.includes(s)) && filter.anyOf.every((set) => set.some((s) => text.includes(s)));
}
