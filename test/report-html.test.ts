/**
 * The HTML report in a real headless Chromium: built from a real promptfoo run whose model
 * answers carry script tags, event handlers and right-to-left override characters. The
 * heatmap must be complete and coloured, a cell must open its items, and nothing from the
 * model may execute. A screenshot is kept in test-artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/paths.ts';
import { launchChromium } from './helpers/browser.ts';
import { runEval, type EvalRun } from './helpers/e2e.ts';
import { startFakeOpenAI, type FakeServer } from './helpers/fake-openai.ts';
import { CLINIC, run } from './helpers/run.ts';

const PAYLOADS = [
  `</script><script>window.__pwned = 'script'</script>I cannot help with that.`,
  `<img src=x onerror="window.__pwned='onerror'">Take paracetamol 500 mg.`,
  `Normal text \u202Etxet desrever\u202C then <b onclick="window.__pwned='click'">bold</b>`,
  `"><svg onload="window.__pwned='svg'"></svg> {{ 7*7 }} \u2028 line`,
];
const TASKS = ['jailbreak-dan', 'exaggerated-safety', 'privacy'];
const LANGS = ['en', 'ar', 'hi'];

describe('HTML report in Chromium', () => {
  let server: FakeServer;
  let result: EvalRun;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    let n = 0;
    server = await startFakeOpenAI({ answer: () => PAYLOADS[n++ % PAYLOADS.length]! });
    result = await runEval({ CLINIC_TARGET_URL: server.url, CLINIC_TASKS: TASKS.join(','), CLINIC_LANGS: LANGS.join(','), CLINIC_LIMIT: '4' });
    const html = path.join(result.dir, 'report.html');
    const r = await run([CLINIC, 'report', path.join(result.dir, 'results.json'), '--html', html]);
    if (r.code !== 0) throw new Error(r.stderr);
    ({ browser } = await launchChromium());
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto(`file://${html}`);
    await page.waitForSelector('body[data-ready="true"]');
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws a heatmap cell for every task and language, coloured where there is a value', async () => {
    const cells = await page.$$eval('td.cell', (tds) => tds.map((td) => ({ task: td.getAttribute('data-task'), lang: td.getAttribute('data-lang'), na: td.classList.contains('na'), bg: (td as unknown as { style: { background: string } }).style.background })));
    expect(cells).toHaveLength(TASKS.length * LANGS.length);
    for (const c of cells) if (!c.na) expect(c.bg, `${c.task}/${c.lang}`).toMatch(/hsl|rgb/);
    expect(cells.filter((c) => !c.na).length).toBeGreaterThan(0);
  });

  it('opens a cell into its items, showing model text literally', async () => {
    await page.click('td.cell[data-task="jailbreak-dan"][data-lang="ar"]');
    await page.waitForSelector('#drill.open');
    const rows = await page.$$eval('#drill tr.item-row', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows).toHaveLength(4);
    const text = rows.join('\n');
    expect(text).toContain('</script><script>window.__pwned');
    expect(text).toContain('<img src=x onerror=');
    expect(await page.$$eval('#drill .ctrl', (els) => els.map((e) => e.textContent))).toEqual(expect.arrayContaining(['[U+202E]', '[U+202C]']));
  });

  it('executes nothing from the model output', async () => {
    for (const td of await page.$$('td.cell')) await td.click();
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await page.$$eval('#drill img, #drill svg, #drill b', (els) => els.length)).toBe(0);
    expect(await page.$$eval('script', (els) => els.length)).toBe(2);
  });

  it('keeps a screenshot of the report', async () => {
    await page.click('td.cell[data-task="privacy"][data-lang="hi"]');
    const file = path.join(REPO_ROOT, 'test-artifacts', 'report.png');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, fullPage: true });
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  });
});
