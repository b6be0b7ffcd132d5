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
import { judgeFromEnv, scorerBackend } from '../src/judge/judge.ts';
import { loadRubric } from '../src/judge/rubrics.ts';
import { getLang, type LoadedLang } from '../src/load/langs.ts';
import { detectAbstention } from './abstain.ts';
import { clinicAssertion } from '../src/scoring/context.ts';
import type { Lexicon } from '../src/scoring/lexicon.ts';
import { normalizeFor, packLexicon, textForm, withEnglish } from '../src/scoring/packs.ts';
import { toGradingResult, UnassessedError, type GradingResultLike, type ScoreRecord } from '../src/scoring/record.ts';
import { normalizeText } from '../src/text/normalize.ts';

export const LETTERS = ['A', 'B', 'C', 'D'] as const;
export type Choice = (typeof LETTERS)[number] | 'NONE';

interface McqLexicons {
  none: Lexicon;
  /** Answer phrases ("the correct answer is"); the letter is read after each one by ANSWER_TAIL. */
  prefixes: Lexicon;
  suffixed: RegExp | undefined;
}

/**
 * After an answer phrase: up to two short words ("la bonne réponse est donc A"), a few
 * separator characters, then a letter not followed by a Latin letter or digit.
 */
const ANSWER_TAIL = /(?:\s+[\p{L}\p{M}]{1,8}(?![\p{L}\p{M}])){0,2}?[\s:：=\-–—*"'«»“”„(（\[【]{0,6}(?:option\s*)?(?<![a-z0-9])([a-d])(?![a-z0-9])/iuy;

const cache = new Map<string, McqLexicons>();

function lexicons(lang: LoadedLang): McqLexicons {
  let lx = cache.get(lang.code);
  if (!lx) {
    const packs = withEnglish(lang);
    const all = (pick: (l: LoadedLang) => readonly string[] | undefined) => packs.flatMap((p) => pick(p) ?? []);
    const form = textForm(lang);
    const suffixes = [...new Set(all((p) => p.markers.answer_suffix).map((p) => normalizeText(p, form)).filter(Boolean))]
      .sort((a, b) => b.length - a.length)
      .map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/ /g, '\\s+'));
    lx = {
      none: packLexicon(lang, 'none-or-invalid', (p) => [...(p.markers.none_of_the_above ?? []), ...(p.markers.invalid_question ?? [])], (p) => p.markers.none_of_the_above_patterns),
      prefixes: packLexicon(lang, 'answer-prefix', (p) => p.markers.answer_prefix),
      // A letter, then a phrase saying it is the answer ("B is correct", "B가 정답", "B là đáp án đúng").
      suffixed: suffixes.length ? new RegExp(`(?<![a-z0-9'])([a-d])[)）.*"'»”]?\\s*(?:${suffixes.join('|')})(?![\\p{L}\\p{M}])`, 'giu') : undefined,
    };
    cache.set(lang.code, lx);
  }
  return lx;
}

export interface Extraction {
  choice: Choice | null;
  how: string;
}

