/**
 * Lexicons from the language packs, matched against normalised text: the phrases in a trie
 * walked in code; the patterns one by one, behind a literal pre-check and tried only where
 * their leading literal occurs. Phrases that start or end with a letter get word boundaries,
 * except in scripts written without spaces (Han, kana, Thai, ...), where a phrase may sit
 * inside a longer run of characters.
 */
import { normalizePattern, normalizeText, type NormalizeOptions } from '../text/normalize.ts';
import { isSpacedWordCode } from '../text/scripts.ts';
import { leadingLiterals, mayMatch, prefilterOf, type Prefilter } from './prefilter.ts';

/** How a language's text is normalised before matching (see normalizeText). */
export type TextForm = Pick<NormalizeOptions, 'keepDiacritics'>;

export interface Match {
  start: number;
  end: number;
  text: string;
}

export interface Lexicon {
  /** Matches in normalised text, minus those overlapping an exception phrase. */
  find(normalized: string): Match[];
  readonly size: number;
}

/**
 * Phrases in a trie, matched by walking the text: at each position the longest phrase that
 * starts there (after an optional joined prefix) and respects the word boundaries is taken,
 * then the scan goes on after it. A phrase that starts or ends with a letter of a spaced
 * script needs a non-letter (or a Han/kana character) on that side; a joined suffix may follow
 * it. This is what one regular expression per lexicon did, several times faster: V8 falls back
 * to interpreting very large regular expressions.
 */
class PhraseTrie {
  // Frozen after construction into flat arrays: node n's edges are edgeChar/edgeNode[edgeStart[n]
  // .. edgeStart[n + 1]), sorted by UTF-16 code unit. A bitmap of the code units that can start
  // a phrase turns most positions away before any lookup. About twice as fast to walk as one
  // Map of all edges.
  private readonly edgeStart: Int32Array;
  private readonly edgeChar: Uint16Array;
  private readonly edgeNode: Int32Array;
  private readonly firstChars = new Uint8Array(0x2000);
  private readonly ends: Uint8Array;
  private readonly prefixes: string[];
  private readonly suffixes: string[];
  readonly size: number;

  constructor(phrases: readonly string[], prefixes: readonly string[], suffixes: readonly string[]) {
    const unique = new Set(phrases.filter(Boolean));
    // Keyed by UTF-16 code unit: phrases and text are walked the same way. Node 0 is the root.
    const children: Array<Map<number, number>> = [new Map()];
    const ends: number[] = [0];
    for (const phrase of unique) {
      let node = 0;
      for (let c = 0; c < phrase.length; c++) {
        const code = phrase.charCodeAt(c);
        let next = children[node]!.get(code);
        if (next === undefined) {
          next = ends.length;
          ends.push(0);
          children.push(new Map());
          children[node]!.set(code, next);
        }
        node = next;
      }
      ends[node] = 1;
    }
    this.edgeStart = new Int32Array(children.length + 1);
    const total = children.reduce((n, m) => n + m.size, 0);
    this.edgeChar = new Uint16Array(total);
    this.edgeNode = new Int32Array(total);
    let e = 0;
    children.forEach((m, node) => {
      this.edgeStart[node] = e;
      for (const [code, next] of [...m].sort((a, b) => a[0] - b[0])) {
        this.edgeChar[e] = code;
        this.edgeNode[e++] = next;
      }
    });
    this.edgeStart[children.length] = e;
    for (const code of children[0]!.keys()) this.firstChars[code >> 3]! |= 1 << (code & 7);
    this.ends = Uint8Array.from(ends);
    this.size = unique.size;
    this.prefixes = [...new Set(prefixes.filter(Boolean))];
    this.suffixes = [...new Set(suffixes.filter(Boolean))];
  }

  /** The child of `node` along code unit `code`, or -1. */
  private child(node: number, code: number): number {
    let lo = this.edgeStart[node]!;
    let hi = this.edgeStart[node + 1]!;
    const chars = this.edgeChar;
    if (hi - lo <= 8) {
      for (; lo < hi; lo++) if (chars[lo] === code) return this.edgeNode[lo]!;
      return -1;
    }
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = chars[mid]!;
      if (c === code) return this.edgeNode[mid]!;
      if (c < code) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  private canStart(code: number): boolean {
    return (this.firstChars[code >> 3]! & (1 << (code & 7))) !== 0;
  }

  /**
   * The end of the longest phrase starting at `start` that ends where its word ends (or before
   * a joined suffix), or -1. The boundary before `start` is the caller's to check.
   */
  private longestAt(text: string, start: number): number {
    let node = this.child(0, text.charCodeAt(start));
    if (node < 0) return -1;
    let best = -1;
    let k = start + 1;
    for (;;) {
      if (this.ends[node]) {
        // A phrase ending in a letter of a spaced script needs the word to end there, or a joined suffix.
        const lastIsWord = isSpacedWordCode(text.charCodeAt(k - 1));
        if (!lastIsWord || !isSpacedWordCode(text.charCodeAt(k))) best = Math.max(best, k);
        if (lastIsWord) {
          for (const s of this.suffixes) {
            if (text.startsWith(s, k) && !isSpacedWordCode(text.charCodeAt(k + s.length))) best = Math.max(best, k + s.length);
          }
        }
      }
      if (k >= text.length) break;
      const next = this.child(node, text.charCodeAt(k));
      if (next < 0) break;
      node = next;
      k++;
    }
    return best;
  }

  find(text: string): Match[] {
    const out: Match[] = [];
    if (this.size === 0) return out;
    // Whether the character before position i is a letter of a spaced script.
    let prevWord = false;
    let i = 0;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      const word = isSpacedWordCode(code);
      let best = -1;
      // Inside a word of a spaced script no phrase can start (it would need a boundary before it).
      if (!(word && prevWord)) {
        if (this.canStart(code)) best = this.longestAt(text, i);
        // A joined prefix only goes before a phrase that starts a word, at the start of a word.
        for (const p of this.prefixes) {
          const at = i + p.length;
          const next = text.charCodeAt(at);
          if (!prevWord && text.startsWith(p, i) && isSpacedWordCode(next) && this.canStart(next)) best = Math.max(best, this.longestAt(text, at));
        }
      }
      if (best > i) {
        out.push({ start: i, end: best, text: text.slice(i, best) });
        prevWord = isSpacedWordCode(text.charCodeAt(best - 1));
        i = best;
      } else {
        prevWord = word;
        i++;
      }
    }
    return out;
  }
}

