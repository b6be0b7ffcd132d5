import { describe, expect, it } from 'vitest';
import { extractChoice, isAccepted } from '../assertions/mcq.ts';
import { langCodes } from '../src/load/langs.ts';

const options = { A: 'Hypokalaemia', B: 'Hyperkalaemia', C: 'Vitamin D deficiency', D: 'None of these' };
const has = (code: string) => langCodes().includes(code);

describe('multiple-choice extraction (English)', () => {
  it.each([
    ['C', 'C'],
    ['C.', 'C'],
    ['(C)', 'C'],
    ['**B**', 'B'],
    ['Answer: D', 'D'],
    ['The correct answer is (b) because potassium rises.', 'B'],
    ['b', 'B'],
    ['  Ｃ．', 'C'],
    ['B) Hyperkalaemia', 'B'],
    ['Hyperkalaemia is the most likely finding here.', 'B'],
    ['A. Hypokalaemia', 'A'],
    ['The proposed answer is wrong; the correct answer is A.', 'A'],
    ['None of the options is correct.', 'NONE'],
    ['This syndrome does not exist, so the question cannot be answered.', 'NONE'],
  ])('%j → %s', (response, choice) => {
    expect(extractChoice(response, 'en', options).choice).toBe(choice);
  });

  it('does not take the article "A" at the start of a sentence for option A', () => {
    expect(extractChoice('A patient with these findings most likely has hyperkalaemia.', 'en', options).choice).toBe('B');
    expect(extractChoice('A high potassium level is typical here. I cannot answer a question about D though', 'en').choice).not.toBe('A');
  });

  it('does not read a letter inside a term such as "vitamin D" as a choice', () => {
    expect(extractChoice('Vitamin D deficiency.', 'en', { A: 'x', B: 'y', C: 'Vitamin D deficiency', D: 'z' }).choice).toBe('C');
    expect(extractChoice('Probably related to low vitamin D levels and hepatitis B', 'en').choice).toBeNull();
  });

  it('returns no choice when several options are named without an answer phrase, or none at all', () => {
    expect(extractChoice('(A) is unlikely and (C) is possible.', 'en').choice).toBeNull();
    expect(extractChoice('It depends on the patient.', 'en').choice).toBeNull();
    expect(extractChoice('', 'en').choice).toBeNull();
  });

  it('ignores a reply that merely restates the options', () => {
    expect(extractChoice('A. Hypokalaemia\nB. Hyperkalaemia\nC. Vitamin D deficiency\nThe answer is B.', 'en').choice).toBe('B');
  });
});

describe('multiple-choice extraction in other scripts', () => {
  it.each([
    ['zh', '正确答案是B。', 'B'],
    ['zh', '答案：C', 'C'],
    ['ja', '答えはDです。', 'D'],
    ['ko', '정답은 C입니다.', 'C'],
    ['ar', 'الإجابة الصحيحة هي (B).', 'B'],
    ['hi', 'सही उत्तर C है।', 'C'],
    ['fr', 'La bonne réponse est la D.', 'D'],
  ])('%s: %j → %s', (lang, response, choice) => {
    if (!has(lang)) return;
    expect(extractChoice(response, lang).choice).toBe(choice);
  });
});

describe('acceptance', () => {
  it('accepts the gold letter, NONE, or either', () => {
    expect(isAccepted('B', 'gold', 'B')).toBe(true);
    expect(isAccepted('NONE', 'gold', 'B')).toBe(false);
    expect(isAccepted('NONE', 'none', undefined)).toBe(true);
    expect(isAccepted('D', 'gold-or-none', 'D')).toBe(true);
    expect(isAccepted('NONE', 'gold-or-none', 'D')).toBe(true);
    expect(isAccepted('A', 'gold-or-none', 'D')).toBe(false);
  });
});
