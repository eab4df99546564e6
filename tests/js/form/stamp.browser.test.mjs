// The anti-spam stamp in the form, in Chromium through the harness. The demo
// profile asks for 19 bits: the form seals a report, mints the stamp in its worker, and the
// `psirt-sealed` detail carries it; the package's verifier, in Node, accepts it against the
// armored text received with the profile's bits and refuses it for any other message or a second
// time. With a profile asking for far more work (30 bits, ~10 minutes here) the review step shows
// "Preparing the anti-spam stamp…" (en, fr) and going back stops it in the worker: no sealed
// event, a `cancelStamp` sent.
// The worker's cancel path is also checked through the worker client, and the verifier through
// the web entry in Chromium. The report's marker reaches no request, log or storage (findLeaks).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT,
  startServer,
  launchChromium,
  openForm,
  findLeaks,
  problems,
  sel,
  byName,
  waitStep,
  typeInto,
  clickAction,
  formEvents,
  runAxe,
  SCREENSHOTS,
  skipUnless,
} from '../lib/form-harness.mjs';
import { verifyStamp, StampError, profile } from '../../../pkg/node.mjs';

const skip = skipUnless({ chromium: true });
const SHOTS = !process.env.PSIRT_NO_SCREENSHOTS;
const DEMO_BITS = profile('demo').stamp.bits;

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

const marker = (name) => `PSIRT-LEAK-MARKER-${createHash('sha256').update(name).digest('hex').slice(0, 12).toUpperCase()}`;

/** The demo page with the form on a profile that asks `bits` of stamp work (served same-origin). */
function hardProfile(bits) {
  const demo = JSON.parse(readFileSync(join(ROOT, 'profiles/demo.json'), 'utf8'));
  return async ({ context }) => {
    await context.route('**/stamp-test-profile.json', (r) =>
      r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ...demo, stamp: { bits } }) }),
    );
    await context.route(/\/\?lang=/, async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace('<psirt-report-form profile="demo"', '<psirt-report-form profile="/stamp-test-profile.json"');
      assert.ok(html.includes('stamp-test-profile.json'), 'the demo page has the form the test reconfigures');
      await route.fulfill({ response, body: html });
    });
    // Which calls the page makes of its worker (names only: never the arguments, report text).
    await context.addInitScript(() => {
      globalThis.__stampCalls = [];
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (message, ...rest) {
        if (typeof message?.call === 'string') globalThis.__stampCalls.push(message.call);
        return post.call(this, message, ...rest);
      };
    });
  };
}

/** A short CNA appeal up to the review step. */
async function toReview(page, mark) {
  await page.locator(sel('input[name="route"][value="cna_appeal"]')).check();
  await clickAction(page, 'next');
  await waitStep(page, 'details');
  await typeInto(page, 'reporter.email', 'sam@coordinator.example');
  await typeInto(page, 'title', `No answer ${mark}`);
  await typeInto(page, 'appeal.cna', 'Example CNA');
  await page.locator(byName('appeal.grounds') + '[value="no_response"]').check();
  await typeInto(page, 'appeal.details', `Two reminders, no answer ${mark}.`);
  await clickAction(page, 'review');
  await waitStep(page, 'review', 15_000);
}

/**
 * docs/screenshots/<lang>-360-review-stamp.png, as the harness's screenshots() takes them but with
 * the indeterminate bar masked: it moves, so the file would change at every run for nothing.
 */
async function stampShot(page, lang) {
  const original = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 780 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const file = join(SCREENSHOTS, `${lang}-360-review-stamp.png`);
  const png = await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide', mask: [page.locator(sel('[data-stamp] progress'))], maskColor: '#b1b4b6' });
  if (!existsSync(file) || !readFileSync(file).equals(png)) writeFileSync(file, png);
  await page.setViewportSize(original);
}

async function closeAndCheck(s, mark) {
  await s.finish();
  const leaks = findLeaks(s, mark);
  const bad = problems(s);
  await s.close();
  assert.deepEqual(leaks.map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), [], 'the marker typed into the report left the form');
  assert.deepEqual(bad.map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), [], 'CSP violations, page errors or console errors');
}

