/**
 * Language identification of item texts (cld3, compiled to WebAssembly): catches a slot that
 * holds English or another language instead of the one its file is for.
 */
import { loadModule } from 'cld3-asm';
import { itemInLang, type LoadedTask } from './load/tasks.ts';

type Identifier = { findLanguage(text: string): { language: string; probability: number; is_reliable: boolean } };

let identifier: Promise<Identifier> | undefined;

async function getIdentifier(): Promise<Identifier> {
  identifier ??= loadModule().then((factory) => factory.create(0, 2000) as unknown as Identifier);
  return identifier;
}

/** cld3's code for a language pack code, where they differ. */
const CLD3_CODE: Record<string, string> = { he: 'iw', zh: 'zh' };

export interface LangIdResult {
  lang: string;
  checked: number;
  matched: number;
  mismatches: Array<{ task: string; item: string; detected: string; text: string }>;
}

/** Detects the language of each item's text (and its other text fields) for the given languages. */
export async function identifyTexts(tasks: LoadedTask[], langs: string[]): Promise<LangIdResult[]> {
  const id = await getIdentifier();
  const results: LangIdResult[] = [];
  for (const lang of langs) {
    const want = CLD3_CODE[lang] ?? lang;
    const result: LangIdResult = { lang, checked: 0, matched: 0, mismatches: [] };
    for (const task of tasks) {
      for (const item of task.items) {
        if (!item.texts.has(lang)) continue;
        const fields = itemInLang(item, lang);
        const text = typeof fields.text === 'string' ? fields.text : '';
        if (!text) continue;
        result.checked++;
        const detected = id.findLanguage(text).language;
        // cld3 reports some languages with a script suffix (e.g. "ja" for kana, "zh" for Han).
        if (detected === want || detected.split('-')[0] === want) result.matched++;
        else result.mismatches.push({ task: task.spec.id, item: item.id, detected, text: text.slice(0, 80) });
      }
    }
    results.push(result);
  }
  return results;
}
