/** Script-agnostic text measures: sentences and a length in word-like units. */

const SENTENCE_END = /(?<=[.!?。！？।॥؟;；…؛۔])\s+|(?<=[。！？])|\n+/u;

export interface Sentence {
  start: number;
  end: number;
  text: string;
}

export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let offset = 0;
  for (const part of text.split(SENTENCE_END)) {
    const start = text.indexOf(part, offset);
    const end = start + part.length;
    offset = end;
    if (part.trim()) out.push({ start, end, text: part });
  }
  return out;
}

/** Per UTF-16 code unit: 0 other, 1 letter/mark/digit of a spaced script, 2 Han or kana (half a unit each). */
const UNIT_CLASS = new Uint8Array(0x10000);
const UNIT_CLASSIFIED = new Uint8Array(0x10000);
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

function unitClass(code: number): number {
  if (!UNIT_CLASSIFIED[code]) {
    const ch = String.fromCharCode(code);
    UNIT_CLASS[code] = CJK_CHAR.test(ch) ? 2 : WORD_CHAR.test(ch) ? 1 : 0;
    UNIT_CLASSIFIED[code] = 1;
  }
  return UNIT_CLASS[code]!;
}

/** Words in spaced scripts count one each; characters of Han and kana count half a unit. */
export function textUnits(text: string): number {
  let words = 0;
  let cjk = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = unitClass(text.charCodeAt(i));
    if (c === 2) cjk++;
    if (c === 1 && !inWord) words++;
    inWord = c === 1;
  }
  return words + cjk / 2;
}
