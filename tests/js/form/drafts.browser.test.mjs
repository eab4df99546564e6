// Encrypted drafts of `<psirt-report-form>`.
//
// In Node (WebCrypto, no IndexedDB): the format of pkg/widget/drafts.js — a fresh IV per save,
// a tampered ciphertext, IV, check block or bound parameter refused with a stable code, a wrong
// passphrase told apart from a damaged draft, the attachments' bytes exact after a round trip.
//
// In Chromium through the harness, as a reporter: off by default (typing and attaching create no
// database); markers typed into several fields and held in an attached text file; the draft
// turned on with a passphrase; the page reloaded; the restore prompt refuses a wrong passphrase
// with its code and takes the right one (fields and file back, a later edit saved by the debounce
// included), the restored report sealed and opened with gpg (the file's bytes exact); "clear
// everything" forgets the draft. Then the device-key mode in French: restored after a reload,
// refused when the stored key is not the draft's, "forget this draft" leaves no database. In
// every session the recorder's storage writes, read-back, requests and console hold neither the
// markers nor the passphrase. Screenshots (360 px, en and fr) of the controls and the prompt.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT,
  SCREENSHOTS,
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
  runAxe,
  demoGpg,
  reportFromPlaintext,
} from '../lib/form-harness.mjs';
import {
  DRAFT_FORMAT,
  PBKDF2_ITERATIONS,
  deriveKey,
  generateDeviceKey,
  newSalt,
  encodeDraft,
  decodeDraft,
  sealDraft,
  openDraft,
  draftDbName,
  draftBucket,
  PBKDF2_MIN_ITERATIONS,
  PBKDF2_MAX_ITERATIONS,
} from '../../../pkg/widget/drafts.js';
import { restorableState, FORM_KEYS } from '../../../pkg/widget/fields.js';
import { skipUnless as skipUnlessTool } from '../lib/require.mjs';
import { PHOTO, photoJpeg } from '../lib/metadata-fixtures.mjs';

const skip = skipUnless({ chromium: true, gpg: true });
const skipExif = skip || skipUnlessTool(!spawnSync('exiftool', ['-ver']).error, 'exiftool is not installed (apt-get install libimage-exiftool-perl)');
const SHOTS = !process.env.PSIRT_NO_SCREENSHOTS;

// ---------------------------------------------------------------------------------------------
// The format, in Node
// ---------------------------------------------------------------------------------------------

const sample = () => ({
  state: { kind: 'vulnerability', values: { title: 'Stored XSS — « é » 🔐' } },
  attachments: [
    { name: 'a.txt', mediaType: 'text/plain', data: new TextEncoder().encode('first file') },
    { name: 'empty-ish.bin', mediaType: 'application/octet-stream', data: new Uint8Array(randomBytes(4099)) },
  ],
});

const codeOf = (promise) => promise.then(() => 'opened', (e) => e.code ?? e.message);

test('drafts.js format: round trip, attachments byte for byte, the parameters written in the record', async () => {
  const draft = sample();
  const bytes = encodeDraft(draft);
  const back = decodeDraft(bytes);
  assert.deepEqual(back.state, draft.state);
  assert.equal(back.attachments.length, 2);
  for (const [i, a] of back.attachments.entries()) {
    assert.equal(a.name, draft.attachments[i].name);
    assert.deepEqual(Buffer.from(a.data), Buffer.from(draft.attachments[i].data));
  }
  const salt = newSalt();
  assert.equal(salt.length, 16);
  const key = await deriveKey('correct horse battery staple', salt);
  const record = await sealDraft(key, bytes, { mode: 'passphrase', salt, iterations: PBKDF2_ITERATIONS });
  assert.equal(record.format, DRAFT_FORMAT);
  assert.equal(record.kdf, 'PBKDF2-SHA-256');
  assert.ok(record.iterations >= 600_000, 'the work factor is at least OWASP 2023’s 600 000');
  assert.equal(record.iv.length, 12);
  assert.equal(record.ct.length, bytes.length + 16, 'AES-GCM: the plaintext plus a 16-byte tag');
  assert.ok(!Buffer.from(record.ct).includes(Buffer.from('Stored XSS')), 'the record does not hold the text');
  assert.deepEqual(decodeDraft(await openDraft(key, record)), back);
  assert.equal(draftDbName('demo'), 'psirt-report-draft:demo');
  // A malformed plaintext is a stable code, not a crash.
  assert.equal(await codeOf(Promise.resolve().then(() => decodeDraft(bytes.subarray(0, bytes.length - 1)))), 'draft-corrupt');
});

