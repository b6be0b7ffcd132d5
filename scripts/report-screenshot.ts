/**
 * Writes docs/report.png, the README's picture of the HTML report: a real run of
 * clinic.config.yaml over all tasks and languages (a few items each) against a local server
 * that answers with the test fixtures' replies, rendered in headless Chromium.
 *   npx node scripts/report-screenshot.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../src/paths.ts';
import { buildSuite } from '../src/suite/suite.ts';
import { launchChromium } from '../test/helpers/browser.ts';
import { startFakeOpenAI } from '../test/helpers/fake-openai.ts';
import { fixtureReply } from '../test/helpers/fixture-model.ts';
import { PROMPTFOO, run } from '../test/helpers/run.ts';

const LIMIT = 6;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-shot-'));
const cases = new Map(buildSuite({ selection: { limit: LIMIT } }).tests.map((t) => [String(t.vars.prompt), t.metadata]));
const server = await startFakeOpenAI({
  models: ['fixture-model'],
  answer: (r) => {
    const m = cases.get(r.prompt);
    return fixtureReply({ task: String(m?.task), lang: String(m?.lang), gold: m?.gold }, r.prompt);
  },
});
try {
  const out = path.join(dir, 'results.json');
  const r = await run([PROMPTFOO, 'eval', '-c', 'clinic.config.yaml', '--no-write', '--no-table', '--no-progress-bar', '-o', out], {
    env: { CLINIC_TARGET_URL: server.url, CLINIC_LIMIT: String(LIMIT), CLINIC_TASKS: undefined, CLINIC_LANGS: undefined, PROMPTFOO_CONFIG_DIR: path.join(dir, 'promptfoo'), CLINIC_STATE_DIR: path.join(dir, 'state') },
    timeoutMs: 600_000,
  });
  if (r.code !== 0) throw new Error(r.stderr);
  const { browser } = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 1200 }, deviceScaleFactor: 1 });
  await page.goto(`file://${path.join(dir, 'results.report.html')}`);
  await page.waitForSelector('body[data-ready="true"]');
  const file = path.join(REPO_ROOT, 'docs', 'report.png');
  await page.screenshot({ path: file, clip: { x: 0, y: 0, width: 1440, height: 1200 } });
  await browser.close();
  process.stdout.write(`wrote ${path.relative(REPO_ROOT, file)}\n`);
} finally {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
