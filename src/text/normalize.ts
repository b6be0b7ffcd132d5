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
const DECIMAL_DIGIT = /\p{Nd}/gu;
const SPACES = /[\s\u00a0\u200b\u2000-\u200a\u202f\u205f\u3000]+/g;
const INVISIBLE = /[\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]/g;

/** Maps any Unicode decimal digit (Arabic-Indic, Devanagari, Bengali, full-width, ...) to ASCII. */
export function asciiDigits(text: string): string {
  return text.replace(DECIMAL_DIGIT, digitValue);
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

export function normalizeText(text: string, opts: NormalizeOptions = {}): string {
  const nfkc = text.normalize('NFKC').replace(INVISIBLE, '');
  const cased = opts.keepCase ? nfkc : nfkc.toLowerCase();
  const folded = opts.keepDiacritics ? cased : cased.normalize('NFD').replace(COMBINING_DIACRITICS, '').normalize('NFC');
  return asciiDigits(folded.replace(ARABIC_MARKS, '').replace(ARABIC_VARIANTS, (c) => ARABIC_FOLD[c]!))
    .replace(APOSTROPHES, "'")
    .replace(DASHES, '-')
    .replace(SPACES, ' ')
    .trim();
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