test('drafts.js: a fresh IV at every save, and nothing altered opens', async () => {
  const bytes = encodeDraft(sample());
  const key = await generateDeviceKey();
  const params = { mode: 'device' };
  const records = [];
  for (let i = 0; i < 50; i += 1) records.push(await sealDraft(key, bytes, params));
  const ivs = new Set(records.map((r) => Buffer.from(r.iv).toString('hex')));
  const checkIvs = new Set(records.map((r) => Buffer.from(r.check.iv).toString('hex')));
  assert.equal(ivs.size, 50, 'no IV repeats over 50 saves of the same draft');
  assert.equal(checkIvs.size, 50);
  assert.equal(new Set(records.map((r) => Buffer.from(r.ct).toString('hex'))).size, 50);

  const flip = (record, path, at = 0) => {
    const copy = structuredClone(record);
    const target = path.reduce((o, k) => o[k], copy);
    target[at] ^= 0x01;
    return copy;
  };
  const r = records[0];
  assert.equal(await codeOf(openDraft(key, flip(r, ['ct'], 7))), 'draft-corrupt', 'a flipped ciphertext bit');
  assert.equal(await codeOf(openDraft(key, flip(r, ['ct'], r.ct.length - 1))), 'draft-corrupt', 'a flipped tag bit');
  assert.equal(await codeOf(openDraft(key, flip(r, ['iv'], 3))), 'draft-corrupt', 'a changed IV');
  assert.equal(await codeOf(openDraft(key, { ...r, ct: r.ct.subarray(0, 40) })), 'draft-corrupt', 'a truncated ciphertext');
  assert.equal(await codeOf(openDraft(key, { ...r, ct: records[1].ct })), 'draft-corrupt', 'another save’s ciphertext under this IV');
  assert.equal(await codeOf(openDraft(key, flip(r, ['check', 'ct'], 2))), 'draft-key-wrong', 'the check block altered');
  assert.equal(await codeOf(openDraft(await generateDeviceKey(), r)), 'draft-key-wrong', 'another device key');
  assert.equal(await codeOf(openDraft(key, { ...r, format: 'psirt-report-draft/0' })), 'draft-format');
  assert.equal(await codeOf(openDraft(key, { ...r, mode: 'passphrase', salt: newSalt(), iterations: PBKDF2_ITERATIONS })), 'draft-passphrase-wrong', 'the mode is bound by the additional data');
  assert.equal(decodeDraft(await openDraft(key, r)).attachments[1].data.length, 4099);
});

test('drafts.js: a wrong passphrase is told apart from a damaged draft; salt and work factor are bound', async () => {
  const bytes = encodeDraft(sample());
  const salt = newSalt();
  const params = { mode: 'passphrase', salt, iterations: PBKDF2_ITERATIONS };
  const key = await deriveKey('the right passphrase', salt);
  const record = await sealDraft(key, bytes, params);
  assert.equal(await codeOf(openDraft(await deriveKey('the wrong passphrase', salt), record)), 'draft-passphrase-wrong');
  // The same key, but the record claims other parameters: the additional data no longer matches.
  assert.equal(await codeOf(openDraft(key, { ...record, iterations: PBKDF2_ITERATIONS + 1 })), 'draft-passphrase-wrong');
  assert.equal(await codeOf(openDraft(key, { ...record, salt: newSalt() })), 'draft-passphrase-wrong');
  const tampered = structuredClone(record);
  tampered.ct[100] ^= 0x80;
  assert.equal(await codeOf(openDraft(key, tampered)), 'draft-corrupt');
  // NFC: the same passphrase typed with a composed or a decomposed "é" opens the draft.
  const composed = await deriveKey('phrase secrète ok', salt);
  const decomposed = await deriveKey('phrase secre\u0300te ok', salt);
  const r2 = await sealDraft(composed, bytes, params);
  assert.equal(await codeOf(openDraft(decomposed, r2)), 'opened');
});

test('drafts.js: a work factor out of bounds is refused on read with a stable code, before any work', async () => {
  const salt = newSalt();
  const key = await deriveKey('the right passphrase', salt);
  const record = await sealDraft(key, encodeDraft(sample()), { mode: 'passphrase', salt, iterations: PBKDF2_ITERATIONS });
  for (const iterations of [1, 1000, PBKDF2_MIN_ITERATIONS - 1, PBKDF2_MAX_ITERATIONS + 1, 2 ** 31, 1.5, '600000', null]) {
    assert.equal(await codeOf(openDraft(key, { ...record, iterations })), 'draft-kdf-params', String(iterations));
    const started = Date.now();
    assert.equal(await codeOf(deriveKey('the right passphrase', salt, iterations)), 'draft-kdf-params', String(iterations));
    assert.ok(Date.now() - started < 500, 'refused before deriving');
  }
  assert.equal(await codeOf(openDraft(key, { ...record, salt: new Uint8Array(4) })), 'draft-kdf-params', 'a short salt');
  assert.equal(await codeOf(openDraft(key, record)), 'opened');
});

test('drafts.js: the stored size is padded to the sealed message\'s length buckets', async () => {
  assert.deepEqual([1, 4096, 4097, 65_536, 65_537, 200_000].map(draftBucket), [4096, 4096, 8192, 65_536, 131_072, 262_144]);
  const short = encodeDraft({ state: { values: { title: 'a' } }, attachments: [] });
  const longer = encodeDraft({ state: { values: { title: 'a'.repeat(3000) } }, attachments: [] });
  assert.equal(short.length, 4096);
  assert.equal(longer.length, 4096, 'two drafts of different lengths in one bucket: the same size');
  const big = encodeDraft({ state: {}, attachments: [{ name: 'x', mediaType: 'a/b', data: new Uint8Array(70_000) }] });
  assert.equal(big.length, 131_072);
  assert.deepEqual(decodeDraft(short).state, { values: { title: 'a' } });
  assert.equal(decodeDraft(big).attachments[0].data.length, 70_000);
  // Padding is zeros to the bucket, nothing else.
  const bent = short.slice();
  bent[4000] = 1;
  assert.throws(() => decodeDraft(bent), (e) => e.code === 'draft-corrupt');
  const key = await generateDeviceKey();
  const record = await sealDraft(key, longer, { mode: 'device' });
  assert.equal(record.ct.length, 4096 + 16, 'the ciphertext: the bucket and the GCM tag');
});

