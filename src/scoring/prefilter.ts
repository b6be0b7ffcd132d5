/**
 * A fast pre-check for a lexicon pattern: literal text the pattern cannot match without.
 * Running a pattern with lookbehinds at every position of a reply is slow; `text.includes`
 * on a few literals is not, and most patterns of most lexicons fail it on most replies.
 *
 * Only the pattern's top level is read: runs of plain characters (each an `all` literal) and
 * groups whose every alternative starts with plain text (those texts are an `anyOf` set).
 * Anything else (classes, escapes, quantified parts, lookarounds) only ends the current run.
 * A pattern with a top-level `|` gets no pre-check.
 */
export interface Prefilter {
  all: string[];
  anyOf: string[][];
}

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
const SYNTAX = /[\\[\](){}|?*+.^$]/u;

/**
 * The plain text an alternative starts with, which every match of it contains: "can" for
 * "can(?:no|')t". A character under a quantifier is not required, so it is left out.
 */
function leadingLiteral(alt: string): string {
  const stop = alt.search(SYNTAX);
  if (stop < 0) return alt;
  return '?*+{'.includes(alt[stop]!) ? alt.slice(0, stop - 1) : alt.slice(0, stop);
}

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
      const heads = optional || !alts ? undefined : alts.map(leadingLiteral);
      if (heads?.every((h) => h.length > 0)) anyOf.push(heads.map((h) => h.toLowerCase()));
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
  // Small sets first: they reject a text after fewer look-ups.
  anyOf.sort((a, b) => a.length - b.length);
  return all.length || anyOf.length ? { all, anyOf } : undefined;
}

const ZERO_WIDTH_GROUP = /^\(\?<?[=!]/u;

/**
 * Literal texts one of which every match of the pattern starts with (after any \b, ^ or
 * lookaround), or undefined when the pattern does not start that way. Candidate positions
 * then come from `indexOf`, and the pattern is tried only there.
 */
export function leadingLiterals(pattern: string): string[] | undefined {
  if (splitTopLevel(pattern)!.length > 1) return undefined;
  let i = 0;
  for (;;) {
    if (pattern.startsWith('\\b', i)) i += 2;
    else if (pattern[i] === '^') i++;
    else if (ZERO_WIDTH_GROUP.test(pattern.slice(i, i + 4))) {
      const g = groupAt(pattern, i);
      if (!g) return undefined;
      i = g.end;
    } else break;
  }
  let heads: string[];
  if (pattern[i] === '(') {
    const g = groupAt(pattern, i);
    if (!g || !g.body.startsWith('?:') || OPTIONAL.test(pattern.slice(g.end))) return undefined;
    heads = splitTopLevel(g.body.slice(2))!.map(leadingLiteral);
  } else heads = [leadingLiteral(pattern.slice(i))];
  return heads.every((h) => h.length > 0) ? [...new Set(heads)] : undefined;
}

export function mayMatch(filter: Prefilter | undefined, text: string): boolean {
  if (!filter) return true;
  for (const s of filter.all) if (!text.includes(s)) return false;
  for (const set of filter.anyOf) if (!set.some((s) => text.includes(s))) return false;
  return true;
}
