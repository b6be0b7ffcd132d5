/**
 * Data checks on the real item files: every language's item texts are detected as that
 * language by cld3 (at least 90% per language; perturbed adversarial items and very short
 * texts may be misread), and the suite compiles for every task and language.
 */
import { describe, expect, it } from 'vitest';
import { identifyTexts } from '../src/langid.ts';
import { loadTasks } from '../src/load/tasks.ts';
import { collectSuite } from '../src/suite/suite.ts';
import { CLINIC_LANGS } from './helpers/e2e.ts';

describe('bundled data', () => {
  it('has a language pack and complete item texts for all fifteen CLINIC languages', () => {
    const suite = collectSuite({ selection: { langs: [...CLINIC_LANGS] } });
    expect(suite.problems.filter((p) => p.severity !== 'warning').map((p) => `${p.file}: ${p.item ?? ''} ${p.field ?? ''} ${p.message}`)).toEqual([]);
    for (const task of suite.tasks) expect(task.items.length, task.spec.id).toBeGreaterThanOrEqual(20);
  });

  it.each([...CLINIC_LANGS])('item texts in %s are identified as that language', async (lang) => {
    const tasks = loadTasks();
    const [result] = await identifyTexts(tasks, [lang]);
    expect(result!.checked).toBe(tasks.reduce((n, t) => n + t.items.length, 0));
    const share = result!.matched / result!.checked;
    expect(share, result!.mismatches.map((m) => `${m.task}/${m.item}: ${m.detected}: ${m.text}`).join('\n')).toBeGreaterThanOrEqual(0.9);
  });
});