test('model.js: a restored draft keeps only the form\'s own fields and flags', () => {
  const state = {
    kind: 'vulnerability',
    values: { title: 'T', reporter: { email: 'a@b.example' }, cwe: ['CWE-79'], attachments: [{ name: 'injected', content_base64: 'AA==' }], schema_version: '9', language: 'xx', channel: 'data_leak', __proto__injected: 1 },
    texts: [true, 'yes', false],
    cleaned: [false, true, 1],
    extra: 'dropped',
  };
  const r = restorableState(state);
  assert.deepEqual(Object.keys(r).sort(), ['cleaned', 'kind', 'texts', 'values']);
  assert.deepEqual(r.values.title, 'T');
  assert.deepEqual(r.values.cwe, ['CWE-79']);
  for (const k of ['attachments', 'schema_version', 'language', 'channel', '__proto__injected']) assert.ok(!(k in r.values), k);
  assert.deepEqual(r.texts, [true, false, false]);
  assert.deepEqual(r.cleaned, [false, true, false]);
  assert.equal(restorableState({ kind: 'not-a-route' }).kind, null);
  assert.ok(FORM_KEYS.includes('appeal') && FORM_KEYS.includes('data_leak') && FORM_KEYS.includes('affected'));
});

// ---------------------------------------------------------------------------------------------
// The form, in Chromium
// ---------------------------------------------------------------------------------------------

let server;
let chromium;
let gpg;
before(async () => {
  if (skip) return;
  server = await startServer();
  chromium = await launchChromium();
  gpg = demoGpg();
});
after(async () => {
  await chromium?.close();
  server?.close();
  gpg?.close();
});

const hexMark = (what) => `${what}-${randomBytes(6).toString('hex').toUpperCase()}`;

/** The databases of the page's origin (names only). */
const databases = (page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));

/** The form's value for an input (through the shadow root). */
const value = (page, name) => page.locator(byName(name)).inputValue();

async function axeClean(s, where) {
  const { serious } = await runAxe(s.page, s);
  assert.deepEqual(serious, [], `axe-core (${where}): ${JSON.stringify(serious, null, 2)}`);
}

/** A 360 px screenshot of one part of the form (the element alone, or the screen around it). */
async function shot(page, locator, file, { element = false } = {}) {
  if (!SHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 780 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await locator.scrollIntoViewIfNeeded();
  // The time of the last save changes at every run: masked, so a screenshot changes only with the form.
  const options = { path: join(SCREENSHOTS, file), animations: 'disabled', caret: 'hide', mask: [page.locator(sel('[data-saved]'))], maskColor: '#b1b4b6' };
  await (element ? locator.screenshot(options) : page.screenshot(options));
  await page.setViewportSize(original);
}

/** A CNA appeal, filled so that it seals: each text field holds the marker. */
async function fillAppeal(page, marks) {
  await page.locator(sel('input[name="route"][value="cna_appeal"]')).check();
  await clickAction(page, 'next');
  await waitStep(page, 'details');
  await typeInto(page, 'reporter.name', `Sam ${marks.name}`);
  await typeInto(page, 'reporter.email', 'sam@coordinator.example');
  await typeInto(page, 'title', `No answer to a CVE request ${marks.title}`);
  await typeInto(page, 'appeal.cna', `Example CNA ${marks.cna}`);
  await page.locator(byName('appeal.grounds') + '[value="no_response"]').check();
  await typeInto(page, 'appeal.details', `Two reminders were sent.\n${marks.details}\nNo acknowledgement.`);
}

const FILE = 'notes.txt';

async function attach(page, text) {
  await page.setInputFiles(byName('attachments'), { name: FILE, mimeType: 'text/plain', buffer: Buffer.from(text) });
  await page.waitForSelector(sel(`li[data-file="${FILE}"]`), { timeout: 10_000 });
}

/** Waits until the status says the draft was saved after `since` (a count of saves seen). */
async function waitSaved(page, previous = null) {
  await page.waitForFunction(
    (prev) => {
      const el = document.querySelector('psirt-report-form').shadowRoot.querySelector('[data-draft-status] [data-saved]');
      return el && el.textContent !== prev;
    },
    previous,
    { timeout: 15_000 },
  );
  return page.locator(sel('[data-draft-status] [data-saved]')).textContent();
}

/** Review, seal, download the .asc, decrypt with gpg: the report and its parts. */
async function sealAndOpen(page) {
  await clickAction(page, 'review');
  await waitStep(page, 'review', 15_000);
  await clickAction(page, 'seal');
  await waitStep(page, 'sealed', 30_000);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), clickAction(page, 'download-asc')]);
  const armored = readFileSync(await download.path(), 'utf8');
  return reportFromPlaintext(gpg.decrypt(armored).plaintext);
}

