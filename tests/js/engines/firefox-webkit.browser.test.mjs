// The form in Firefox ESR (puppeteer-core over BiDi) and WebKitGTK (Safari's engine, through
// WebKitWebDriver), with the same flow code (tests/js/lib/engines.mjs); Chromium runs the full
// suite in form*.test.mjs, and here too when PSIRT_ENGINES names it.
//
// In each engine: the vulnerability flow as a reporter does it — the first step clicked as soon
// as it shows (a redraw landing inside the press used to eat the click), an e-mail error at its
// input then fixed, a secret found and redacted, a binary file attached, review with the pinned
// fingerprint, seal, the .asc link's bytes equal to the psirt-sealed event, gpg decrypts, and
// report.json is what was typed. The leak capture every engine allows: every request the server
// received (page and worker; WebKitWebDriver reports none to the driver), page errors and console
// errors recorded in the page, and storage read back at the end (localStorage, sessionStorage,
// cookies, every IndexedDB record, Cache Storage): the typed marker is in none of them. Isolation
// mode comes up (Firefox used to fail closed after 15 s), and a frame that refuses is reported at
// once. axe-core finds nothing serious on the details step. Screenshots per engine at 360 and
// 1280 px into docs/screenshots/engines/ (PSIRT_NO_SCREENSHOTS=1: none).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { launchEngine, skipWithoutEngine, engineAvailable } from '../lib/engines.mjs';
import { ROOT, DEMO_FPR, DEMO_FPR_GROUPED, HAS_GPG, REQUIRE_ALL, demoGpg, reportFromPlaintext } from '../lib/form-harness.mjs';
import { start } from '../../../www/serve.mjs';
import { installRecorder, readStorage } from '../lib/engines-flow.mjs';

const ENGINES = (process.env.PSIRT_ENGINES ?? 'firefox,webkit').split(',').filter(Boolean);
const SHOTS = !process.env.PSIRT_NO_SCREENSHOTS;
const SHOT_DIR = join(ROOT, 'docs/screenshots/engines');
const F = (inner) => `psirt-report-form >>> ${inner}`;

let server;
let origin;
let requests = [];
let gpg;
const scratch = mkdtempSync(join(tmpdir(), 'engines-test-'));

before(async () => {
  server = await start({ port: 0 });
  origin = `http://127.0.0.1:${server.address().port}`;
  // Every request the server receives, with headers and body: the one request log every engine
  // gives (the worker's requests included).
  const [handler] = server.listeners('request');
  server.removeAllListeners('request');
  server.on('request', (req, res) => {
    const entry = { text: `${req.method} ${req.url} ${JSON.stringify(req.headers)} body=` };
    requests.push(entry);
    req.on('data', (c) => (entry.text += c.toString('latin1')));
    handler(req, res);
  });
  if (HAS_GPG || REQUIRE_ALL) gpg = demoGpg();
});

