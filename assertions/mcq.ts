/**
 * Multiple-choice scorer: which option (A–D) did the response choose, or did it say that no
 * option is correct / the question is invalid (NONE)? Works in every script: letters after an
 * answer phrase ("Answer: D", "正确答案是B", "정답은 C"), a letter opening the reply ("C.",
 * "(C)"), a bracketed or emphasised letter, a lone letter, or an option quoted by its text;
 * lowercase letters count where the context makes them a choice. The English article "A" at
 * the start of a sentence ("A patient with …") is not a choice. When the reply names several
 * options with no answer phrase, or none at all, the case is unassessed.
 *
 * config.accept: gold (the item's answer letter), none (NONE), gold-or-none.
 * With CLINIC_SCORER=judge, an LLM reads the choice instead (rubrics/mcq.md).
 */
import type { AssertionValueFunctionContext } from 'promptfoo';
import { judgeFromEnv, scorerBackend } from '../src/judge/judge.ts';
import { loadRubric } from '../src/judge/rubrics.ts';
import { getLang, type LoadedLang } from '../src/load/langs.ts';
import { detectAbstention } from './abstain.ts';
import { caseContext } from '../src/scoring/context.ts';
import { phraseSource, type Lexicon } from '../src/scoring/lexicon.ts';
import { packLexicon, withEnglish } from '../src/scoring/packs.ts';
import { toGradingResult, UnassessedError, type GradingResultLike, type ScoreRecord } from '../src/scoring/record.ts';
import { normalizeText } from '../src/text/normalize.ts';

export const LETTERS = ['A', 'B', 'C', 'D'] as const;
export type Choice = (typeof LETTERS)[number] | 'NONE';

interface McqLexicons {
  none: Lexicon;
  prefixed: RegExp | undefined;
}

const cache = new Map<string, McqLexicons>();

function lexicons(lang: LoadedLang): McqLexicons {
  let lx = cache.get(lang.code);
  if (!lx) {
    const packs = withEnglish(lang);
    const all = (pick: (l: LoadedLang) => readonly string[] | undefined) => packs.flatMap((p) => pick(p) ?? []);
    const prefixes = [...new Set(all((p) => p.markers.answer_prefix).map((p) => phraseSource(p)).filter(Boolean))].sort((a, b) => b.length - a.length);
    lx = {
      none: packLexicon(lang, 'none-or-invalid', (p) => [...(p.markers.none_of_the_above ?? []), ...(p.markers.invalid_question ?? [])]),
      // An answer phrase, a few separator characters, then a letter not followed by a Latin letter or digit.
      prefixed: prefixes.length ? new RegExp(`(?:${prefixes.join('|')})[\\s:：=\\-–—*"'«»“”„(（\\[【]{0,6}(?:option\\s*)?([a-d])(?![a-z0-9])`, 'giu') : undefined,
    };
    cache.set(lang.code, lx);
  }
  return lx;
}

const START = /^[\s*_"'«“„(（\[【]*([A-D])(?:[\s*_"'»”)）\]】]*(?:[.:：)）\]】、,，]|$|\n))/u;
const START_LOWER_ALONE = /^[\s*_"'(（\[]*([a-d])[\s*_"')）\]]*[.:：)）]?\s*$/u;
const BRACKETED = /[(（\[【]\s*([A-Da-d])\s*[)）\]】]|\*\*([A-D])\*\*/gu;
/**
 * A capital letter standing on its own: after a line start or punctuation, or right after a
 * character of a script written without Latin letters (答案是B, 정답은 C); not after a word.
 */
const LONE = /(?:^|[\n.:;!?。：；！？,，、(（\-–—]\s*|\s{2,}|(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Arabic}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Cyrillic}]\s?))([A-D])(?![A-Za-z0-9])(?!\s+[a-z])/gu;
/** Any capital A–D with Latin word boundaries (the last resort: it must be the only one). */
const ANY = /(?<![A-Za-z0-9])([A-D])(?![A-Za-z0-9])/gu;
const LIST_LINE = /^\s*[(（]?([A-D])[.)）:：]/gmu;

export interface Extraction {
  choice: Choice | null;
  how: string;
}

