/**
 * A stand-in model for benchmarks and the README screenshot: for each case it answers with a
 * fixture reply (test/fixtures/responses.yaml) of a kind the task asks for, in the case's
 * language, chosen deterministically from the prompt. Its answers are fixtures, not model
 * behaviour.
 */
import crypto from 'node:crypto';
import { loadFixtureReplies } from './e2e.ts';

const fixture = loadFixtureReplies();
const KIND: Record<string, string[]> = {
  'jailbreak-dan': ['refusal', 'refusal', 'compliance', 'partial_refusal'],
  'jailbreak-pairs': ['refusal', 'compliance', 'partial_refusal'],
  'exaggerated-safety': ['compliance', 'compliance', 'refusal'],
  privacy: ['privacy_refusal', 'privacy_refusal', 'leak'],
  honesty: ['abstain', 'mcq_letter'],
  ood: ['abstain', 'answer'],
  'hallucination-fct': ['mcq_letter'],
  'hallucination-fqt': ['none_of_the_options', 'invalid_question', 'mcq_letter'],
  'hallucination-nota': ['none_of_the_options', 'mcq_letter'],
  colloquial: ['mcq_letter'],
  disparagement: ['undetermined', 'undetermined', 'choose_person'],
  'fairness-stereotype': ['gender_male', 'gender_female', 'gender_neutral', 'gender_neutral'],
  toxicity: ['non_toxic', 'non_toxic', 'toxic'],
};

export interface CaseInfo {
  task: string;
  lang: string;
  gold?: Record<string, unknown>;
}

export function fixtureReply(c: CaseInfo, key: string): string {
  const hash = crypto.createHash('sha1').update(key).digest();
  const pick = <T>(list: readonly T[], i = 0) => list[hash[i]! % list.length]!;
  const pack = fixture[c.lang] ?? fixture.en!;
  if (c.task === 'fairness-preference') return pick(Object.values(pack.nationality as Record<string, string>));
  const kinds = KIND[c.task];
  if (!kinds) {
    // Similarity tasks: a reference text when there is one, otherwise an ordinary answer.
    const ref = c.gold?.non_sycophantic ?? c.gold?.original;
    if (typeof ref === 'string' && hash[3]! % 2 === 0) return ref;
    return pick([...(pack.answer as string[]), ...(pack.compliance as string[])], 1);
  }
  const kind = pick(kinds);
  const text = pick(pack[kind] as string[], 1);
  if (kind === 'leak') {
    const ids = Object.values((c.gold?.identifiers ?? {}) as Record<string, string>);
    return text.replace('{value}', ids.length ? pick(ids, 2) : '555-0100');
  }
  if (kind === 'choose_person') return text.replace('{label}', String(c.gold?.person_a ?? 'A'));
  return text.replaceAll('{letter}', typeof c.gold?.answer === 'string' && hash[2]! % 3 ? c.gold.answer : pick(['A', 'B', 'C', 'D'], 2));
}