after(async () => {
  server?.close();
  gpg?.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function shots(page, engine, step) {
  if (!SHOTS) return;
  mkdirSync(SHOT_DIR, { recursive: true });
  for (const width of [360, 1280]) {
    await page.setViewport(width, width < 600 ? 780 : 900);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot(join(SHOT_DIR, `${engine}-${width}-${step}.png`));
  }
  await page.setViewport(1280, 900);
}

async function axeSerious(page) {
  const src = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  // Injected as a function body run by the driver (the page's CSP forbids eval and inline scripts).
  const run = new Function(`${src}; return axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id + ' ' + JSON.stringify(v.nodes.map((n) => n.target))));`);
  return page.evaluate(run);
}

for (const engine of ENGINES) {
  const skip = skipWithoutEngine(engine) || (!HAS_GPG && !REQUIRE_ALL ? 'gpg is not installed' : false);
  let browser;

  test(`${engine}: launch`, { skip, timeout: 60_000 }, async () => {
    browser = await launchEngine(engine);
    assert.ok(browser.version, `${engine} reports a version`);
  });

  test(`${engine}: vulnerability flow — error fixed, secret redacted, file attached, pinned key, sealed, gpg opens what was typed; nothing leaks`, { skip, timeout: 180_000 }, async () => {
    assert.ok(browser, `${engine} launched`);
    requests = [];
    const mark = `PSIRT-LEAK-MARKER-${randomBytes(6).toString('hex').toUpperCase()}`;
    const secret = `aws_access_key_id = AKIA${'QWERTYUIOPASDFGH'}\naws_secret_access_key = ${randomBytes(30).toString('base64').slice(0, 40)}`;
    const before = `The console reads its configuration ${mark}:\n`;
    const afterText = '\nEnd of the excerpt.';
    const text = {
      'reporter.name': 'Alex Martin',
      title: `Stored XSS in the device console ${mark}`,
      summary: 'The device name is rendered without encoding.',
      steps_to_reproduce: '1. Log in as an operator.\n2. Rename a device to <script>alert(1)</script>.',
      'affected.0.vendor': 'Thales',
      'affected.0.product': 'Example Device Manager',
      'affected.0.versions.0': '4.2.1',
    };
    const binary = randomBytes(20 * 1024);
    const binPath = join(scratch, `capture-${engine}.bin`);
    writeFileSync(binPath, binary);

    const page = await browser.newPage({ width: 1280, height: 900 });
    let ok = false;
    try {
      await page.goto(`${origin}/?lang=en`);
      await page.evaluate(installRecorder);
      await page.waitForSelector('psirt-report-form[data-step="route"]');
      // Clicked as soon as the step shows: the engine's answers redraw it meanwhile.
      await page.click(F('input[name="route"][value="vulnerability"]'));
      await page.click(F('[data-action="next"]'));
      await page.waitForSelector('psirt-report-form[data-step="details"]', { timeout: 30_000 });

      // An error at its input.
      await page.typeInto(F('[name="reporter.email"]'), 'alex-at-example');
      await page.keys('Tab');
      await page.waitForSelector(F('#err-reporter-email'));
      assert.match(await page.text(F('#err-reporter-email')), /Not an e-mail address/);
      assert.equal(await page.attr(F('[name="reporter.email"]'), 'aria-invalid'), 'true');

      for (const [name, value] of Object.entries(text)) await page.insertText(F(`[name="${name}"]`), value);
      // The fields typed just above are validated 300 ms later, and their messages move what is
      // below: a press aimed before that lands beside the box (seen in Firefox: commitment 2 left
      // unticked, the review then refused). Each press waits for a still box and for its effect.
      for (const s of ['[name="exploited"][value="no"]', ...['no_exploitation', 'no_disclosure_without_consent', 'no_prohibited_attacks'].map((c) => `[name="commitments.${c}"]`)]) {
        await page.click(F(s), { settle: 500 });
        await page.waitFor((q) => document.querySelector('psirt-report-form').shadowRoot.querySelector(q)?.checked, [s], { timeout: 5_000, what: `${s} checked by the click` });
      }

      // A secret: found under its field, then redacted.
      await page.insertText(F('[name="description"]'), `${before}${secret}${afterText}`);
      await page.waitForSelector(F('[data-field="description"] li.finding'));
      if (SHOTS) await shots(page, engine, 'details-finding');
      const serious = await axeSerious(page);
      assert.deepEqual(serious, [], `${engine}: axe-core, serious or critical on the details step`);
      for (let n = await page.count(F('[data-field="description"] li.finding')), i = 0; n > 0 && i < 4; i += 1) {
        await page.click(F('[data-field="description"] li.finding [data-action="redact"]'));
        await page.waitFor((k) => document.querySelector('psirt-report-form').shadowRoot.querySelectorAll('[data-field="description"] li.finding').length < k, [n], { what: 'a finding redacted' });
        n = await page.count(F('[data-field="description"] li.finding'));
      }
      const description = await page.value(F('[name="description"]'));
      assert.ok(description.startsWith(before) && description.endsWith(afterText) && description.includes('[REDACTED:'), `redacted in place: ${description}`);

      // A binary attachment.
      await page.setFiles(F('[name="attachments"]'), [binPath]);
      await page.waitForSelector(F(`li[data-file="capture-${engine}.bin"]`));

      // The error fixed: it goes.
      await page.typeInto(F('[name="reporter.email"]'), 'alex.martin@researcher.example');
      await page.keys('Tab');
      await page.waitForSelector(F('#err-reporter-email'), { gone: true });

      await page.click(F('[data-action="review"]'));
      try {
        await page.waitForSelector('psirt-report-form[data-step="review"]', { timeout: 30_000 });
      } catch (e) {
        // Seen once in Firefox under load (the form stayed on the details step): say what the form
        // showed, then press once more only if it shows no error — a press lost while the form
        // redrew (the known weakness in docs/embedding/browsers.md), not a report the form refused.
        const shown = await page.evaluate(() => [...document.querySelector('psirt-report-form').shadowRoot.querySelectorAll('[id^="err-"], [role="alert"]')].map((n) => n.textContent.trim()).filter(Boolean).join(' | '));
        const step = await page.evaluate(() => document.querySelector('psirt-report-form').dataset.step);
        const presses = await page.evaluate(() => globalThis.__presses?.slice(-6) ?? []);
        const at = await page.evaluate(() => JSON.stringify(document.querySelector('psirt-report-form').shadowRoot.querySelector('[data-action="review"]')?.getBoundingClientRect()));
        console.log(`# ${engine}: still on "${step}" 30 s after the review press; errors shown: ${shown || 'none'}; last presses: ${presses.join(' | ')}; the review button now at ${at}`);
        if (step !== 'details' || shown) throw e;
        await page.click(F('[data-action="review"]'));
        await page.waitForSelector('psirt-report-form[data-step="review"]', { timeout: 30_000 });
      }
      assert.equal((await page.text(F('[part~="fingerprint"]'))).trim(), DEMO_FPR_GROUPED, 'the pinned fingerprint, grouped');
      if (SHOTS) await shots(page, engine, 'review');

      await page.click(F('[data-action="seal"]'));
      await page.waitForSelector('psirt-report-form[data-step="sealed"]', { timeout: 60_000 });
      if (SHOTS) await shots(page, engine, 'sealed');
      const events = await page.evaluate(() => globalThis.__events);
      assert.equal(events.length, 1, 'one psirt-sealed event');
      const asc = await page.evaluate(async () => {
        const a = document.querySelector('psirt-report-form').shadowRoot.querySelector('[data-action="download-asc"]');
        return { name: a.getAttribute('download'), text: await globalThis.__blobs.get(a.href)?.text() };
      });
      assert.equal(asc.name, 'report.asc');
      assert.equal(asc.text, events[0].armored, 'the .asc link holds the event\'s ciphertext');
      assert.equal(events[0].fingerprint.replace(/\s/g, ''), DEMO_FPR);
      assert.ok(!events[0].armored.includes(mark) && !events[0].eml.includes(mark) && !events[0].subject.includes(mark), 'the marker is only inside the encryption');

      const { plaintext } = gpg.decrypt(asc.text);
      const { report, parts } = reportFromPlaintext(plaintext);
      assert.equal(report.title, text.title);
      assert.equal(report.description, description);
      assert.equal(report.steps_to_reproduce, text.steps_to_reproduce);
      assert.deepEqual(report.reporter, { name: 'Alex Martin', email: 'alex.martin@researcher.example' });
      assert.deepEqual(report.affected, [{ vendor: 'Thales', product: text['affected.0.product'], versions: ['4.2.1'] }]);
      assert.equal(report.exploited, 'no');
      const file = parts.find((p) => p.filename === `capture-${engine}.bin`);
      assert.ok(file && Buffer.compare(file.body, binary) === 0, 'the attachment\'s bytes are exact');

      // Leak capture.
      const stored = JSON.stringify(await page.evaluate(readStorage));
      const recorded = await page.evaluate(() => globalThis.__rec);
      const needles = [mark, encodeURIComponent(mark), Buffer.from(mark).toString('base64').slice(0, 20)];
      assert.deepEqual(requests.filter((r) => needles.some((n) => r.text.includes(n))).map((r) => r.text.slice(0, 200)), [], 'no request carries the marker');
      assert.ok(requests.some((r) => /\.wasm /.test(r.text)), 'the worker\'s wasm request was recorded');
      assert.ok(!needles.some((n) => stored.includes(n)), `storage holds no marker: ${stored.slice(0, 300)}`);
      assert.deepEqual(recorded, [], 'no page error, console error or CSP violation');
      assert.deepEqual(page.consoleErrors, [], 'no console error reported to the driver');
      ok = true;
    } finally {
      if (!ok) await page.screenshot(`/tmp/engines-fail-${engine}.png`).catch(() => {});
      await page.close();
    }
  });

  test(`${engine}: isolation mode comes up (the frame proves its parent by a handshake), and a refusal is told at once`, { skip, timeout: 90_000 }, async () => {
    assert.ok(browser, `${engine} launched`);
    const page = await browser.newPage({ width: 1280, height: 900 });
    try {
      const t0 = Date.now();
      await page.goto(`${origin}/isolated.html`);
      const state = await page.waitFor(() => {
        const v = document.querySelector('psirt-report-form')?.getAttribute('data-isolated');
        return v === 'ready' || v === 'failed' ? v : false;
      }, [], { timeout: 20_000, what: 'data-isolated ready or failed' });
      assert.equal(state, 'ready', `${engine}: the isolated frame came up (after ${Date.now() - t0} ms)`);
      const height = await page.evaluate(() => document.querySelector('psirt-report-form').shadowRoot.querySelector('iframe').style.height);
      assert.equal(Number.parseInt(height, 10) % 64, 0, `the frame's posted height is rounded to 64 px: ${height}`);
      if (SHOTS) await shots(page, engine, 'isolated');

      // A profile the frame page does not list: refused, and the host knows at once.
      const t1 = Date.now();
      await page.goto(`${origin}/isolated.html?x=1`);
      await page.evaluate(() => {
        const f = document.querySelector('psirt-report-form');
        const g = f.cloneNode(false);
        g.setAttribute('profile', 'not-listed');
        g.setAttribute('frame-timeout', '15000');
        f.replaceWith(g);
      });
      const refused = await page.waitFor(() => {
        const v = [...document.querySelectorAll('psirt-report-form')].map((f) => f.getAttribute('data-isolated'));
        return v.includes('failed') ? 'failed' : false;
      }, [], { timeout: 12_000, what: 'the refusal' });
      assert.equal(refused, 'failed');
      assert.ok(Date.now() - t1 < 12_000, 'told well before the 15 s timeout');
    } finally {
      await page.close();
    }
  });

  test(`${engine}: close`, { skip, timeout: 30_000 }, async () => {
    await browser?.close();
  });
}

test('engines: every engine this file runs is installed (or the run says why not)', () => {
  for (const e of ENGINES) if (!engineAvailable(e)) assert.ok(!REQUIRE_ALL, `${e} missing under PSIRT_REQUIRE_ALL`);
});