/** At the end of a session: no marker, no passphrase anywhere the recorder looked. */
async function closeAndCheck(s, secrets, failed) {
  if (failed) {
    // The test's own failure is the one to read: keep a picture, check nothing more.
    await s.page.screenshot({ path: '/tmp/form-drafts-fail.png', fullPage: true }).catch(() => {});
    await s.close();
    return;
  }
  await s.finish();
  const leaks = secrets.flatMap((m) => findLeaks(s, m).map((r) => `${m} in ${r.kind}: ${r.text.slice(0, 200)}`));
  const bad = problems(s);
  await s.close();
  assert.deepEqual(leaks, [], 'report text or the passphrase left the form in clear');
  assert.deepEqual(bad.map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), [], 'CSP violations, page errors or console errors');
  assert.ok(s.records.some((r) => r.kind === 'indexedDB.put'), 'the recorder saw the draft’s writes (the check looked where the draft is)');
}

test('passphrase draft (en): off by default, saved as typed, reload, wrong passphrase refused, restored, sealed, cleared', { skip, timeout: 180_000 }, async () => {
  const marks = { name: hexMark('NAME'), title: hexMark('TITLE'), cna: hexMark('CNA'), details: hexMark('DETAILS'), file: hexMark('FILE'), later: hexMark('LATER') };
  const passphrase = `pass ${hexMark('PHRASE')}`;
  const fileText = `Timeline of the reminders.\n${marks.file}\nEnd.\n`;
  const s = await openForm(chromium.browser, server.origin, { lang: 'en' });
  const { page } = s;
  let failed = true;
  try {
    await s.ready();
    await fillAppeal(page, marks);
    await attach(page, fileText);
    await page.waitForTimeout(2000);
    const dbName = draftDbName('demo');
    assert.deepEqual((await databases(page)).filter((n) => n.startsWith('psirt-report-draft')), [], 'off by default: no database until the reporter opts in');
    assert.equal(await page.locator(sel('#draft-keep')).isChecked(), false);

    // Opt in, with a passphrase; the choices say what they protect against.
    await page.locator(sel('#draft-keep')).check();
    await page.waitForSelector(sel('#draft-mode-passphrase'));
    assert.equal(await page.locator(sel('#draft-mode-passphrase')).isChecked(), true, 'the passphrase is the default protection');
    const hints = await page.locator(sel('fieldset.draft')).innerText();
    assert.match(hints, /cannot read the draft without the passphrase/);
    assert.match(hints, /anyone who can run script on this site or use this browser profile can decrypt/);
    assert.match(hints, /Neither protects against malware on this device/);
    await axeClean(s, 'draft choices');
    await shot(page, page.locator(sel('fieldset.draft')), 'en-360-draft-choose.png', { element: true });

    // Too short, then two different passphrases: clear messages with their codes.
    await page.locator(sel('#draft-pass')).fill('short');
    await page.locator(sel('#draft-pass-2')).fill('short');
    await clickAction(page, 'draft-start');
    assert.equal(await page.locator(sel('[data-draft-error]')).getAttribute('data-code'), 'draft-passphrase-short');
    assert.match(await page.locator(sel('[data-draft-error]')).textContent(), /at least 10 characters/);
    await page.locator(sel('#draft-pass')).fill(passphrase);
    await page.locator(sel('#draft-pass-2')).fill(`${passphrase}x`);
    await page.locator(sel('#draft-pass-2')).press('Enter');
    await page.waitForSelector(sel('[data-draft-error][data-code="draft-passphrase-mismatch"]'));
    assert.equal(await page.locator(sel('#draft-pass-2')).getAttribute('aria-describedby'), 'err-draft', 'the message is tied to the input it is about');
    await shot(page, page.locator(sel('fieldset.draft')), 'en-360-draft-mismatch.png', { element: true });
    await page.locator(sel('#draft-pass-2')).fill(passphrase);
    await clickAction(page, 'draft-start');
    const first = await waitSaved(page);
    assert.match(await page.locator(sel('[data-draft-status]')).textContent(), /protected by your passphrase/);
    assert.ok((await databases(page)).includes(dbName), `the database is named for the form and the profile: ${dbName}`);
    await axeClean(s, 'draft kept');
    await shot(page, page.locator(sel('fieldset.draft')), 'en-360-draft-kept.png', { element: true });

    // A later edit is saved after a pause, not at each keystroke.
    const putsBefore = s.records.filter((r) => r.kind === 'indexedDB.put').length;
    await typeInto(page, 'appeal.request_reference', `REQ ${marks.later}`, { slow: true });
    await waitSaved(page, first);
    const puts = s.records.filter((r) => r.kind === 'indexedDB.put').length - putsBefore;
    assert.ok(puts >= 1 && puts <= 3, `typing ${`REQ ${marks.later}`.length} characters made ${puts} save(s), not one per keystroke`);

    // What is stored is the record: ciphertext and parameters, the text nowhere.
    const stored = await page.evaluate(async (name) => {
      const db = await new Promise((res, rej) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      const rec = await new Promise((res) => {
        const r = db.transaction('draft').objectStore('draft').get('current');
        r.onsuccess = () => res(r.result);
      });
      const keys = await new Promise((res) => {
        const r = db.transaction('keys').objectStore('keys').getAllKeys();
        r.onsuccess = () => res(r.result);
      });
      db.close();
      return { fields: Object.keys(rec).sort(), mode: rec.mode, iterations: rec.iterations, salt: rec.salt.length, iv: rec.iv.length, ct: rec.ct.length, keys };
    }, dbName);
    assert.deepEqual(stored.fields, ['check', 'ct', 'format', 'iterations', 'iv', 'kdf', 'mode', 'salt']);
    assert.deepEqual({ mode: stored.mode, iterations: stored.iterations, salt: stored.salt, iv: stored.iv, keys: stored.keys }, { mode: 'passphrase', iterations: 600_000, salt: 16, iv: 12, keys: [] });
    assert.ok(stored.ct > fileText.length, 'the attachment is in the draft');

    // Leave the page; come back.
    await page.reload();
    await waitStep(page, 'route');
    await page.waitForSelector(sel('[data-action="draft-restore"]'), { timeout: 20_000 });
    assert.equal(await page.locator(sel('.draft-found h3')).textContent(), 'A draft of your report is kept on this device');
    await axeClean(s, 'restore prompt');
    await shot(page, page.locator(sel('.draft-found')), 'en-360-draft-restore.png');

    // A wrong passphrase: refused, with its code, still on the first step.
    await page.locator(sel('#draft-restore-pass')).fill(`${passphrase}!`);
    await clickAction(page, 'draft-restore');
    const refusal = page.locator(sel('#err-draft-restore'));
    await refusal.waitFor({ timeout: 15_000 });
    assert.equal(await refusal.getAttribute('data-code'), 'draft-passphrase-wrong');
    assert.match(await refusal.textContent(), /does not open the draft/);
    assert.equal(await page.getAttribute('psirt-report-form', 'data-step'), 'route');
    assert.equal(await page.locator(sel('#draft-restore-pass')).getAttribute('aria-invalid'), 'true');
    await shot(page, page.locator(sel('.draft-found')), 'en-360-draft-wrong.png');

    // The right one: the fields and the file are back.
    await page.locator(sel('#draft-restore-pass')).fill(passphrase);
    await page.locator(sel('#draft-restore-pass')).press('Enter');
    await waitStep(page, 'details', 20_000);
    assert.equal(await value(page, 'reporter.name'), `Sam ${marks.name}`);
    assert.equal(await value(page, 'title'), `No answer to a CVE request ${marks.title}`);
    assert.equal(await value(page, 'appeal.cna'), `Example CNA ${marks.cna}`);
    assert.equal(await value(page, 'appeal.details'), `Two reminders were sent.\n${marks.details}\nNo acknowledgement.`);
    assert.equal(await value(page, 'appeal.request_reference'), `REQ ${marks.later}`, 'the debounced save had the later edit');
    assert.equal(await page.locator(sel('input[name="appeal.grounds"][value="no_response"]')).isChecked(), true);
    await page.waitForSelector(sel(`li[data-file="${FILE}"]`));
    assert.equal(await page.locator(sel('#draft-keep')).isChecked(), true, 'the restored draft goes on being kept');

    // Sealed: the report and the file's bytes are what was typed and attached.
    const { report, parts } = await sealAndOpen(page);
    assert.equal(report.title, `No answer to a CVE request ${marks.title}`);
    assert.equal(report.appeal.request_reference, `REQ ${marks.later}`);
    assert.equal(report.reporter.name, `Sam ${marks.name}`);
    const file = parts.find((p) => p.filename === FILE);
    assert.ok(file, 'the restored file was sealed');
    assert.equal(file.body.toString('utf8'), fileText, 'the restored file’s bytes are exact');

    // Sealing keeps the draft (and says so); "clear everything" forgets it.
    assert.ok(await page.locator(sel('[data-draft-kept]')).isVisible());
    assert.ok((await databases(page)).includes(dbName));
    await clickAction(page, 'clear');
    await clickAction(page, 'clear-confirm');
    await waitStep(page, 'route');
    await page.waitForFunction((name) => indexedDB.databases().then((l) => !l.some((d) => d.name === name)), dbName, { timeout: 10_000 });
    await page.reload();
    await waitStep(page, 'route');
    await s.ready();
    await page.waitForTimeout(1000);
    assert.equal(await page.locator(sel('.draft-found')).count(), 0, 'no prompt: nothing is left');
    assert.deepEqual((await databases(page)).filter((n) => n.startsWith('psirt-report-draft')), [], 'looking for a draft created no database');
    failed = false;
  } finally {
    await closeAndCheck(s, [...Object.values(marks), passphrase], failed);
  }
});

test('device-key draft (fr): restored after a reload, refused under another key, forgotten without a trace', { skip, timeout: 180_000 }, async () => {
  const marks = { name: hexMark('NOM'), title: hexMark('TITRE'), cna: hexMark('CNA'), details: hexMark('DETAILS'), file: hexMark('FICHIER'), step: hexMark('ETAPE') };
  const fileText = `Chronologie des relances.\n${marks.file}\nFin.\n`;
  const s = await openForm(chromium.browser, server.origin, { lang: 'fr' });
  const { page } = s;
  const dbName = draftDbName('demo');
  let failed = true;
  try {
    await s.ready();
    await fillAppeal(page, marks);
    await attach(page, fileText);
    await page.locator(sel('#draft-keep')).check();
    await page.locator(sel('#draft-mode-device')).check();
    const hints = await page.locator(sel('fieldset.draft')).innerText();
    assert.match(hints, /Protège seulement contre la lecture des données enregistrées en dehors de ce profil de navigateur/);
    assert.equal(await page.locator(sel('#draft-pass')).count(), 0, 'no passphrase asked in this mode');
    await axeClean(s, 'choix du brouillon');
    await shot(page, page.locator(sel('fieldset.draft')), 'fr-360-draft-choose.png', { element: true });
    await clickAction(page, 'draft-start');
    await waitSaved(page);
    assert.match(await page.locator(sel('[data-draft-status]')).textContent(), /protégé par une clé conservée dans ce navigateur/);
    await shot(page, page.locator(sel('fieldset.draft')), 'fr-360-draft-kept.png', { element: true });

    // The key is a CryptoKey that cannot be exported.
    const key = await page.evaluate(async (name) => {
      const db = await new Promise((res) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => res(r.result);
      });
      const k = await new Promise((res) => {
        const r = db.transaction('keys').objectStore('keys').get('device');
        r.onsuccess = () => res(r.result);
      });
      db.close();
      let exported = 'exported';
      try {
        await crypto.subtle.exportKey('raw', k);
      } catch (e) {
        exported = e.name;
      }
      return { type: k.constructor.name, extractable: k.extractable, algorithm: k.algorithm, exported };
    }, dbName);
    assert.deepEqual(key, { type: 'CryptoKey', extractable: false, algorithm: { name: 'AES-GCM', length: 256 }, exported: 'InvalidAccessError' });

    // Leaving the step saves at once, without waiting for the pause.
    const puts = () => s.records.filter((r) => r.kind === 'indexedDB.put').length;
    await typeInto(page, 'appeal.request_reference', `REQ ${marks.step}`);
    const before = puts();
    const clicked = Date.now();
    await clickAction(page, 'back');
    await waitStep(page, 'route');
    while (puts() === before && Date.now() - clicked < 5000) await page.waitForTimeout(50);
    assert.ok(puts() > before && Date.now() - clicked < 1200, `saved when the step was left (${Date.now() - clicked} ms), before the 1.5 s pause`);
    await page.waitForTimeout(300); // the transaction commits
    await page.reload();
    await waitStep(page, 'route');
    await page.waitForSelector(sel('.draft-found[data-draft-mode="device"]'), { timeout: 20_000 });
    assert.equal(await page.locator(sel('#draft-restore-pass')).count(), 0);
    assert.match(await page.locator(sel('.draft-found')).innerText(), /Un brouillon de votre rapport est conservé sur cet appareil/);
    await axeClean(s, 'invite de restauration');
    await shot(page, page.locator(sel('.draft-found')), 'fr-360-draft-restore.png');
    await clickAction(page, 'draft-restore');
    await waitStep(page, 'details', 20_000);
    assert.equal(await value(page, 'title'), `No answer to a CVE request ${marks.title}`);
    assert.equal(await value(page, 'appeal.details'), `Two reminders were sent.\n${marks.details}\nNo acknowledgement.`);
    assert.equal(await value(page, 'appeal.request_reference'), `REQ ${marks.step}`, 'the edit made just before leaving the step');
    await page.waitForSelector(sel(`li[data-file="${FILE}"]`));
    const { report, parts } = await sealAndOpen(page);
    assert.equal(report.reporter.name, `Sam ${marks.name}`);
    assert.equal(parts.find((p) => p.filename === FILE)?.body.toString('utf8'), fileText, 'the restored file’s bytes are exact');

    // Another non-extractable key in the draft's place (as if the record came from elsewhere):
    // the form refuses the draft with a code, and keeps it.
    await page.evaluate(async (name) => {
      const other = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      const db = await new Promise((res) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => res(r.result);
      });
      await new Promise((res, rej) => {
        const tx = db.transaction('keys', 'readwrite');
        tx.objectStore('keys').put(other, 'device');
        tx.oncomplete = res;
        tx.onerror = rej;
      });
      db.close();
    }, dbName);
    await page.reload();
    await waitStep(page, 'route');
    await page.waitForSelector(sel('[data-action="draft-restore"]'), { timeout: 20_000 });
    await clickAction(page, 'draft-restore');
    const refusal = page.locator(sel('#err-draft-restore'));
    await refusal.waitFor({ timeout: 15_000 });
    assert.equal(await refusal.getAttribute('data-code'), 'draft-key-wrong');
    assert.match(await refusal.textContent(), /n’ouvre pas ce brouillon/);
    assert.equal(await page.getAttribute('psirt-report-form', 'data-step'), 'route');

    // Starting a new draft while this one is on the device: the form says it replaces it.
    await page.locator(sel('input[name="route"][value="cna_appeal"]')).check();
    await clickAction(page, 'next');
    await waitStep(page, 'details');
    await page.locator(sel('#draft-keep')).check();
    assert.match(await page.locator(sel('[data-draft-replaces]')).textContent(), /Un autre brouillon est déjà conservé sur cet appareil/);
    await page.locator(sel('#draft-keep')).uncheck();
    assert.ok((await databases(page)).includes(dbName), 'unticking before keeping anything forgets nothing');
    await clickAction(page, 'back');
    await waitStep(page, 'route');

    // "Forget this draft", confirmed: the database (records and key) is gone.
    await clickAction(page, 'draft-forget');
    await page.waitForSelector(sel('[data-action="draft-forget-confirm"]'));
    await shot(page, page.locator(sel('.draft-found')), 'fr-360-draft-forget.png');
    await clickAction(page, 'draft-forget-confirm');
    await page.waitForSelector(sel('.draft-found'), { state: 'detached' });
    await page.waitForFunction((name) => indexedDB.databases().then((l) => !l.some((d) => d.name === name)), dbName, { timeout: 10_000 });
    await s.finish();
    assert.deepEqual(s.stored.indexedDB, [], 'no database, no record left in IndexedDB');
    failed = false;
  } finally {
    await closeAndCheck(s, Object.values(marks), failed);
  }
});

