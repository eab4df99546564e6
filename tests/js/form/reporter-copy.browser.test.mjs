// A way back to the reporter, in Chromium through the form as a reporter uses it.
// - Paste path (en): a revoked key is refused with its code and stops sealing (never dropped); a
//   valid key is checked, its fingerprint shown in groups of four; the report is sealed to the
//   PSIRT and to that key: GnuPG decrypts the downloaded .asc with EACH secret key, each in its
//   own home.
// - Generate path (fr): a passphrase typed twice, a key generated in the worker, the secret key
//   downloaded; GnuPG imports it with that passphrase (and not with another) and decrypts the
//   reporter's copy.
// - Receipt: its SHA-256 is the sha256 of the .asc as downloaded; the report id is inside the
//   ciphertext; the receipt file and the psirt-sealed detail carry the same facts.
// - The reporter's key packet names nobody (wildcard key ID): neither the pasted key's IDs nor
//   the generated key's fingerprint are in the .asc; the form says so in one sentence (en, fr).
// Throughout: findLeaks finds neither the report's marker nor the passphrase in any request,
// console line or storage.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT,
  DEMO_FPR,
  skipUnless,
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
  screenshots,
} from '../lib/form-harness.mjs';
import { gpgHome } from '../lib/gpg-home.mjs';
import { dearmor, keyNamedIn, recipientsOf } from '../lib/pkesk.mjs';

const skip = skipUnless({ chromium: true, gpg: true });
// Screenshots only when asked (PSIRT_SCREENSHOTS=1): the receipt and a generated key differ on
// every run, so taking them in every run would rewrite the PNGs for nothing.
const SHOTS = process.env.PSIRT_SCREENSHOTS === '1' && !process.env.PSIRT_NO_SCREENSHOTS;
const REPORTER_PUB = readFileSync(join(ROOT, 'tests/keys/valid.pub.asc'), 'utf8');
const REPORTER_SEC = join(ROOT, 'tests/keys/valid.sec.asc');
const REVOKED_PUB = readFileSync(join(ROOT, 'tests/keys/revoked.pub.asc'), 'utf8');

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

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** Route to a data leak and fill what it needs; the marker is in the title and description. */
async function fillDataLeak(page, mark, lang) {
  await page.locator(sel('input[name="route"][value="data_leak"]')).check();
  await clickAction(page, 'next');
  await waitStep(page, 'details');
  await typeInto(page, 'reporter.name', lang === 'fr' ? 'Camille Dupré' : 'Alex Martin');
  await typeInto(page, 'reporter.email', lang === 'fr' ? 'chercheuse@labo.example' : 'alex.martin@researcher.example');
  await typeInto(page, 'title', `Exposed backup ${mark}`);
  await typeInto(page, 'summary', 'An archive can be downloaded without authentication.');
  await typeInto(page, 'description', `I only listed the files ${mark}.`);
  await typeInto(page, 'data_leak.location', 'A public storage bucket (address on request)');
  for (const [name, value] of [['data_leak.data_categories', 'configuration'], ['data_leak.still_accessible', 'true'], ['commitments.no_exploitation'], ['commitments.no_disclosure_without_consent'], ['commitments.no_prohibited_attacks']]) {
    await page.locator(byName(name) + (value ? `[value="${value}"]` : '')).check();
  }
  await clickAction(page, 'review');
  try {
    await waitStep(page, 'review', 15_000);
  } catch (e) {
    const summary = await page.locator(sel('.error-summary')).textContent().catch(() => '(no summary)');
    throw new Error(`review step not reached: ${summary}`, { cause: e });
  }
}

async function download(page, action) {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), clickAction(page, action)]);
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
}