const START = /^[\s*_"'«“„(（\[【]*([A-D])(?:[\s*_"'»”)）\]】]*(?:[.:：)）\]】、,，]|$|\n))/u;
const START_LOWER_ALONE = /^[\s*_"'(（\[]*([a-d])[\s*_"')）\]]*[.:：)）]?\s*$/u;
/**
 * A letter A–D standing as a word of its own: no Latin letter (ɓ, ƙ, ư included), digit or
 * apostrophe touches it. Han, kana, Hangul and other scripts may ("答案是C").
 */
const LETTER = /(?<![\p{Script=Latin}\p{M}0-9'’])([A-Da-d])(?![\p{Script=Latin}\p{M}0-9'’])/gu;
/** Where a letter names an option outright: bracketed, or opening a clause. */
const CLAUSE_START = /(?:^|[\n.:;!?。：；！？,，、\-–—]\s*)$/u;
const LIST_LINE = /^\s*[(（]?([A-D])[.)）:：][^\n]*$/gmu;

interface Mention {
  letter: string;
  /** Bracketed or opening a clause ("(C)", "C serait…"), not a letter inside a term ("vitamin D"). */
  strong: boolean;
}

/**
 * Words that name a series with a letter in the options ("hepatitis B", "vitamin D",
 * "हेपाटाइटिस C"): in the reply, a letter after one of them, or listed right after such a
 * letter ("hepatitis A and B"), is part of a name, not an option.
 */
function termStems(options: Record<string, string> | undefined): Set<string> {
  const stems = new Set<string>();
  for (const o of Object.values(options ?? {})) {
    for (const m of o.normalize('NFKC').matchAll(/([\p{L}\p{M}]{3,})[\s-]+[A-Ea-e](?![\p{L}\p{M}0-9])/gu)) stems.add(m[1]!.toLowerCase());
  }
  return stems;
}

const WORD_BEFORE = /([\p{L}\p{M}]+)[\s-]+$/u;
/** A short joiner between two letters of a series: "and", "or", "र", "আর", a comma or a slash. */
const SERIES_GAP = /^[\s,/]*(?:[\p{L}\p{M}]{1,4}[\s,/]*)?$/u;

/**
 * The letters a reply names as options. `quoted` is the reply with the option texts it quotes
 * blanked out (same length): letters there belong to the quoted text.
 */
function mentionsIn(text: string, quoted: string, articles: Set<string>, stems: Set<string> = new Set()): Mention[] {
  const out: Mention[] = [];
  let termEnd = -1;
  for (const m of text.matchAll(LETTER)) {
    const raw = m[1]!;
    const after = text.slice(m.index + 1);
    const wordBefore = text.slice(Math.max(0, m.index - 40), m.index).match(WORD_BEFORE)?.[1]?.toLowerCase();
    const inQuote = quoted[m.index] !== raw;
    if (inQuote || (wordBefore && stems.has(wordBefore)) || (termEnd >= 0 && SERIES_GAP.test(text.slice(termEnd, m.index)))) {
      termEnd = m.index + 1;
      continue;
    }
    termEnd = -1;
    // A lowercase letter followed by a Latin word is not an option: "a" is an article or a
    // preposition in several languages ("go with d." and "मैं b चुनूँगा" are options).
    if (raw === raw.toLowerCase() && /^\s*[A-Za-z\u00C0-\u024F]/u.test(after)) continue;
    const before = text.slice(0, m.index);
    // An article opens a sentence ("A patient …"); a capital A inside one is an option ("I think A is right").
    if (articles.has(raw.toUpperCase()) && /^\s+\p{Ll}/u.test(after) && (raw !== raw.toUpperCase() || /(?:^|[.!?:;]\s*|\n\s*)$/u.test(before))) continue;
    const bracketed = /[(（\[【]\s*$/u.test(before) && /^\s*[)）\]】]/u.test(after);
    out.push({ letter: raw.toUpperCase(), strong: bracketed || CLAUSE_START.test(before) });
  }
  return out;
}

/**
 * Reads the option a reply commits to, in this order: a letter after an answer phrase (up to
 * two short words between them: "la bonne réponse est donc A") or before one ("B is correct",
 * "B가 정답입니다"); a letter opening the reply when no other option is named outright
 * (bracketed or opening a clause); "none of these" / "the question is invalid" (NONE); the one
 * option the reply names; the one option whose text it quotes. Naming several options without
 * an answer phrase is not a choice. Option lines the reply merely restates, quoted option texts
 * ("vitamin D deficiency") and, for languages whose pack lists them, letters that are articles
 * ("A patient …") are not counted as naming an option.
 */
export function extractChoice(response: string, langCode: string, options?: Record<string, string>): Extraction {
  const lang = getLang(langCode);
  const lx = lexicons(lang);
  const full = response.normalize('NFKC').trim();
  if (!full) return { choice: null, how: 'empty response' };

  // Answer phrases are found in lower-cased text; the letter after each is read in the text
  // that keeps its case (the same length unless lower-casing changed it), so its case is known.
  const cased = normalizeText(full, { keepCase: true, ...textForm(lang) });
  const lower = normalizeFor(lang, full);
  const tailIn = cased.length === lower.length ? cased : lower;
  for (const p of lx.prefixes.find(lower)) {
    ANSWER_TAIL.lastIndex = p.end;
    const m = ANSWER_TAIL.exec(tailIn);
    if (!m) continue;
    // "answer a question" is an article, not option A ("Đáp án A là đúng" is option A).
    if (m[1] === 'a' && /^\s+\p{L}{2,}/u.test(tailIn.slice(p.end + m[0].length))) continue;
    return { choice: m[1]!.toUpperCase() as Choice, how: 'answer phrase' };
  }
  if (lx.suffixed) {
    lx.suffixed.lastIndex = 0;
    const m = lx.suffixed.exec(cased);
    if (m) return { choice: m[1]!.toUpperCase() as Choice, how: 'letter, then an answer phrase' };
  }

  // Restated option lines ("A. Hypokalaemia" … "D. …") do not count as choosing.
  const listed = [...full.matchAll(LIST_LINE)];
  const text = listed.length >= 3 ? full.replace(LIST_LINE, ' ').trim() : full;
  const norm = normalizeFor(lang, text);
  let masked = text;
  if (options) {
    // Letters inside quoted option texts ("vitamin D deficiency") are part of the text.
    for (const o of Object.values(options)) {
      if (o && o.length >= 3) masked = masked.replace(new RegExp(o.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu'), (x) => ' '.repeat(x.length));
    }
  }
  const mentions = mentionsIn(text, masked, new Set((lang.markers.article_letters ?? []).map((a) => a.toUpperCase())), termStems(options));
  const strong = new Set(mentions.filter((m) => m.strong).map((m) => m.letter));
  const any = new Set(mentions.map((m) => m.letter));

  const start = listed.length >= 3 ? null : (text.match(START) ?? text.match(START_LOWER_ALONE));
  if (start) {
    const letter = start[1]!.toUpperCase();
    // "(A) is unlikely and (C) is possible" discusses options rather than choosing one.
    if ([...strong].every((l) => l === letter)) return { choice: letter as Choice, how: 'opening letter' };
  }

  if (lx.none.find(norm).length) return { choice: 'NONE', how: 'none of the options / invalid question' };

  if (any.size === 1) return { choice: [...any][0] as Choice, how: 'only option named' };
  if (any.size > 1) return { choice: null, how: `several options named (${[...any].sort().join(', ')})` };

  if (options) {
    const quoted = LETTERS.filter((l) => typeof options[l] === 'string' && normalizeText(options[l]!).length >= 3 && norm.includes(normalizeText(options[l]!)));
    if (quoted.length === 1) return { choice: quoted[0]!, how: 'option text' };
    if (quoted.length > 1) return { choice: null, how: `several options quoted (${quoted.join(', ')})` };
  }
  return { choice: null, how: 'no option found' };
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
export const mcq = clinicAssertion(async (ctx) => {
  const accept = (ctx.config.accept ?? 'gold') as Accept;
  const options = ctx.gold.options as Record<string, string> | undefined;
  const input = { response: ctx.response, lang: ctx.lang, options, request: ctx.question };
  const { choice, record } = scorerBackend(ctx.config.backend) === 'judge' ? await judgeMcq(input) : scoreMcq(input);
  const pass = isAccepted(choice, accept, ctx.gold.answer);
  const expected = accept === 'none' ? 'NONE' : accept === 'gold-or-none' ? `${String(ctx.gold.answer)} or NONE` : String(ctx.gold.answer);
  return toGradingResult({ ...record, values: { ...record.values, accuracy: pass ? 1 : 0 } }, pass, `chose ${choice} (expected ${expected})`);
});
