// The form checks the wasm it runs. A host page gives `<psirt-report-form
// integrity="sha256-…" seal-integrity="sha256-…">` (the SRI strings `make reproducible` prints);
// the worker hashes each module before instantiating it. With the published hashes the form works;
// with any other module (here: the page pins other hashes, as if the server swapped the files) no
// module runs, the form says why in English and French, shows only the route by hand, and lets
// nothing be typed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT,
  DEMO_FPR_GROUPED,
  startServer,
  launchChromium,
  openForm,
  waitStep,
  sel,
  formEvents,
  problems,
  skipUnless,
} from '../lib/form-harness.mjs';

const skip = skipUnless({ chromium: true });
const sri = (bytes) => `sha256-${createHash('sha256').update(bytes).digest('base64')}`;
const CORE = sri(readFileSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm')));
const SEAL = sri(readFileSync(join(ROOT, 'pkg/wasm/psirt_report_seal_bg.wasm')));
const OTHER = sri(Buffer.from('not the published module'));

let server;
let chromium;
before(async () => {
  if (skip) return;
  server = await startServer();
  chromium = await launchChromium();
});
after(async () => {
  await chromium?.close();
  server?.close();
});

/** The demo page with the form pinned to the given hashes (its CSP and headers unchanged). */
function pinned(integrity, sealIntegrity) {
  return ({ context }) =>
    context.route(/\/\?lang=/, async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(
        '<psirt-report-form profile="demo"',
        `<psirt-report-form profile="demo" integrity="${integrity}" seal-integrity="${sealIntegrity}"`,
      );
      assert.ok(html.includes(`integrity="${integrity}"`), 'the demo page has the form the test pins');
      await route.fulfill({ response, body: html });
    });
}

test('with the published hashes the form runs: the route step, ready, the key loaded', { skip, timeout: 60_000 }, async () => {
  const s = await openForm(chromium.browser, server.origin, { beforeGoto: pinned(CORE, SEAL) });
  try {
    await waitStep(s.page, 'route');
    await s.ready();
    await s.page.waitForSelector('psirt-report-form[data-ready]', { timeout: 15_000 });
    await s.finish();
    assert.deepEqual(problems(s).map((r) => `${r.kind}: ${r.text}`), []);
  } finally {
    await s.close();
  }
});

for (const lang of ['en', 'fr']) {
  test(`(${lang}) a module that is not the published one never runs: the form says so and offers only the route by hand`, { skip, timeout: 60_000 }, async () => {
    const s = await openForm(chromium.browser, server.origin, { lang, beforeGoto: pinned(OTHER, SEAL) });
    const { page } = s;
    try {
      await waitStep(page, 'manual', 20_000);
      const heading = (await page.locator(sel('[data-step="manual"] h1, [data-step="manual"] h2')).first().textContent()).trim();
      assert.equal(
        heading,
        lang === 'en' ? 'This page’s encryption code is not the published one' : 'Le code de chiffrement de cette page n’est pas celui qui a été publié',
      );
      assert.equal(await page.locator(sel('[data-step="manual"] [role="alert"]')).count(), 1, 'said as an alert');
      // One message, not a second "the encryption module stopped, reload" banner contradicting it.
      assert.equal(await page.getByText(/Reload the page|Rechargez la page/).count(), 0);
      assert.equal((await page.locator(sel('[data-step="manual"] [part~="fingerprint"]')).textContent()).trim(), DEMO_FPR_GROUPED);
      assert.equal(await page.locator(sel('textarea, input[type="text"], input[type="email"]')).count(), 0, 'nothing can be typed');
      assert.equal((await formEvents(page)).length, 0);
      await s.finish();
      // The refusal is the worker's answer, not a crash: no page error, no CSP violation.
      assert.deepEqual(problems(s).map((r) => `${r.kind}: ${r.text}`), []);
    } finally {
      await s.close();
    }
  });
}

// The core is the published one but the seal module is not: the form starts (validation runs
// in the core), and the first call that needs sealing — loading the PSIRT's key, before the
// reporter can type anything — refuses it, with the same message and route by hand.
test('a seal module that is not the published one is refused before anything can be typed', { skip, timeout: 60_000 }, async () => {
  const s = await openForm(chromium.browser, server.origin, { lang: 'en', beforeGoto: pinned(CORE, OTHER) });
  const { page } = s;
  try {
    await waitStep(page, 'manual', 20_000);
    const heading = (await page.locator(sel('[data-step="manual"] h1, [data-step="manual"] h2')).first().textContent()).trim();
    assert.equal(heading, 'This page’s encryption code is not the published one');
    assert.equal(await page.getByText(/Reload the page/).count(), 0);
    assert.equal(await page.locator(sel('textarea, input[type="text"], input[type="email"]')).count(), 0, 'nothing can be typed');
    assert.equal((await formEvents(page)).length, 0);
    await s.finish();
    assert.deepEqual(problems(s).map((r) => `${r.kind}: ${r.text}`), []);
  } finally {
    await s.close();
  }
});
