/** Script-agnostic text measures: sentences and a length in word-like units. */

const SENTENCE_END = /(?<=[.!?。！？।॥؟;；…؛۔])\s+|(?<=[。！？])|\n+/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

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

/** Words in spaced scripts count one each; characters of Han and kana count half a unit. */
export function textUnits(text: string): number {
  let cjk = 0;
  const rest = text.replace(CJK, () => {
    cjk++;
    return ' ';
  });
  const words = rest.match(WORD)?.length ?? 0;
  return words + cjk / 2;
}
