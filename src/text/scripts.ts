/**
 * Characters by how their script separates words, per UTF-16 code unit (classified once per
 * code unit): the offline scorers' word boundaries and length measures all read this.
 */
export const OTHER = 0;
/** A letter, mark or digit of a script written with spaces between words. */
export const SPACED_WORD = 1;
/** Han and kana: no spaces between words; a character counts half a word-like unit. */
export const HAN_KANA = 2;
/** Thai, Lao, Khmer, Myanmar: no spaces between words. */
export const UNSPACED_OTHER = 3;

const HAN_KANA_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const UNSPACED_CHAR = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
/** Class + 1; 0 where not classified yet. */
const TABLE = new Uint8Array(0x10000);

export function charClass(code: number): number {
  if (Number.isNaN(code)) return OTHER;
  let c = TABLE[code]!;
  if (c === 0) {
    const ch = String.fromCharCode(code);
    c = 1 + (HAN_KANA_CHAR.test(ch) ? HAN_KANA : UNSPACED_CHAR.test(ch) ? UNSPACED_OTHER : WORD_CHAR.test(ch) ? SPACED_WORD : OTHER);
    TABLE[code] = c;
  }
  return c - 1;
}

/** A letter, mark or digit of a spaced script: it joins the word next to it. */
export function isSpacedWordCode(code: number): boolean {
  return charClass(code) === SPACED_WORD;
}

/** True for a character of a script written without spaces between words. */
export function isUnspaced(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = charClass(ch.charCodeAt(0));
  return c === HAN_KANA || c === UNSPACED_OTHER;
}