/** ExifTool's tags for some bytes. */
function exiftool(bytes, ext) {
  const dir = mkdtempSync(join(tmpdir(), 'psirt-draft-exif-'));
  try {
    writeFileSync(join(dir, `f.${ext}`), bytes);
    const r = spawnSync('exiftool', ['-j', '-G1', '-a', '-ee', join(dir, `f.${ext}`)], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout)[0];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a photo sent cleaned keeps that choice through a draft: reload, restore, seal, and gpg\'s output has no GPS', { skip: skipExif, timeout: 180_000 }, async () => {
  const marks = { name: hexMark('NAME'), title: hexMark('TITLE'), cna: hexMark('CNA'), details: hexMark('DETAILS') };
  const jpeg = photoJpeg();
  assert.ok(String(exiftool(jpeg, 'jpg')['Composite:GPSPosition'] ?? '').startsWith('48 deg 51'), 'the test photo has a GPS position');
  const s = await openForm(chromium.browser, server.origin, { lang: 'en' });
  const { page } = s;
  const photo = sel('li[data-file="photo.jpg"] [data-metadata]');
  const cleanedChecked = () => page.evaluate(() => document.querySelector('psirt-report-form').shadowRoot.querySelector('li[data-file="photo.jpg"] input[value="cleaned"]')?.checked ?? null);
  let failed = true;
  try {
    await s.ready();
    await fillAppeal(page, marks);
    await page.setInputFiles(byName('attachments'), { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await page.waitForSelector(photo, { timeout: 10_000 });
    await page.locator(`${photo} label[for$="-cleaned"]`).click();
    await page.waitForFunction(() => document.querySelector('psirt-report-form').shadowRoot.querySelector('li[data-file="photo.jpg"] input[value="cleaned"]')?.checked, null, { timeout: 5_000 });
    await page.locator(sel('#draft-keep')).check();
    await page.locator(sel('#draft-mode-device')).check();
    await clickAction(page, 'draft-start');
    await waitSaved(page);

    await page.reload();
    await waitStep(page, 'route');
    await page.waitForSelector(sel('.draft-found[data-draft-mode="device"]'), { timeout: 20_000 });
    await clickAction(page, 'draft-restore');
    await waitStep(page, 'details', 20_000);
    // Inspected again and shown: the list of what the photo hides, and the choice as it was.
    await page.waitForSelector(photo, { timeout: 10_000 });
    assert.match((await page.locator(photo).innerText()).replace(/\s+/g, ' '), /GPS position/);
    assert.equal(await cleanedChecked(), true, 'the cleaned copy is still chosen after the restore');

    const { parts } = await sealAndOpen(page);
    const sent = parts.find((p) => p.filename === 'photo.jpg')?.body;
    assert.ok(sent, 'the photo is in the message');
    assert.ok(!Buffer.from(sent).equals(jpeg), 'not the original bytes');
    const tags = exiftool(sent, 'jpg');
    for (const k of Object.keys(tags)) assert.ok(!/GPS/i.test(k), `the sealed photo still has ${k}`);
    assert.ok(!JSON.stringify(tags).includes(PHOTO.model), 'nor the camera model');
    failed = false;
  } finally {
    await closeAndCheck(s, Object.values(marks), failed);
  }
});

test('"forget" in one tab reaches the others: a tab that still holds the key does not bring the draft back', { skip, timeout: 180_000 }, async () => {
  const marks = { name: hexMark('NAME'), title: hexMark('TITLE'), cna: hexMark('CNA'), details: hexMark('DETAILS'), later: hexMark('LATER') };
  const s = await openForm(chromium.browser, server.origin, { lang: 'en' });
  const { page } = s;
  const dbName = draftDbName('demo');
  let failed = true;
  let other;
  try {
    await s.ready();
    await fillAppeal(page, marks);
    await page.locator(sel('#draft-keep')).check();
    await page.locator(sel('#draft-mode-device')).check();
    await clickAction(page, 'draft-start');
    await waitSaved(page);

    // A second tab of the same browser finds the draft and forgets it.
    other = await s.context.newPage();
    await other.goto(page.url());
    await waitStep(other, 'route');
    await other.waitForSelector(sel('[data-action="draft-forget"]'), { timeout: 20_000 });
    await clickAction(other, 'draft-forget');
    await other.waitForSelector(sel('[data-action="draft-forget-confirm"]'));
    await clickAction(other, 'draft-forget-confirm');
    await other.waitForSelector(sel('.draft-found'), { state: 'detached' });
    await page.waitForFunction((name) => indexedDB.databases().then((l) => !l.some((d) => d.name === name)), dbName, { timeout: 10_000 });

    // The first tab is told, and its next edits are not saved.
    await page.waitForSelector(sel('[data-draft-status]'), { state: 'detached', timeout: 10_000 });
    const puts = () => s.records.filter((r) => r.kind === 'indexedDB.put').length;
    const before = puts();
    await typeInto(page, 'appeal.request_reference', `REQ ${marks.later}`);
    await clickAction(page, 'back'); // leaving a step saves at once when a draft is kept
    await waitStep(page, 'route');
    await page.waitForTimeout(2500); // past the save debounce: a save would have happened by now
    assert.equal(puts(), before, 'no save after the other tab forgot the draft');
    assert.ok(!(await databases(page)).includes(dbName), 'the draft was not recreated');
    failed = false;
  } finally {
    await other?.close().catch(() => {});
    await closeAndCheck(s, Object.values(marks), failed);
  }
});

test('download links: a redrawn sealed step revokes the object URLs it replaces, and "clear" revokes them all', { skip, timeout: 180_000 }, async () => {
  const marks = { name: hexMark('NAME'), title: hexMark('TITLE'), cna: hexMark('CNA'), details: hexMark('DETAILS') };
  // The page's CSP forbids fetching blob: URLs, so the page's own calls are recorded instead.
  const record = () => {
    const created = [];
    const revoked = new Set();
    const { createObjectURL, revokeObjectURL } = URL;
    URL.createObjectURL = (blob) => {
      const u = createObjectURL.call(URL, blob);
      created.push(u);
      return u;
    };
    URL.revokeObjectURL = (u) => {
      revoked.add(u);
      return revokeObjectURL.call(URL, u);
    };
    globalThis.__blobs = () => ({ created: [...created], revoked: [...revoked] });
  };
  const s = await openForm(chromium.browser, server.origin, { lang: 'en', beforeGoto: ({ context }) => context.addInitScript(record) });
  const { page } = s;
  const hrefs = () => page.evaluate(() => [...document.querySelector('psirt-report-form').shadowRoot.querySelectorAll('a[href^="blob:"]')].map((a) => a.href));
  const blobs = () => page.evaluate(() => globalThis.__blobs());
  try {
    await s.ready();
    await fillAppeal(page, marks);
    await clickAction(page, 'review');
    await waitStep(page, 'review', 15_000);
    await clickAction(page, 'seal');
    await waitStep(page, 'sealed', 30_000);
    const first = await hrefs();
    assert.ok(first.length >= 3, `the .asc, the .eml and the receipt: ${first.length}`);
    // Redrawn in French (twice): the receipt's text changes, the messages do not.
    const receiptLink = () => page.locator(sel('[data-action="download-receipt"]')).textContent();
    const english = await receiptLink();
    await page.evaluate(() => document.querySelector('psirt-report-form').setAttribute('lang', 'fr'));
    await page.waitForFunction((was) => document.querySelector('psirt-report-form').shadowRoot.querySelector('[data-action="download-receipt"]')?.textContent !== was, english, { timeout: 10_000 });
    await page.evaluate(() => document.querySelector('psirt-report-form').setAttribute('lang', 'en'));
    await page.waitForFunction((was) => document.querySelector('psirt-report-form').shadowRoot.querySelector('[data-action="download-receipt"]')?.textContent === was, english, { timeout: 10_000 });
    const shown = await hrefs();
    const { created, revoked } = await blobs();
    assert.ok(created.length > shown.length, `redrawn links were made: ${created.length} made, ${shown.length} shown`);
    const leaked = created.filter((u) => !shown.includes(u) && !revoked.includes(u));
    assert.deepEqual(leaked, [], 'every object URL no longer shown is revoked');
    assert.ok(shown.every((u) => !revoked.includes(u)), 'the links shown are live');
    assert.ok(shown.includes(first.find((u, i) => i === 0)), 'an unchanged message keeps its URL');
    await clickAction(page, 'clear');
    await clickAction(page, 'clear-confirm');
    await waitStep(page, 'route');
    const after = await blobs();
    assert.deepEqual(after.created.filter((u) => !after.revoked.includes(u)), [], 'clearing revokes them all');
    await s.finish();
    assert.deepEqual(problems(s).map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), [], 'CSP violations, page errors or console errors');
  } finally {
    await s.close();
  }
});