/** Seals, downloads the .asc and the receipt; checks the receipt against the bytes received. */
async function sealAndCheckReceipt(page) {
  await clickAction(page, 'seal');
  await waitStep(page, 'sealed', 30_000);
  const asc = await download(page, 'download-asc');
  const shown = (await page.locator(sel('[data-receipt="sha256"]')).textContent()).trim();
  assert.equal(shown, sha256(asc.text), 'the receipt\'s SHA-256 is that of the .asc as downloaded');
  const reportId = (await page.locator(sel('[data-receipt="reportId"]')).textContent()).trim();
  assert.match(reportId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const receipt = await download(page, 'download-receipt');
  assert.equal(receipt.name, `receipt-${reportId}.txt`);
  assert.ok(receipt.text.includes(sha256(asc.text)) && receipt.text.includes(reportId), receipt.text);
  const event = (await formEvents(page)).find((e) => e.type === 'psirt-sealed');
  assert.equal(event.detail.receipt.sha256, sha256(asc.text));
  assert.equal(event.detail.receipt.reportId, reportId);
  assert.equal(event.detail.receipt.psirtFingerprint, DEMO_FPR);
  assert.match(event.detail.receipt.sealedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  return { armored: asc.text, reportId, receipt: receipt.text, event };
}

async function finishClean(s, secrets) {
  await s.finish();
  const leaks = secrets.flatMap((m) => findLeaks(s, m));
  const bad = problems(s);
  await s.close();
  assert.deepEqual(leaks.map((r) => `${r.kind}: ${r.text.slice(0, 200)}`), [], 'a marker or the passphrase left the form');
  assert.deepEqual(bad.map((r) => `${r.kind}: ${r.text.slice(0, 200)}`), [], 'CSP violations, page errors or console errors');
}

test('(en) paste a key: a revoked one is refused with its code; a valid one gets a copy both keys decrypt', { skip, timeout: 120_000 }, async () => {
  const mark = `PSIRT-LEAK-MARKER-${randomBytes(6).toString('hex').toUpperCase()}`;
  const s = await openForm(chromium.browser, server.origin, { lang: 'en', width: 360, height: 780 });
  const { page } = s;
  const homes = [];
  try {
    await waitStep(page, 'route');
    await s.ready();
    await fillDataLeak(page, mark, 'en');
    await page.locator(sel('#rk-mode-paste')).check();
    assert.match(await page.locator(sel('[data-part="rk-reveals"]')).textContent(), /names the PSIRT’s key; your own key is not named in it, but .* second recipient/);
    await page.locator(sel('#rk-text')).fill(REVOKED_PUB);
    // Sealing with an unchecked, bad key: checked first, refused, nothing sealed.
    await clickAction(page, 'seal');
    await page.waitForSelector(sel('.reporter-key [role="alert"][data-code="reporter-key-revoked"]'), { timeout: 15_000 });
    assert.equal(await page.getAttribute('psirt-report-form', 'data-step'), 'review', 'a bad reporter key stops sealing');

    await page.locator(sel('#rk-text')).fill(REPORTER_PUB);
    await clickAction(page, 'rk-check');
    const fp = page.locator(sel('[data-reporter-fingerprint]'));
    await fp.waitFor({ timeout: 15_000 });
    const fingerprint = await fp.getAttribute('data-reporter-fingerprint');
    assert.match(fingerprint, /^[0-9A-F]{40}$/);
    assert.equal((await fp.textContent()).trim(), fingerprint.replace(/(.{4})(?=.)/g, '$1 '), 'shown in groups of four');
    if (SHOTS) await screenshots(page, 'en', 'review-reporter-key', [360]);

    const { armored, reportId, event } = await sealAndCheckReceipt(page);
    assert.deepEqual(event.detail.recipients.map((r) => [r.role, r.fingerprint]), [['psirt', DEMO_FPR], ['reporter', fingerprint]]);
    // Outside the encryption, the reporter's key is named nowhere: its packet has the wildcard ID.
    assert.deepEqual(recipientsOf(armored).map((p) => p.anonymous), [false, true]);
    assert.deepEqual(keyNamedIn(armored, REPORTER_PUB), []);
    assert.match(await page.locator(sel('[data-step="sealed"] h2 + p')).textContent(), /Only the PSIRT and you/);
    assert.ok((await page.locator(sel('[data-receipt="reporter"]')).textContent()).includes(fingerprint.slice(0, 4)));
    if (SHOTS) await screenshots(page, 'en', 'sealed-receipt', [360]);
    // GnuPG, with each secret key in its own home.
    for (const secret of [join(ROOT, 'keys/demo-psirt.sec.asc'), REPORTER_SEC]) {
      const home = gpgHome(secret);
      homes.push(home);
      const r = home.run(['--decrypt'], { input: armored });
      assert.equal(r.status, 0, `gpg --decrypt with ${secret}: ${r.stderr}`);
      const plain = r.stdout.toString('utf8');
      assert.ok(plain.includes(`X-Psirt-Report-Id: ${reportId}\r\n`), 'the report id is inside the ciphertext');
      assert.ok(plain.includes('filename="report.json"'));
    }
    await finishClean(s, [mark]);
  } finally {
    for (const h of homes) h.close();
    await s.close();
  }
});

test('(fr) generate a key: gpg imports it with its passphrase and decrypts the reporter\'s copy', { skip, timeout: 180_000 }, async () => {
  const mark = `PSIRT-LEAK-MARKER-${randomBytes(6).toString('hex').toUpperCase()}`;
  const passphrase = `phrase de passe ${randomBytes(6).toString('hex')} café`;
  const s = await openForm(chromium.browser, server.origin, { lang: 'fr', width: 360, height: 780 });
  const { page } = s;
  const home = mkdtempSync(join(tmpdir(), 'gpg-reporter-'));
  chmodSync(home, 0o700);
  const gpg = (args, input) => spawnSync('gpg', ['--homedir', home, '--batch', '--no-tty', '--pinentry-mode', 'loopback', ...args], { input });
  try {
    await waitStep(page, 'route');
    await s.ready();
    await fillDataLeak(page, mark, 'fr');
    await page.locator(sel('#rk-mode-generate')).check();
    assert.match(await page.locator(sel('[data-part="rk-reveals"]')).textContent(), /nomme la clé du PSIRT ; votre propre clé n’y est pas nommée/);
    await page.locator(sel('#rk-pass1')).fill('court');
    await page.locator(sel('#rk-pass2')).fill('court');
    assert.match(await page.locator(sel('#rk-strength')).textContent(), /faible/);
    // Too short: refused by the core with its code.
    await clickAction(page, 'rk-make');
    await page.waitForSelector(sel('.reporter-key [role="alert"][data-code="reporter-key-passphrase-short"]'), { timeout: 60_000 });
    await page.locator(sel('#rk-pass1')).fill(passphrase);
    await page.waitForSelector(sel('.reporter-key [role="alert"]'), { state: 'detached', timeout: 5_000 });
    await page.locator(sel('#rk-pass2')).fill(`${passphrase}x`);
    assert.equal(await page.locator(sel('#rk-mismatch')).isVisible(), true, 'the two passphrases differ');
    await page.locator(sel('#rk-pass2')).fill(passphrase);
    if (SHOTS) await screenshots(page, 'fr', 'review-reporter-generate', [360]);
    await clickAction(page, 'rk-make');
    await page.waitForSelector(sel('[data-action="rk-download-secret"]'), { timeout: 60_000 });
    assert.equal(await page.locator(sel('#rk-pass1')).count(), 0, 'the passphrase fields are gone');
    const secret = await download(page, 'rk-download-secret');
    assert.match(secret.text, /^-----BEGIN PGP PRIVATE KEY BLOCK-----/);
    const fingerprint = await page.locator(sel('[data-reporter-fingerprint]')).getAttribute('data-reporter-fingerprint');
    if (SHOTS) await screenshots(page, 'fr', 'review-reporter-generated', [360]);

    const { armored, event } = await sealAndCheckReceipt(page);
    assert.deepEqual(event.detail.recipients.map((r) => r.role), ['psirt', 'reporter']);
    assert.equal(event.detail.recipients[1].fingerprint, fingerprint);
    assert.deepEqual(recipientsOf(armored).map((p) => p.anonymous), [false, true]);
    const bin = dearmor(armored);
    const fpr = Buffer.from(fingerprint, 'hex');
    assert.ok(bin.indexOf(fpr) < 0 && bin.indexOf(fpr.subarray(12)) < 0 && !armored.toUpperCase().includes(fingerprint.slice(-16)), 'the generated key is named in the message');
    if (SHOTS) await screenshots(page, 'fr', 'sealed-receipt', [360]);

    // GnuPG imports the secret key (import needs no passphrase), then decrypts only with it.
    const file = join(home, 'secret.asc');
    writeFileSync(file, secret.text);
    const imported = gpg(['--import', file]);
    assert.equal(imported.status, 0, imported.stderr.toString());
    const wrong = gpg(['--passphrase', 'not the passphrase', '--decrypt'], armored);
    assert.notEqual(wrong.status, 0, 'a wrong passphrase does not unlock the key');
    const r = gpg(['--passphrase', passphrase, '--decrypt'], armored);
    assert.equal(r.status, 0, r.stderr.toString());
    assert.ok(r.stdout.toString('utf8').includes(mark), 'the reporter\'s copy is the report');
    await finishClean(s, [mark, passphrase]);
  } finally {
    spawnSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']);
    rmSync(home, { recursive: true, force: true });
    await s.close();
  }
});