test('the demo form: psirt-sealed carries a stamp that verifyStamp accepts for that message only', { skip, timeout: 90_000 }, async () => {
  assert.equal(DEMO_BITS, 19, 'the demo profile asks for a stamp');
  const mark = marker('form-stamp-demo');
  const s = await openForm(chromium.browser, server.origin, { lang: 'en' });
  const { page } = s;
  try {
    await s.ready();
    await toReview(page, mark);
    const started = Date.now();
    await clickAction(page, 'seal');
    await waitStep(page, 'sealed', 60_000);
    const took = Date.now() - started;
    const events = (await formEvents(page)).filter((e) => e.type === 'psirt-sealed');
    assert.equal(events.length, 1, 'one psirt-sealed event');
    const { armored, stamp } = events[0].detail;
    assert.match(armored, /^-----BEGIN PGP MESSAGE-----/);
    // The demo page sends to its intake (submit-url="/reports"): the stamp names it (psirt2).
    assert.match(stamp ?? '', /^psirt2:19:\d{14}:[A-Za-z0-9_-]+:[0-9a-f]{64}:[A-Za-z0-9_-]{16}:\d+$/, 'the detail carries a psirt2 stamp');
    assert.equal(Buffer.from(stamp.split(':')[3], 'base64url').toString(), `${server.origin}/reports`, 'naming the intake beside the page');
    // What an intake endpoint does with the POSTed detail, with the package's verifier.
    const seen = new Set();
    const ok = verifyStamp(stamp, armored, { bits: DEMO_BITS, seen });
    assert.equal(ok.ok, true);
    assert.equal(ok.bits, 19);
    assert.ok(Math.abs(ok.date.getTime() - Date.now()) < 5 * 60_000, 'dated now');
    // The same message with other line ends (a mail transport) is the same message.
    assert.equal(verifyStamp(stamp, armored.includes('\r\n') ? armored.replace(/\r\n/g, '\n') : armored.replace(/\n/g, '\r\n'), { bits: DEMO_BITS }).ok, true);
    // Independently: SHA-256 of the stamp starts with 19 zero bits, and it names this ciphertext.
    const digest = createHash('sha256').update(stamp).digest();
    assert.equal(digest.readUInt32BE(0) >>> (32 - 19), 0, digest.toString('hex'));
    assert.equal(stamp.split(':')[4], createHash('sha256').update(armored.replace(/\r\n?/g, '\n')).digest('hex'), 'line ends as LF');
    // Another message (one base64 character of the ciphertext changed), a second use, more bits.
    const lines = armored.split('\n'); // (CRLF line ends: each line keeps its \r)
    const i = lines.findIndex((l) => l.length > 40);
    lines[i] = (lines[i][0] === 'A' ? 'B' : 'A') + lines[i].slice(1);
    const other = lines.join('\n');
    assert.notEqual(other, armored);
    const refused = (fn, code) => assert.throws(fn, (e) => e instanceof StampError && e.code === code, code);
    refused(() => verifyStamp(stamp, other, { bits: DEMO_BITS }), 'stamp-wrong-message');
    refused(() => verifyStamp(stamp, armored, { bits: DEMO_BITS, seen }), 'stamp-replayed');
    refused(() => verifyStamp(stamp, armored, { bits: 24 }), 'stamp-insufficient');
    console.log(`# sealed and stamped (19 bits) in ${took} ms, counter ${stamp.split(':').pop()}`);
  } finally {
    await closeAndCheck(s, mark);
  }
});

