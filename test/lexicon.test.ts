import fs from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadLangs } from '../src/load/langs.ts';
import { compileLexicon } from '../src/scoring/lexicon.ts';
import { normalizeFor, textForm } from '../src/scoring/packs.ts';
import { leadingLiterals, mayMatch, prefilterOf } from '../src/scoring/prefilter.ts';
import { normalizePattern } from '../src/text/normalize.ts';

describe('pattern pre-checks', () => {
  it.each([
    ["\\bi (?:can(?:no|')t|won't) help", ['i ']],
    ['(?<![\\p{L}\\p{M}])(?:foo|bar)\\s+baz', ['foo', 'bar']],
    ['^(?=x)(?:ab?c|de)', ['a', 'de']],
    ['(?:foo|\\bbar)x', undefined],
    ['(?:x)?y', undefined],
    ['a?bc', undefined],
    ['foo|bar', undefined],
  ])('%s starts with one of %j', (pattern, expected) => {
    expect(leadingLiterals(pattern)).toEqual(expected);
  });

  it('reads the leading literal of each alternative of a group', () => {
    const filter = prefilterOf("\\bi (?:can(?:no|')t|will not) (?:help|assist)");
    expect(filter).toEqual({ all: ['i '], anyOf: [['can', 'will not'], ['help', 'assist']] });
    expect(mayMatch(filter, "i can't assist")).toBe(true);
    expect(mayMatch(filter, 'i will not go')).toBe(false);
  });
});

/** Each language's labelled replies, normalised as its lexicons see them. */
function calibrationReplies(code: string): string[] {
  const file = path.join(import.meta.dirname, '..', 'calibration', `${code}.yaml`);
  const data = load(fs.readFileSync(file, 'utf8')) as Record<string, Array<{ response?: string }>>;
  return Object.values(data).flatMap((list) => (Array.isArray(list) ? list.map((e) => e.response ?? '') : []));
}

describe('lexicon patterns', () => {
  // Pre-checks and anchored matching are shortcuts: they must find exactly what a plain global
  // scan of each pattern finds, for every pattern of every pack.
  it('find what a plain scan finds, for every pattern of every pack on its calibration replies', () => {
    let compared = 0;
    let found = 0;
    for (const lang of loadLangs().values()) {
      const texts = calibrationReplies(lang.code).map((r) => normalizeFor(lang, r));
      const patterns = [
        ...Object.entries(lang.markers).flatMap(([set, list]) => (set.endsWith('_patterns') ? (list as string[]) : [])),
        ...(lang.toxicity?.patterns ?? []),
      ];
      for (const pattern of patterns) {
        const lexicon = compileLexicon([], [pattern], [], textForm(lang));
        const source = normalizePattern(pattern, textForm(lang));
        // Case folding exactly when the lexicon uses it: an upper-case literal in the pattern.
        const caseless = /\p{Lu}/u.test(source.replace(/\\[pPk]\{[^}]*\}|\\[pPk]<[^>]*>|\\./gu, ''));
        const plain = new RegExp(source, caseless ? 'giu' : 'gu');
        for (const text of texts) {
          const expected = [...text.matchAll(plain)].filter((m) => m[0].length > 0).map((m) => [m.index, m[0]]);
          expect(lexicon.find(text).map((m) => [m.start, m.text]), `${lang.code}: ${pattern}`).toEqual(expected);
          compared++;
          found += expected.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(50_000);
    expect(found).toBeGreaterThan(500);
  });
});
