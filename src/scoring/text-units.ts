/** Script-agnostic text measures: sentences and a length in word-like units. */
import { charClass, HAN_KANA, SPACED_WORD, UNSPACED_OTHER } from '../text/scripts.ts';

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

/** Words in spaced scripts count one each; characters of Han and kana count half a unit. */
export function textUnits(text: string): number {
  let words = 0;
  let cjk = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = charClass(text.charCodeAt(i));
    if (c === HAN_KANA) cjk++;
    const word = c === SPACED_WORD || c === UNSPACED_OTHER;
    if (word && !inWord) words++;
    inWord = word;
  }
  return words + cjk / 2;
}
