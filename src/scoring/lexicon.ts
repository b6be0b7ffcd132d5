/**
 * Phrase lexicons from the language packs, compiled into one regular expression each and
 * matched against normalised text. Phrases that start or end with a letter get word
 * boundaries, except in scripts written without spaces (Han, kana, Thai, ...), where a
 * phrase may sit inside a longer run of characters.
 */
import { normalizePattern, normalizeText, type NormalizeOptions } from '../text/normalize.ts';

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

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const UNSPACED_CLASS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}';
const UNSPACED = new RegExp(`[${UNSPACED_CLASS}]`, 'u');
/** A neighbouring letter, mark or digit of a script written with spaces ends a word; a Han or kana neighbour does not. */
const SPACED_WORD_CHAR = `(?=[\\p{L}\\p{M}\\p{N}])[^${UNSPACED_CLASS}]`;
const BEFORE = `(?<!${SPACED_WORD_CHAR})`;
const AFTER = `(?!${SPACED_WORD_CHAR})`;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A phrase as a regular expression; `suffixes` and `prefixes` are alternations of particles
 * allowed joined after and before it.
 */
export function phraseSource(phrase: string, suffixes = '', prefixes = '', form: TextForm = {}): string {
  const norm = normalizeText(phrase, form);
  if (!norm) return '';
  const first = norm[0]!;
  const last = norm[norm.length - 1]!;
  const body = escapeRegExp(norm).replace(/ /g, '\\s+');
  const pre = WORD_CHAR.test(first) && !UNSPACED.test(first) ? `${BEFORE}${prefixes ? `(?:${prefixes})?` : ''}` : '';
  const post = WORD_CHAR.test(last) && !UNSPACED.test(last) ? `${suffixes ? `(?:${suffixes})?` : ''}${AFTER}` : '';
  return `${pre}${body}${post}`;
}

/** The alternation of a pack's joined particles, longest first, for phraseSource. */
export function affixSource(affixes: readonly string[] | undefined, form: TextForm = {}): string {
  return [...new Set((affixes ?? []).map((s) => normalizeText(s, form)).filter(Boolean))]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
}

interface TrieNode {
  children: Map<string, TrieNode>;
  end: boolean;
}

/**
 * A trie of phrases as one regular expression: shared prefixes are tested once. With
 * `boundaryBefore`, each first character carries the word-boundary check right after it
 * (a lookbehind over two characters), so the check only runs where a phrase can start.
 */
function trieSource(phrases: string[], boundaryBefore = false): string {
  const root: TrieNode = { children: new Map(), end: false };
  for (const p of phrases) {
    let node = root;
    for (const ch of p) {
      let next = node.children.get(ch);
      if (!next) {
        next = { children: new Map(), end: false };
        node.children.set(ch, next);
      }
      node = next;
    }
    node.end = true;
  }
  const emit = (node: TrieNode, top = false): string => {
    const alts = [...node.children].map(([ch, child]) => {
      const c = ch === ' ' ? '\\s+' : escapeRegExp(ch);
      return c + (top && boundaryBefore ? `(?<!${SPACED_WORD_CHAR}${c})` : '') + emit(child);
    });
    if (alts.length === 0) return '';
    const group = alts.length === 1 ? alts[0]! : `(?:${alts.join('|')})`;
    // Greedy: the longer phrase is tried first, the shorter one when the rest does not match.
    return node.end ? `(?:${group})?` : group;
  };
  return emit(root, true);
}

/**
 * One regular expression for a lexicon. Phrases are grouped by the word boundaries they need
 * and each group is compiled as a trie, so a boundary is checked once per position rather
 * than once per phrase: matching stays fast with hundreds of phrases.
 */
function compile(phrases: readonly string[], patterns: readonly string[], suffixes = '', prefixes = '', form: TextForm = {}): RegExp | undefined {
  const buckets = new Map<string, string[]>();
  for (const phrase of new Set(phrases.map((s) => normalizeText(s, form)).filter(Boolean))) {
    const first = phrase[0]!;
    const last = phrase[phrase.length - 1]!;
    const pre = WORD_CHAR.test(first) && !UNSPACED.test(first);
    const post = WORD_CHAR.test(last) && !UNSPACED.test(last);
    const key = `${pre ? 1 : 0}${post ? 1 : 0}`;
    buckets.set(key, [...(buckets.get(key) ?? []), phrase]);
  }
  const sources: string[] = [];
  for (const [key, list] of buckets) {
    // Joined prefixes sit between the boundary and the phrase, so they keep the plain lookbehind.
    const plainBefore = key[0] === '1' && prefixes !== '';
    const pre = plainBefore ? `${BEFORE}(?:${prefixes})?` : '';
    const post = key[1] === '1' ? `${suffixes ? `(?:${suffixes})?` : ''}${AFTER}` : '';
    sources.push(`${pre}(?:${trieSource(list, key[0] === '1' && !plainBefore)})${post}`);
  }
  const all = [...sources, ...patterns.map((p) => `(?:${normalizePattern(p, form)})`)];
  return all.length ? new RegExp(all.join('|'), 'giu') : undefined;
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
  const re = compile(phrases, patterns, affixSource(opts.suffixes, form), affixSource(opts.prefixes, form), form);
  const ex = compile(exceptions, [], '', '', form);
  return {
    size: phrases.length + patterns.length,
    find(normalized: string): Match[] {
      const found = matchAll(re, normalized);
      if (!found.length || !ex) return found;
      const blocked = matchAll(ex, normalized);
      return found.filter((m) => !blocked.some((b) => m.start < b.end && b.start < m.end));
    },
  };
}