interface CompiledPattern {
  re: RegExp;
  filter: Prefilter | undefined;
  /** Literals every match starts with, and the pattern made sticky to try it at their places. */
  anchors?: { literals: string[]; sticky: RegExp } | undefined;
}

/** An upper-case letter the pattern matches literally (escapes such as \\P{L} or \\S do not count). */
function hasUpperCaseLiteral(source: string): boolean {
  return /\p{Lu}/u.test(source.replace(/\\[pPk]\{[^}]*\}|\\[pPk]<[^>]*>|\\./gu, ''));
}

/**
 * Patterns run one by one, each only on text that has the literals it needs. Text is already
 * lower-cased, so a pattern without upper-case letters runs without the i flag, which makes
 * Unicode patterns several times faster.
 */
function compilePatterns(patterns: readonly string[], form: TextForm): CompiledPattern[] {
  return patterns.map((p) => {
    const source = normalizePattern(p, form);
    const caseless = hasUpperCaseLiteral(source);
    // Anchoring is exact only without case folding (the literals are compared as written).
    const literals = caseless ? undefined : leadingLiterals(source);
    return {
      re: new RegExp(source, caseless ? 'giu' : 'gu'),
      filter: prefilterOf(source),
      anchors: literals && { literals, sticky: new RegExp(source, 'uy') },
    };
  });
}

/** Matches in text order; a match inside a longer one at the same place is dropped. */
function merge(lists: Match[][]): Match[] {
  const all = lists.flat().sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Match[] = [];
  for (const m of all) {
    const last = out[out.length - 1];
    if (last && m.start >= last.start && m.end <= last.end) continue;
    out.push(m);
  }
  return out;
}

/**
 * What matchAll finds, trying the pattern only where one of its leading literals occurs: a
 * global scan tries every position, and a pattern that opens with a lookbehind cannot skip ahead.
 */
function matchAnchored(anchors: NonNullable<CompiledPattern['anchors']>, text: string): Match[] {
  const starts: number[] = [];
  for (const lit of anchors.literals) {
    for (let at = text.indexOf(lit); at >= 0; at = text.indexOf(lit, at + 1)) starts.push(at);
  }
  if (!starts.length) return [];
  if (anchors.literals.length > 1) starts.sort((a, b) => a - b);
  const out: Match[] = [];
  const re = anchors.sticky;
  let end = 0;
  for (const at of starts) {
    if (at < end) continue;
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m || m[0].length === 0) continue;
    out.push({ start: at, end: at + m[0].length, text: m[0] });
    end = at + m[0].length;
  }
  return out;
}

function matchAll(re: RegExp | undefined, text: string): Match[] {
  if (!re) return [];
  const out: Match[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}

export interface LexiconOptions extends TextForm {
  prefixes?: readonly string[] | undefined;
  suffixes?: readonly string[] | undefined;
}

/** Phrases, patterns and exceptions, matched on text normalised with the same form. */
export function compileLexicon(phrases: readonly string[], patterns: readonly string[] = [], exceptions: readonly string[] = [], opts: LexiconOptions = {}): Lexicon {
  const form: TextForm = { keepDiacritics: opts.keepDiacritics };
  const norm = (list: readonly string[] | undefined) => (list ?? []).map((x) => normalizeText(x, form));
  const trie = new PhraseTrie(norm(phrases), norm(opts.prefixes), norm(opts.suffixes));
  const compiled = compilePatterns(patterns, form);
  const ex = exceptions.length ? new PhraseTrie(norm(exceptions), [], []) : undefined;
  return {
    size: phrases.length + patterns.length,
    find(normalized: string): Match[] {
      const lists = [trie.find(normalized)];
      for (const p of compiled) {
        if (mayMatch(p.filter, normalized)) lists.push(p.anchors ? matchAnchored(p.anchors, normalized) : matchAll(p.re, normalized));
      }
      const found = lists.length === 1 ? lists[0]! : merge(lists);
      if (!found.length || !ex) return found;
      const blocked = ex.find(normalized);
      return found.filter((m) => !blocked.some((b) => m.start < b.end && b.start < m.end));
    },
  };
}