for (const lang of ['en', 'fr']) {
  test(`(${lang}) a long stamp shows its progress, and going back stops it: nothing sealed`, { skip, timeout: 90_000 }, async () => {
    const mark = marker(`form-stamp-cancel-${lang}`);
    const s = await openForm(chromium.browser, server.origin, { lang, beforeGoto: hardProfile(30) });
    const { page } = s;
    try {
      await s.ready();
      await page.waitForSelector('psirt-report-form[data-ready]', { timeout: 15_000 });
      await toReview(page, mark);
      await clickAction(page, 'seal');
      const box = page.locator(sel('[data-stamp]'));
      await box.waitFor({ timeout: 30_000 });
      const label = (await box.locator('label').textContent()).trim();
      assert.equal(label, lang === 'en' ? 'Preparing the anti-spam stamp…' : 'Préparation du tampon anti-spam…');
      assert.equal(await box.locator('progress').count(), 1, 'a progress bar');
      // The seal button says the message is already encrypted and the stamp is being added.
      assert.equal(
        (await page.locator(sel('[data-action="seal"]')).textContent()).trim(),
        lang === 'en' ? 'Encrypted: adding the anti-spam stamp…' : 'Chiffré : ajout du tampon anti-spam…',
      );
      assert.match(await box.locator('.hint').textContent(), lang === 'en' ? /instead of a CAPTCHA/ : /au lieu d’un CAPTCHA/);
      assert.ok((await page.evaluate(() => globalThis.__stampCalls)).includes('mintStamp'), 'minted in the worker');
      const { serious } = await runAxe(page, s);
      assert.deepEqual(serious, [], 'axe-core: no serious violation while stamping');
      if (SHOTS) await stampShot(page, lang);
      // Still working a moment later (30 bits: minutes), and the page is not blocked.
      await page.waitForTimeout(500);
      assert.equal(await box.count(), 1);
      assert.equal(await page.evaluate(() => 1 + 1), 2);
      await clickAction(page, 'back');
      await waitStep(page, 'details');
      assert.ok((await page.evaluate(() => globalThis.__stampCalls)).includes('cancelStamp'), 'the worker was told to stop');
      await page.waitForTimeout(1000);
      assert.equal(await page.getAttribute('psirt-report-form', 'data-step'), 'details');
      assert.equal((await formEvents(page)).filter((e) => e.type === 'psirt-sealed').length, 0, 'nothing sealed');
      assert.equal(await page.locator(sel('[data-stamp]')).count(), 0);
      // The form still works: review again (the worker answers), with the stamp asked again.
      await clickAction(page, 'review');
      await waitStep(page, 'review', 15_000);
      // The worker answered the cancel (the search rejected): the form is no longer busy.
      await page.waitForSelector(sel('[data-action="seal"]:not([disabled])'), { timeout: 10_000 });
      assert.equal((await page.locator(sel('[data-action="seal"]')).textContent()).trim(), lang === 'en' ? 'Encrypt the report' : 'Chiffrer le rapport');
    } finally {
      await closeAndCheck(s, mark);
    }
  });
}

test('the worker stops a stamp search when told (stamp-cancelled); the web entry verifies in Chromium', { skip, timeout: 60_000 }, async () => {
  // A bare page of the demo origin (no form), CSP bypassed to start a worker client directly.
  const context = await chromium.browser.newContext({ bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.goto(`${server.origin}/pkg/package.json`);
    const result = await page.evaluate(async () => {
      const { createWorkerClient } = await import('/pkg/worker-client.js');
      const psirt = createWorkerClient();
      await psirt.ready;
      const t = performance.now();
      const running = psirt.mintStamp('-----BEGIN PGP MESSAGE-----\n\nx\n-----END PGP MESSAGE-----\n', { bits: 40, job: 'j' });
      await new Promise((r) => setTimeout(r, 300));
      const cancelled = await psirt.cancelStamp('j');
      const outcome = await running.then((v) => ({ value: v }), (e) => ({ name: e.name, code: e.code }));
      const quick = await psirt.mintStamp('abc', { bits: 4, job: 'k' });
      const again = await psirt.cancelStamp('j');
      psirt.terminate();
      // The verifier in the browser too (the web entry: no wasm needed, the JavaScript SHA-256).
      const web = await import('/pkg/web.js');
      const verified = web.verifyStamp(quick, 'abc', { bits: 4 }).ok;
      let refused = null;
      try {
        web.verifyStamp(quick, 'abd', { bits: 4 });
      } catch (e) {
        refused = `${e.name} ${e.code}`;
      }
      return { cancelled, outcome, ms: performance.now() - t, quick, again, verified, refused };
    });
    assert.equal(result.cancelled, true, 'a search was running');
    assert.deepEqual(result.outcome, { name: 'StampError', code: 'stamp-cancelled' });
    assert.ok(result.ms < 5000, `stopped promptly (${result.ms} ms)`);
    assert.equal(verifyStamp(result.quick, 'abc', { bits: 4 }).ok, true, 'a later stamp is minted');
    assert.equal(result.again, false, 'nothing left running');
    assert.equal(result.verified, true, 'verifyStamp from the web entry accepts it in Chromium');
    assert.equal(result.refused, 'StampError stamp-wrong-message');
  } finally {
    await context.close();
  }
});
