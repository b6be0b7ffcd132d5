/**
 * Language pack schema: everything the suite knows about one language lives in
 * langs/<code>.yaml. Code never branches on a language; it reads these fields.
 */
import type { FromSchema } from 'json-schema-to-ts';

const phraseList = {
  type: 'array',
  items: { type: 'string', minLength: 1 },
  uniqueItems: true,
} as const;

const patternList = {
  type: 'array',
  description: 'Regular expressions (JavaScript syntax, matched case-insensitively with the u flag) for inflected forms a phrase list cannot enumerate.',
  items: { type: 'string', minLength: 1 },
  uniqueItems: true,
} as const;

export const LangPackSchema = {
  $id: 'https://clinic-promptfoo.dev/schemas/lang.schema.json',
  title: 'CLINIC language pack',
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'native_name', 'script', 'direction', 'resource', 'labels', 'instructions', 'jailbreak_preamble', 'markers'],
  properties: {
    code: {
      type: 'string',
      pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
      description: 'BCP 47 language code (ISO 639-1 where one exists); also the file name.',
    },
    name: { type: 'string', minLength: 1, description: "English name, exactly as the official CLINIC CSV release spells the language's column header (e.g. Hindi)." },
    native_name: { type: 'string', minLength: 1, description: 'The language name in its own script.' },
    script: { type: 'string', minLength: 1, description: 'Writing system (Latin, Arabic, Han, Devanagari, ...).' },
    direction: { enum: ['ltr', 'rtl'], description: 'Text direction, used by the HTML report.' },
    resource: { enum: ['high', 'medium', 'low'], description: 'Resource level as CLINIC groups languages (used to average fairness-preference skewness).' },
    labels: {
      type: 'object',
      description: 'Short prompt labels in this language, used by task prompt templates as {{ labels.<name> }}.',
      required: ['question', 'answer', 'query', 'response', 'task', 'proposed_answer', 'right_option'],
      additionalProperties: { type: 'string', minLength: 1 },
      properties: {
        question: { type: 'string', minLength: 1 },
        answer: { type: 'string', minLength: 1 },
        query: { type: 'string', minLength: 1 },
        response: { type: 'string', minLength: 1 },
        task: { type: 'string', minLength: 1 },
        proposed_answer: { type: 'string', minLength: 1 },
        right_option: { type: 'string', minLength: 1 },
      },
    },
    instructions: {
      type: 'object',
      description: 'Per-task instructions in this language, keyed by the instruction name a task spec declares.',
      additionalProperties: { type: 'string', minLength: 1 },
    },
    diacritics: {
      enum: ['fold', 'keep'],
      description: 'Whether accents are removed before lexicon matching (fold, the default: "médecin" matches "medecin") or kept because they tell words apart (keep: Vietnamese chị "older sister" and chỉ "only").',
    },
    prefixes: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      description: 'Particles written joined to the start of a word (Arabic و and ف, ...). A lexicon phrase still matches when one of them precedes it.',
    },
    suffixes: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      description: 'Particles or endings written joined to the end of a word (Korean 은/는/의/입니다, ...). A lexicon phrase still matches when one of them follows it.',
    },
    jailbreak_preamble: {
      type: 'string',
      minLength: 200,
      description: 'Role-play jailbreak preamble placed before the question in the jailbreak-dan task.',
    },
    markers: {
      type: 'object',
      description: 'Lexicons the offline scorers use. Phrases match after normalisation (case, width, apostrophes, spacing); English markers are always applied as well.',
      additionalProperties: false,
      required: ['refusal', 'abstention'],
      properties: {
        refusal: { ...phraseList, description: 'First-person expressions of declining to help ("I cannot provide").' },
        refusal_patterns: patternList,
        refusal_exceptions: { ...phraseList, description: 'Phrases that contain a refusal marker but do not decline ("I cannot stress enough").' },
        redirect: { ...phraseList, description: 'Safety redirections that stand in for an answer ("please contact a crisis line").' },
        partial: { ...phraseList, description: 'Phrases that hand over some of what was asked after declining ("here is a general outline", "in general terms", "I can\'t fully"): a refusal with one of them and some content is a partial refusal.' },
        abstention: { ...phraseList, description: 'Expressions of not knowing ("I don\'t know", "I am not sure").' },
        abstention_patterns: patternList,
        abstention_exceptions: { ...phraseList, description: 'Phrases that contain an abstention marker but assert knowledge ("as you know").' },
        none_of_the_above: { ...phraseList, description: 'Ways of saying that none of the offered options is correct.' },
        none_of_the_above_patterns: patternList,
        invalid_question: { ...phraseList, description: 'Ways of saying the question itself is wrong, fabricated or has no valid answer.' },
        undetermined: { ...phraseList, description: 'Declining to choose between two people ("cannot be determined", "both equally").' },
        answer_prefix: { ...phraseList, description: 'Words that introduce a chosen option ("answer", "correct option is").' },
        answer_suffix: { ...phraseList, description: 'Words that follow a chosen option\'s letter ("is correct", "là đáp án đúng", "가 정답"), attached or after a space.' },
        article_letters: { ...phraseList, description: 'Single letters that are also articles in this language (English "A"): before a word they are not read as an option.' },
        dose_units: { ...phraseList, description: 'Units next to a number in a dose or quantity (mg, ml, tablets, drops, …; before or after it); a number with one of them is a sign that a reply delivered content.' },
      },
    },
    gender: {
      type: 'object',
      description: 'Word lists for the fairness-stereotype scorer: which fill of [MASK] refers to a man, a woman, or nobody in particular.',
      additionalProperties: false,
      required: ['male', 'female', 'neutral'],
      properties: {
        male: phraseList,
        female: phraseList,
        neutral: phraseList,
        or: { ...phraseList, description: 'Words for "or" that join a man\'s and a woman\'s word into a neutral pair ("he or she", "il ou elle"); a slash always does.' },
        exceptions: { ...phraseList, description: 'Words that contain a gender word but do not refer to a person (Vietnamese "cô đơn" lonely, "công bố" announce).' },
      },
    },
    nationalities: {
      type: 'object',
      description: 'Nationality words for the fairness-preference scorer, keyed by ISO 3166 alpha-2 country code: demonyms and country names in this language.',
      propertyNames: { pattern: '^[A-Z]{2}$' },
      additionalProperties: phraseList,
    },
    toxicity: {
      type: 'object',
      description: 'Offline toxicity lexicon: insults, demeaning or dehumanising words and threats in this language. Clinical words are not toxic.',
      additionalProperties: false,
      required: ['terms'],
      properties: {
        terms: { ...phraseList, description: 'Insulting or demeaning words and phrases.' },
        severe: { ...phraseList, description: 'Slurs, dehumanising language and threats of violence.' },
        patterns: patternList,
        exceptions: { ...phraseList, description: 'Phrases containing a listed word that are not toxic in a medical context.' },
      },
    },
  },
} as const;

export type LangPack = FromSchema<typeof LangPackSchema>;
export type ResourceLevel = LangPack['resource'];
