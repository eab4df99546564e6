// Headless Chromium for the tests and the benchmark: Debian's /usr/bin/chromium driven by
// playwright-core (which downloads no browser), with the flags that work as root on CI.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { skipUnless } from './require.mjs';

export const CHROMIUM = '/usr/bin/chromium';

/** A skip reason for node:test when there is no browser, else false (PSIRT_REQUIRE_ALL=1: throws). */
export const skipWithoutChromium = skipUnless(
  existsSync(CHROMIUM),
  `${CHROMIUM} is not installed (make test installs it; or apt-get install chromium): browser test not run`,
);

/** Launches Chromium (with `extraArgs` after the usual flags); `close()` also removes its scratch HOME. */
export async function launch(extraArgs = []) {
  const { chromium } = await import('playwright-core');
  const home = mkdtempSync(join(tmpdir(), 'chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env: { ...process.env, HOME: home },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A page that records console errors and page errors into `problems`. */
export async function newPage(browser) {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { page, problems };
}
