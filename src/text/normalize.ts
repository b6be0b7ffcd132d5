/**
 * Script-agnostic text normalisation for matching lexicon phrases and identifiers:
 * Unicode compatibility forms (full-width letters and digits become ASCII), case folding,
 * Latin/Greek/Cyrillic diacritics and Arabic-script vowel marks removed (with the usual
 * folding of Arabic letter variants), every decimal digit mapped to 0-9, typographic
 * apostrophes and dashes unified, runs of spaces collapsed.
 */

const COMBINING_DIACRITICS = /[\u0300-\u036f]/g;
/** Arabic-script short vowels, shadda, sukun, superscript alef and the stretching tatweel. */
const ARABIC_MARKS = /[\u064b-\u065f\u0670\u0640]/g;
/**
 * Arabic letter variants folded as Arabic search engines fold them: alef forms and final ya.
 * Ta marbuta is kept: folding it to ha would make ابنة (daughter) and ابنه (his son) one word.
 */
const ARABIC_FOLD: Record<string, string> = { 'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ى': 'ي' };
const ARABIC_VARIANTS = /[أإآٱى]/g;
const APOSTROPHES = /[\u2018\u2019\u02bc\u02b9\u0060\u00b4\u2032\uff07]/g;
const DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;
/** Decimal digits other than 0-9. */
const OTHER_DIGIT = /[^\P{Nd}0-9]/gu;
/**
 * Runs of spaces other than \n, to become one space. A lone ASCII space is not matched:
 * replacing every space with itself was the costliest step of normalisation.
 */
const SPACES = / [^\S\n]+|[^\S\n ][^\S\n]*|[\u200b\u2000-\u200a\u202f\u205f\u3000]+/g;
/** Line breaks (with the spaces around them) stay, as one newline: sentences and list lines end there. */
const LINE_BREAKS = / ?\n[\s\u200b\u2000-\u200a\u202f\u205f\u3000]*/g;
const NON_ASCII = /[^\x00-\x7f]/;
/** Letters that carry removable accents: Latin, Greek and Cyrillic beyond ASCII, and combining marks. */
const ACCENTED = /[\u00c0-\u024f\u0300-\u036f\u0370-\u03ff\u0400-\u04ff\u1e00-\u1eff]/;
const ARABIC = /[\u0600-\u06ff]/;
const INVISIBLE = /[\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]/g;

/** Maps any Unicode decimal digit (Arabic-Indic, Devanagari, Bengali, full-width, ...) to ASCII. */
export function asciiDigits(text: string): string {
  return text.replace(OTHER_DIGIT, digitValue);
}

const digitCache = new Map<string, string>();

function digitValue(d: string): string {
  let value = digitCache.get(d);
  if (value === undefined) {
    // Unicode decimal digits come in contiguous blocks of ten, zero first: walk back to the zero.
    const cp = d.codePointAt(0)!;
    let zero = cp;
    while (cp - zero < 9 && /\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero--;
    value = String(cp - zero);
    digitCache.set(d, value);
  }
  return value;
}

export interface NormalizeOptions {
  keepCase?: boolean;
  /** Keep Latin accents (languages where they tell words apart, e.g. Vietnamese). */
  keepDiacritics?: boolean;
}

/**
 * Line breaks are kept (one newline per break); other runs of spaces become one space. Each
 * step runs only on text that needs it: most replies are in one script, and normalisation is
 * the larger part of an offline scorer's cost.
 */
export function normalizeText(text: string, opts: NormalizeOptions = {}): string {
  let t = text;
  if (NON_ASCII.test(t)) {
    t = t.normalize('NFKC').replace(INVISIBLE, '');
    if (!opts.keepDiacritics && ACCENTED.test(t)) t = t.normalize('NFD').replace(COMBINING_DIACRITICS, '').normalize('NFC');
    if (ARABIC.test(t)) t = t.replace(ARABIC_MARKS, '').replace(ARABIC_VARIANTS, (c) => ARABIC_FOLD[c]!);
    t = asciiDigits(t).replace(APOSTROPHES, "'").replace(DASHES, '-');
  } else if (t.includes('`')) t = t.replace(APOSTROPHES, "'");
  if (!opts.keepCase) t = t.toLowerCase();
  return t.replace(SPACES, ' ').replace(LINE_BREAKS, '\n').trim();
}

/**
 * A lexicon pattern brought to the same Unicode form as normalised text (compatibility forms,
 * diacritics and Arabic marks removed, letters decomposed or folded alike), without touching
 * its case or its regular-expression syntax.
 */
export function normalizePattern(source: string, opts: Pick<NormalizeOptions, 'keepDiacritics'> = {}): string {
  const nfkc = source.normalize('NFKC').replace(INVISIBLE, '');
  return (opts.keepDiacritics ? nfkc : nfkc.normalize('NFD').replace(COMBINING_DIACRITICS, '').normalize('NFC'))
    .replace(ARABIC_MARKS, '')
    .replace(ARABIC_VARIANTS, (c) => ARABIC_FOLD[c]!)
    .replace(APOSTROPHES, "'");
}

/** Only letters and digits, normalised: "QH-7730 1142" and "qh77301142" compare equal. */
export function alphanumericKey(text: string): string {
  return normalizeText(text).replace(/[^\p{L}\p{N}]+/gu, '');
}

export function digitsOnly(text: string): string {
  return asciiDigits(text.normalize('NFKC')).replace(/[^0-9]/g, '');
}