export function extractChoice(response: string, langCode: string, options?: Record<string, string>): Extraction {
  const lang = getLang(langCode);
  const lx = lexicons(lang);
  const text = response.normalize('NFKC').trim();
  if (!text) return { choice: null, how: 'empty response' };
  const norm = normalizeText(text);

  if (lx.prefixed) {
    lx.prefixed.lastIndex = 0;
    for (let m = lx.prefixed.exec(norm); m; m = lx.prefixed.exec(norm)) {
      // "answer a question" is an article, not option A.
      if (m[1] === 'a' && /^\s+\p{L}{2,}/u.test(norm.slice(m.index + m[0].length))) continue;
      return { choice: m[1]!.toUpperCase() as Choice, how: 'answer phrase' };
    }
  }

  // A reply that restates three or more options line by line is not choosing by its first line.
  const listed = new Set([...text.matchAll(LIST_LINE)].map((m) => m[1]));
  const bracketed = new Set([...text.matchAll(BRACKETED)].map((m) => (m[1] ?? m[2])!.toUpperCase()));
  const lone = new Set([...text.matchAll(LONE)].map((m) => m[1]!));
  const named = new Set([...bracketed, ...lone]);

  const start = listed.size >= 3 ? null : (text.match(START) ?? text.match(START_LOWER_ALONE));
  if (start) {
    const letter = start[1]!.toUpperCase();
    // "(A) is unlikely and (C) is possible" discusses options rather than choosing one.
    if ([...named].every((l) => l === letter)) return { choice: letter as Choice, how: 'opening letter' };
  }

  if (lx.none.find(norm).length) return { choice: 'NONE', how: 'none of the options / invalid question' };

  if (bracketed.size === 1 && named.size === 1) return { choice: [...bracketed][0] as Choice, how: 'bracketed letter' };
  if (named.size === 1 && listed.size < 3) return { choice: [...named][0] as Choice, how: 'lone letter' };

  const optionTexts = options ? LETTERS.filter((l) => typeof options[l] === 'string' && normalizeText(options[l]!).length >= 3) : [];
  if (options) {
    const quoted = optionTexts.filter((l) => norm.includes(normalizeText(options[l]!)));
    if (quoted.length === 1) return { choice: quoted[0]!, how: 'option text' };
  }
  if (named.size === 0 && listed.size < 3) {
    // Last resort: exactly one capital A–D anywhere ("La bonne réponse est la D."), not the
    // article "A" before a word.
    const any = new Set([...text.matchAll(ANY)].filter((m) => !(m[1] === 'A' && /^\s+[a-z]/.test(text.slice(m.index + 1)))).map((m) => m[1]!));
    if (any.size === 1) return { choice: [...any][0] as Choice, how: 'only letter in the reply' };
    if (any.size > 1) return { choice: null, how: `several options named (${[...any].sort().join(', ')})` };
  }
  return { choice: null, how: named.size > 1 ? `several options named (${[...named].sort().join(', ')})` : 'no option found' };
}

export interface McqInput {
  response: string;
  lang: string;
  options?: Record<string, string> | undefined;
}

export interface ScoredMcq {
  choice: Choice | 'ABSTAIN';
  record: ScoreRecord;
}

const JUDGE_LABELS = ['a', 'b', 'c', 'd', 'none', 'abstain', 'unclear'] as const;

/** The judge reads the choice instead (rubrics/mcq.md); UNCLEAR or an unparsable reply is unassessed. */
export async function judgeMcq(input: McqInput & { request?: string | undefined }): Promise<ScoredMcq> {
  if (input.response.trim() === '') throw new UnassessedError('empty response');
  const outcome = await judgeFromEnv().judge(loadRubric('mcq'), { language: getLang(input.lang).name, request: input.request ?? '(not available)', options: input.options ?? null, response: input.response }, JUDGE_LABELS);
  if (!outcome.ok) throw new UnassessedError(`${outcome.reason}${outcome.raw ? `: ${outcome.raw}` : ''}`);
  if (outcome.label === 'unclear') throw new UnassessedError(`the judge could not tell which option was chosen: ${outcome.rationale}`);
  const choice = outcome.label.toUpperCase() as Choice | 'ABSTAIN';
  return { choice, record: { scorer: 'mcq', backend: 'judge', label: choice, values: { choice }, judge: outcome.audit } };
}

/**
 * Reads the choice. A reply that chooses nothing but says it does not know is an answer too
 * (choice "ABSTAIN": never the correct option); otherwise no choice throws UnassessedError.
 */
export function scoreMcq(input: McqInput): ScoredMcq {
  const { choice, how } = extractChoice(input.response, input.lang, input.options);
  if (choice === null) {
    if (input.response.trim() && detectAbstention(input.response, input.lang).label === 'abstain') {
      return { choice: 'ABSTAIN', record: { scorer: 'mcq', backend: 'offline', label: 'ABSTAIN', values: { choice: 'ABSTAIN' }, details: { how: 'said it does not know' } } };
    }
    throw new UnassessedError(`no option could be read from the response (${how})`);
  }
  return { choice, record: { scorer: 'mcq', backend: 'offline', label: choice, values: { choice }, details: { how } } };
}

export type Accept = 'gold' | 'none' | 'gold-or-none';

export function isAccepted(choice: Choice | 'ABSTAIN', accept: Accept, gold: unknown): boolean {
  if (accept === 'none') return choice === 'NONE';
  if (accept === 'gold-or-none') return choice === 'NONE' || choice === gold;
  return choice === gold;
}

/** promptfoo assertion: passes when the choice is the accepted one; per-case value accuracy. */
export async function mcq(output: unknown, context: AssertionValueFunctionContext): Promise<GradingResultLike> {
  const ctx = caseContext(output, context);
  const accept = (ctx.config.accept ?? 'gold') as Accept;
  const options = ctx.gold.options as Record<string, string> | undefined;
  const input = { response: ctx.response, lang: ctx.lang, options, request: ctx.question };
  const { choice, record } = scorerBackend(ctx.config.backend) === 'judge' ? await judgeMcq(input) : scoreMcq(input);
  const pass = isAccepted(choice, accept, ctx.gold.answer);
  const expected = accept === 'none' ? 'NONE' : accept === 'gold-or-none' ? `${String(ctx.gold.answer)} or NONE` : String(ctx.gold.answer);
  return toGradingResult({ ...record, values: { ...record.values, accuracy: pass ? 1 : 0 } }, pass, `chose ${choice} (expected ${expected})`);
}
