/**
 * A real headless Chromium for tests: Debian's chromium when installed (CLINIC_CHROMIUM, or
 * /usr/bin/chromium), otherwise the Chromium build shipped in the @sparticuz/chromium npm
 * package, so `npm test` needs nothing beyond `npm install`.
 */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const SYSTEM = [process.env.CLINIC_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);

export async function launchChromium(): Promise<{ browser: Browser; which: string }> {
  // playwright launches with a fresh, empty profile of its own.
  const flags = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const system = SYSTEM.find((p) => fs.existsSync(p));
  if (system) return { browser: await chromium.launch({ executablePath: system, headless: true, args: flags }), which: system };
  const packaged = (await import('@sparticuz/chromium')).default;
  const executablePath = await packaged.executablePath();
  return { browser: await chromium.launch({ executablePath, headless: true, args: [...packaged.args, ...flags] }), which: executablePath };
}
