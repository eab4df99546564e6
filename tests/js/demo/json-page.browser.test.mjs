// The JSON demo page (www/json.html) in headless Chromium (playwright-core, the system browser):
// served by www/serve.mjs on a free port, it validates the example, seals it
// to the demo key, and does so without a console error or a CSP violation.
// Skipped (with a message) when /usr/bin/chromium is not installed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { launch, skipWithoutChromium as skip } from '../lib/chromium.mjs';
import { startServer } from '../lib/form-harness.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DEMO_FPR = '396FA1D1E0E2C121462B0DF79B5573C2D06F7269';

if (!skip && !existsSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm'))) {
  throw new Error('pkg/wasm/ is missing: build it with `make wasm` before running the JS tests');
}

let server;
let origin;
let chromium;
let browser;

before(async () => {
  if (skip) return;
  server = await startServer();
  origin = server.origin;

  chromium = await launch();
  browser = chromium.browser;
});

after(async () => {
  await chromium?.close();
  await server?.close();
});

/** A new page that records console errors, page errors and CSP violations. */
async function openPage() {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(`${origin}/json.html`);
  await page.waitForSelector('#validate:not([disabled])', { timeout: 15_000 });
  return { page, problems };
}

test('validate and seal the example on the demo page', { skip, timeout: 60_000 }, async () => {
  const { page, problems } = await openPage();

  assert.match(await page.textContent('#demo-banner'), /DEMO — not Thales/);
  assert.ok(await page.isVisible('#demo-banner'));
  const report = await page.inputValue('#report');
  assert.ok(JSON.parse(report).title, 'the textarea holds the example report');

  await page.click('#validate');
  await page.waitForSelector('#verdict');
  assert.match(await page.getAttribute('#verdict', 'class'), /\bvalid\b/);
  assert.equal(await page.locator('#diagnostics .errors li').count(), 0);

  await page.click('#seal');
  await page.waitForFunction(() => document.querySelector('#armored').textContent.length > 0);
  assert.match(await page.textContent('#armored'), /^-----BEGIN PGP MESSAGE-----/);
  assert.equal((await page.textContent('#fingerprint')).replace(/\s/g, ''), DEMO_FPR);
  assert.equal(await page.getAttribute('#fingerprint', 'data-fingerprint'), DEMO_FPR);

  // PSIRT_SCREENSHOT=/tmp/demo.png keeps a picture of the page to look at.
  if (process.env.PSIRT_SCREENSHOT) await page.screenshot({ path: process.env.PSIRT_SCREENSHOT, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('an invalid report lists its errors and is not sealed', { skip, timeout: 60_000 }, async () => {
  const { page, problems } = await openPage();
  const report = JSON.parse(await page.inputValue('#report'));
  delete report.title;
  await page.fill('#report', JSON.stringify(report, null, 2));

  await page.click('#validate');
  await page.waitForSelector('#verdict.invalid');
  const items = await page.locator('#diagnostics .errors li').allTextContents();
  assert.ok(items.some((t) => t.includes('/title')), items.join('\n'));

  await page.click('#seal');
  await page.waitForSelector('#status.error');
  assert.equal(await page.textContent('#armored'), '');

  await page.fill('#report', '{ not json');
  await page.click('#validate');
  await page.waitForFunction(() => document.querySelector('#diagnostics').textContent.includes('json-syntax'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the form widget gets ready under the CSP: its worker loads the core, then the seal module for the key', { skip, timeout: 60_000 }, async () => {
  const page = await chromium.browser.newPage();
  const problems = [];
  const wasm = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('request', (r) => r.url().endsWith('.wasm') && wasm.push(new URL(r.url()).pathname));
  await page.goto(`${origin}/`);
  await page.waitForSelector('psirt-report-form[data-ready]', { timeout: 30_000 });
  assert.equal(await page.getAttribute('psirt-report-form', 'aria-busy'), null);
  // The core first (validation starts at once), then the seal module (the form loads the key).
  assert.deepEqual(wasm, ['/pkg/wasm/psirt_report_bg.wasm', '/pkg/wasm/psirt_report_seal_bg.wasm']);
  assert.deepEqual(problems, []);
  await page.close();
});

