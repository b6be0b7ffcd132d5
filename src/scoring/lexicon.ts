/**
 * Lexicons from the language packs, matched against normalised text: the phrases in a trie
 * walked in code, the patterns run one by one behind a literal pre-check. Phrases that start or end with a letter get word boundaries, except in scripts
 * written without spaces (Han, kana, Thai, ...), where a phrase may sit inside a longer run
 * of characters.
 */
import { normalizePattern, normalizeText, type NormalizeOptions } from '../text/normalize.ts';
import { isSpacedWordCode } from '../text/scripts.ts';
import { mayMatch, prefilterOf, type Prefilter } from './prefilter.ts';

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
  // One map for all edges (key: node × 65536 + UTF-16 code unit) instead of a map per node:
  // a tenth of the memory for the packs' large lexicons, and no slower.
  private readonly edges = new Map<number, number>();
  private readonly ends: Uint8Array;
  private readonly prefixes: string[];
  private readonly suffixes: string[];
  readonly size: number;

  constructor(phrases: readonly string[], prefixes: readonly string[], suffixes: readonly string[]) {
    const unique = new Set(phrases.filter(Boolean));
    // Keyed by UTF-16 code unit: phrases and text are walked the same way. Node 0 is the root.
    const ends: number[] = [0];
    for (const phrase of unique) {
      let node = 0;
      for (let c = 0; c < phrase.length; c++) {
        const key = node * 0x10000 + phrase.charCodeAt(c);
        let next = this.edges.get(key);
        if (next === undefined) {
          next = ends.length;
          ends.push(0);
          this.edges.set(key, next);
        }
        node = next;
      }
      ends[node] = 1;
    }
    this.ends = Uint8Array.from(ends);
    this.size = unique.size;
    this.prefixes = [...new Set(prefixes.filter(Boolean))];
    this.suffixes = [...new Set(suffixes.filter(Boolean))];
  }

  /** The end of the longest phrase starting at `start` (`at` is where the word starts, before a joined prefix), or -1. */
  private longestFrom(text: string, start: number, at: number): number {
    const firstNode = this.edges.get(text.charCodeAt(start));
    if (firstNode === undefined) return -1;
    const needsBefore = isSpacedWordCode(text.charCodeAt(start));
    // A joined prefix only goes before a phrase that starts a word.
    if (start !== at && !needsBefore) return -1;
    if (needsBefore && isSpacedWordCode(text.charCodeAt(at - 1))) return -1;
    let best = -1;
    let node = firstNode;
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
      const next = this.edges.get(node * 0x10000 + text.charCodeAt(k));
      if (next === undefined) break;
      node = next;
      k++;
    }
    return best;
  }

  find(text: string): Match[] {
    const out: Match[] = [];
    if (this.size === 0) return out;
    let prevWord = false;
    let i = 0;
    while (i < text.length) {
      const word = isSpacedWordCode(text.charCodeAt(i));
      // Inside a word of a spaced script no phrase can start (it would need a boundary before it).
      let best = -1;
      if (!(word && prevWord)) {
        best = this.longestFrom(text, i, i);
        for (const p of this.prefixes) {
          if (text.startsWith(p, i)) best = Math.max(best, this.longestFrom(text, i + p.length, i));
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
    return { re: new RegExp(source, hasUpperCaseLiteral(source) ? 'giu' : 'gu'), filter: prefilterOf(source) };
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
      for (const p of compiled) if (mayMatch(p.filter, normalized)) lists.push(matchAll(p.re, normalized));
      const found = lists.length === 1 ? lists[0]! : merge(lists);
      if (!found.length || !ex) return found;
      const blocked = ex.find(normalized);
      return found.filter((m) => !blocked.some((b) => m.start < b.end && b.start < m.end));
    },
  };
}
