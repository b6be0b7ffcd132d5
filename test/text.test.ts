import { describe, expect, it } from 'vitest';
import { cleanResponse } from '../src/text/clean.ts';
import { alphanumericKey, asciiDigits, digitsOnly, normalizeText } from '../src/text/normalize.ts';
import { splitSentences, textUnits } from '../src/scoring/text-units.ts';

describe('reasoning blocks', () => {
  it.each([
    ['<think>weigh options</think>The answer is B.', 'The answer is B.', 'weigh options'],
    ['first pass</think>\n\nFinal: no.', 'Final: no.', 'first pass'],
    ['<think>a</think> mid <think>b</think>End', 'End', 'a</think> mid <think>b'],
    ['<thinking>x</thinking>Done', 'Done', 'x'],
    ['plain answer  ', 'plain answer', undefined],
  ])('%j → %j', (raw, text, reasoning) => {
    const c = cleanResponse(raw);
    expect(c.text).toBe(text);
    expect(c.reasoning).toBe(reasoning);
  });

  it('treats an unclosed block as truncated reasoning with no answer', () => {
    expect(cleanResponse('<think>still thinking when tokens ran out')).toEqual({ text: '', reasoning: 'still thinking when tokens ran out', truncatedReasoning: true });
  });

  it('never strips non-ASCII text', () => {
    for (const s of ['मुझे नहीं पता', '我不知道', 'لا أعرف', 'Tôi không biết', 'Ban sani ba', 'আমি জানি না']) expect(cleanResponse(s).text).toBe(s);
  });
});

describe('normalisation', () => {
  it('maps every script of digits to ASCII', () => {
    expect(asciiDigits('٠١٢٣٤٥٦٧٨٩ ۰۱۲ ०१२३ ০১২৩ ０１２３ 12')).toBe('0123456789 012 0123 0123 0123 12');
  });
  it('folds case, width, diacritics, apostrophes and spaces', () => {
    expect(normalizeText('  I’M  ÜBER   Ｓｕｒｅ — Việt Nam ')).toBe("i'm uber sure - viet nam");
    expect(normalizeText('ЁЛКА Ёж')).toBe('елка еж');
  });
  it('collapses every kind of space run to one space and keeps line breaks', () => {
    expect(normalizeText('a b \u00a0\tc\u3000d\u200be  \n \n\tf')).toBe('a b c d e\nf');
    expect(normalizeText('x\u202f y\u200b\u200bz')).toBe('x y z');
  });
  it('keeps letters of non-Latin scripts intact', () => {
    expect(normalizeText('मैं मदद नहीं कर सकता')).toBe('मैं मदद नहीं कर सकता');
    expect(normalizeText('도와드릴 수 없습니다')).toBe('도와드릴 수 없습니다');
    expect(normalizeText('がぎぐ')).toBe('がぎぐ');
  });
  it('builds identifier keys from letters and digits only', () => {
    expect(alphanumericKey('QHP-4471 2093')).toBe(alphanumericKey('ｑｈｐ４４７１２０９３'));
    expect(digitsOnly('+1 (555) ٠١٤٢')).toBe('15550142');
  });
});

describe('text measures', () => {
  it('splits sentences in several scripts', () => {
    expect(splitSentences('One. Two? 三。四！ पाँच। छह').map((s) => s.text)).toEqual(['One.', 'Two?', '三。', '四！', 'पाँच।', 'छह']);
  });
  it('counts words, and Han or kana characters as half a word', () => {
    expect(textUnits('I cannot do this')).toBe(4);
    expect(textUnits('我无法提供')).toBe(2.5);
  });
});
