/** Lexicons compiled from a language pack together with English (models often answer in English). */
import { getLang, type LoadedLang } from '../load/langs.ts';
import { normalizeText } from '../text/normalize.ts';
import { compileLexicon, type Lexicon, type TextForm } from './lexicon.ts';

/** How this language's text is normalised for its lexicons. */
export function textForm(lang: LoadedLang): TextForm {
  return { keepDiacritics: lang.diacritics === 'keep' };
}

/** A reply normalised as the language's lexicons expect it. */
export function normalizeFor(lang: LoadedLang, text: string): string {
  return normalizeText(text, textForm(lang));
}

type Pick = (pack: LoadedLang) => readonly string[] | undefined;

/** The pack and, unless it is English, the English pack: scorers apply both. */
export function withEnglish(lang: LoadedLang): LoadedLang[] {
  return lang.code === 'en' ? [lang] : [lang, getLang('en')];
}

/** Compiled lexicons by pack and name. Keyed by the pack object: scorers look lexicons up for every reply. */
const cache = new WeakMap<LoadedLang, Map<string, Lexicon>>();

/** A lexicon of phrases (plus patterns, minus exceptions) from the pack and English, cached. */
export function packLexicon(lang: LoadedLang, name: string, phrases: Pick, patterns?: Pick, exceptions?: Pick): Lexicon {
  return cachedLexicon(lang, name, withEnglish(lang), phrases, patterns, exceptions);
}

/**
 * The pack's own lexicon. Single-word lists (gender words, nationalities) use this first and
 * English only when it finds nothing, because short words collide across languages (English
 * "son" is a man, French "son" is a possessive of either gender).
 */
export function ownLexicon(lang: LoadedLang, name: string, phrases: Pick, exceptions?: Pick): Lexicon {
  return cachedLexicon(lang, `own:${name}`, [lang], phrases, undefined, exceptions);
}

export function englishLexicon(name: string, phrases: Pick, exceptions?: Pick): Lexicon {
  const en = getLang('en');
  return cachedLexicon(en, `own:${name}`, [en], phrases, undefined, exceptions);
}

function cachedLexicon(lang: LoadedLang, name: string, packs: LoadedLang[], phrases: Pick, patterns?: Pick, exceptions?: Pick): Lexicon {
  let byName = cache.get(lang);
  if (!byName) cache.set(lang, (byName = new Map()));
  let lx = byName.get(name);
  if (!lx) {
    const all = (pick?: Pick) => (pick ? packs.flatMap((p) => pick(p) ?? []) : []);
    lx = compileLexicon(all(phrases), all(patterns), all(exceptions), { prefixes: lang.prefixes, suffixes: lang.suffixes, ...textForm(lang) });
    byName.set(name, lx);
  }
  return lx;
}
