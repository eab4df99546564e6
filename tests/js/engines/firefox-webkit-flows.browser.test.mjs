// The other channels, drafts and the keyboard in Firefox ESR and WebKitGTK (Safari's engine),
// through the same flow code (tests/js/lib/engines.mjs); Chromium runs them in form/reporter-flows.browser.test.mjs and
// form/drafts.browser.test.mjs, and here too when PSIRT_ENGINES names it. One browser per engine for the
// whole file.
//
// In each engine:
// - data_leak (en), by mouse: an e-mail error at its input then fixed, the categories and the
//   still-accessible choice ticked, a password found in the description and redacted, a binary
//   file attached, a text file holding a key redacted inside the file, review with the pinned fingerprint, seal, the .asc link equal to the event,
//   gpg decrypts, report.json deep-equal to what was typed; then Send: the intake beside the page
//   (as `make demo` runs it) stores the ciphertext in its Maildir and gpg decrypts that copy;
// - cna_appeal (en) with an encrypted draft: filled (a date typed into the date input in the
//   engine's own way), kept with a passphrase, the page reloaded, the draft restored with the
//   passphrase (fields and file back), then the error fixed, the key redacted, sealed, and gpg
//   finds report.json as typed;
// - cna_appeal (fr) by keyboard only: Tab, arrows, Space, Enter and typing (the date too) reach
//   the sealed step (the file is attached through the driver: no engine but Chromium lets a
//   test answer the file chooser a key opens), and gpg finds what was typed.
// - a press spanning a redraw: the pointer down on a radio, the host switches lang, the pointer up
//   (and Space down and up on a checkbox likewise): the press takes effect on what it started on.
// In each flow: no request the server received carries the marker, storage holds it nowhere in
// clear, and the page recorded no error, console error or CSP violation.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { launchEngine, skipWithoutEngine } from '../lib/engines.mjs';
import { DEMO_FPR, DEMO_FPR_GROUPED, HAS_GPG, REQUIRE_ALL, demoGpg, reportFromPlaintext } from '../lib/form-harness.mjs';
import { installRecorder, readStorage, ascOfPage, marker, SECRETS, daysAgo, dateKeys, tabUntil, policyVersion } from '../lib/engines-flow.mjs';
import { start } from '../../../www/serve.mjs';
import { createIntake } from '../../../pkg/intake/server.mjs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const ENGINES = (process.env.PSIRT_ENGINES ?? 'firefox,webkit').split(',').filter(Boolean);
const F = (inner) => `psirt-report-form >>> ${inner}`;
const N = (name) => F(`[name="${name}"]`);

let server;
let origin;
let requests = [];
let gpg;
let intake;
const scratch = mkdtempSync(join(tmpdir(), 'engines-flows-'));
const maildir = join(scratch, 'Maildir');

before(async () => {
  // The demo page's Send posts to /reports: the intake beside it, as `make demo` runs it.
  intake = createIntake({ maildir, profile: 'demo', publicUrl: 'http://127.0.0.1:1/reports' });
  server = await start({ port: 0, intake });
  origin = `http://127.0.0.1:${server.address().port}`;
  intake.setPublicUrls([`${origin}/reports`]);
  // Every request the server receives (page and worker), with headers and body.
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
  await intake?.close();
  gpg?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const COMMITMENTS = { no_exploitation: true, no_disclosure_without_consent: true, no_prohibited_attacks: true };
const withPolicy = async (c) => {
  const pv = await policyVersion();
  return pv ? { ...c, policy_version: pv } : c;
};

async function openAt(page, lang) {
  await page.goto(`${origin}/?lang=${lang}`);
  await page.evaluate(installRecorder);
  await page.waitForSelector('psirt-report-form[data-step="route"]');
}

async function waitStep(page, step, timeout = 30_000) {
  await page.waitForSelector(`psirt-report-form[data-step="${step}"]`, { timeout });
}

/** The review step, or the error summary that kept the form on the details step. */
async function review(page, press) {
  await press();
  try {
    await waitStep(page, 'review');
  } catch (e) {
    const why = await page.evaluate(() => document.querySelector('psirt-report-form').shadowRoot.querySelector('.error-summary, .alert')?.textContent ?? '(no summary)');
    const presses = await page.evaluate(() => globalThis.__presses?.slice(-6) ?? []);
    throw new Error(`${page.engine}: review not reached: ${why}; last presses: ${presses.join(' | ')}`, { cause: e });
  }
  assert.equal((await page.text(F('[part~="fingerprint"]'))).trim(), DEMO_FPR_GROUPED, 'the pinned fingerprint, grouped');
}

/** Waits for the e-mail error to say `words` (a message shown earlier may be replaced by the next validation). */
async function emailError(page, words) {
  await page.waitFor((w) => document.querySelector('psirt-report-form').shadowRoot.querySelector('#err-reporter-email')?.textContent.includes(w), [words], { what: `the e-mail error to say "${words}"` });
  assert.equal(await page.attr(N('reporter.email'), 'aria-invalid'), 'true');
}

/** Redacts every finding listed under `field`; returns the field's value. */
async function redactAll(page, field) {
  await page.waitForSelector(F(`[data-field="${field}"] li.finding`));
  for (let n = await page.count(F(`[data-field="${field}"] li.finding`)), i = 0; n > 0 && i < 4; i += 1) {
    await page.click(F(`[data-field="${field}"] li.finding [data-action="redact"]`));
    await page.waitFor((f, k) => document.querySelector('psirt-report-form').shadowRoot.querySelectorAll(`[data-field="${f}"] li.finding`).length < k, [field, n], { what: 'a finding redacted' });
    n = await page.count(F(`[data-field="${field}"] li.finding`));
  }
  return page.value(N(field));
}

/** After the sealed step: the .asc is the event's, gpg decrypts it; the report and its parts. */
async function opened(page, mark, to) {
  const events = await page.evaluate(() => globalThis.__events);
  assert.equal(events.length, 1, 'one psirt-sealed event');
  const asc = await page.evaluate(ascOfPage);
  assert.equal(asc.name, 'report.asc');
  assert.equal(asc.text, events[0].armored, 'the .asc link holds the event\'s ciphertext');
  assert.equal(events[0].fingerprint.replace(/\s/g, ''), DEMO_FPR);
  assert.equal(events[0].to, to);
  for (const k of ['armored', 'eml', 'subject']) assert.ok(!events[0][k].includes(mark), `the marker is not in the event's ${k}`);
  return reportFromPlaintext(gpg.decrypt(asc.text).plaintext);
}

/** Nothing typed left the form in clear, and the page recorded no problem. */
async function noLeak(page, secrets) {
  const stored = JSON.stringify(await page.evaluate(readStorage));
  const recorded = await page.evaluate(() => globalThis.__rec);
  const needles = secrets.flatMap((m) => [m, encodeURIComponent(m), Buffer.from(m).toString('base64').slice(0, 20)]);
  assert.deepEqual(requests.filter((r) => needles.some((n) => r.text.includes(n))).map((r) => r.text.slice(0, 200)), [], 'no request carries the marker');
  assert.ok(!needles.some((n) => stored.includes(n)), `storage holds no marker in clear: ${stored.slice(0, 300)}`);
  assert.deepEqual(recorded, [], 'no page error, console error or CSP violation');
  assert.deepEqual(page.consoleErrors, [], 'no console error reported to the driver');
}

for (const engine of ENGINES) {
  const skip = skipWithoutEngine(engine) || (!HAS_GPG && !REQUIRE_ALL ? 'gpg is not installed' : false);
  let browser;
  const run = async (name, body) => {
    assert.ok(browser, `${engine} launched`);
    requests = [];
    const page = await browser.newPage({ width: 1280, height: 900 });
    let ok = false;
    try {
      await body(page);
      ok = true;
    } finally {
      if (!ok) await page.screenshot(`/tmp/engines-flows-fail-${engine}-${name}.png`).catch(() => {});
      await page.close();
    }
  };

  test(`${engine}: launch`, { skip, timeout: 60_000 }, async () => {
    browser = await launchEngine(engine);
    assert.ok(browser.version);
  });

  test(`${engine}: data_leak (en) — error fixed, password redacted, file attached, sealed, gpg opens what was typed; Send: the intake's Maildir holds it and gpg opens that copy; nothing leaks`, { skip, timeout: 180_000 }, () =>
    run('data_leak', async (page) => {
      const mark = marker();
      const secret = SECRETS.password();
      const before = `The archive holds a .env file ${mark}:\n`;
      const afterText = '\nI only listed the files.';
      const text = {
        title: `Configuration backup exposed ${mark}`,
        summary: 'An archive can be downloaded without authentication.',
        'data_leak.location': 'A public storage bucket (address on request)',
        'data_leak.records_estimate': '1200',
      };
      const binary = randomBytes(12 * 1024);
      const binPath = join(scratch, `dump-${engine}.bin`);
      writeFileSync(binPath, binary);

      await openAt(page, 'en');
      await page.click(F('input[name="route"][value="data_leak"]'));
      await page.click(F('[data-action="next"]'));
      await waitStep(page, 'details');

      await page.typeInto(N('reporter.email'), 'leak-at-example');
      await page.keys('Tab');
      await emailError(page, 'Not an e-mail address');

      for (const [name, value] of Object.entries(text)) await page.insertText(N(name), value);
      for (const s of ['[name="reporter.anonymous"]', '[name="data_leak.data_categories"][value="credentials"]', '[name="data_leak.data_categories"][value="configuration"]', '[name="data_leak.still_accessible"][value="true"]', ...Object.keys(COMMITMENTS).map((c) => `[name="commitments.${c}"]`)]) {
        // The fields typed just above are validated 300 ms later, and their messages move what is below.
        await page.click(F(s), { settle: 500 });
        await page.waitFor((q) => document.querySelector('psirt-report-form').shadowRoot.querySelector(q)?.checked, [s], { timeout: 5_000, what: `${s} checked by the click` });
      }
      await page.insertText(N('description'), `${before}${secret}${afterText}`);
      const description = await redactAll(page, 'description');
      assert.ok(description.startsWith(before) && description.endsWith(afterText) && description.includes('[REDACTED:'), `redacted in place: ${description}`);

      await page.setFiles(N('attachments'), [binPath]);
      await page.waitForSelector(F(`li[data-file="dump-${engine}.bin"]`));
      // A text file holding a key: found in the file, redacted in the file.
      const envSecret = SECRETS.aws();
      const envHead = `# ${mark}\nAPP_ENV=prod\n`;
      const envTail = '\nLOG_LEVEL=info\n';
      const envPath = join(scratch, `dump-${engine}.env`);
      writeFileSync(envPath, `${envHead}${envSecret}${envTail}`);
      await page.setFiles(N('attachments'), [envPath]);
      const envItem = `li[data-file="dump-${engine}.env"]`;
      await page.waitForSelector(F(`${envItem} li.finding`));
      for (let i = 0; i < 4 && (await page.count(F(`${envItem} li.finding`))); i += 1) {
        const n = await page.count(F(`${envItem} li.finding`));
        await page.click(F(`${envItem} li.finding [data-action="redact"]`));
        await page.waitFor((q, k) => document.querySelector('psirt-report-form').shadowRoot.querySelectorAll(q).length < k, [`${envItem} li.finding`, n], { what: 'a finding in the file redacted' });
      }
      assert.equal(await page.count(F(`${envItem} li.finding`)), 0, 'the file\'s findings are redacted');

      await page.typeInto(N('reporter.email'), 'leak.finder@researcher.example');
      await page.keys('Tab');
      await page.waitForSelector(F('#err-reporter-email'), { gone: true });

      await review(page, () => page.click(F('[data-action="review"]')));
      await page.click(F('[data-action="seal"]'));
      await waitStep(page, 'sealed', 60_000);
      const { report, parts } = await opened(page, mark, 'psirt@psirt-demo.example');
      assert.deepEqual(report, {
        schema_version: '1.0',
        channel: 'data_leak',
        language: 'en',
        reporter: { email: 'leak.finder@researcher.example', anonymous: true },
        title: text.title,
        summary: text.summary,
        description,
        data_leak: { data_categories: ['credentials', 'configuration'], location: text['data_leak.location'], still_accessible: true, records_estimate: 1200 },
        commitments: await withPolicy(COMMITMENTS),
      }, 'report.json is what was typed');
      const file = parts.find((p) => p.filename === `dump-${engine}.bin`);
      assert.ok(file && Buffer.compare(file.body, binary) === 0, 'the attachment\'s bytes are exact');
      const env = parts.find((p) => p.filename === `dump-${engine}.env`)?.body.toString('utf8') ?? '';
      assert.ok(env.startsWith(envHead) && env.endsWith(envTail) && env.includes('[REDACTED:'), `the text file is redacted in place:\n${env}`);
      for (const line of envSecret.split('\n')) assert.ok(!env.includes(line.split(/[=\s]+/).pop()), 'the file\'s key is gone');

      // Send: the intake stores the ciphertext in its Maildir, and gpg opens the stored copy.
      const stored = () => (existsSync(join(maildir, 'new')) ? readdirSync(join(maildir, 'new')) : []);
      const earlier = stored();
      assert.equal((await page.text(F('button[data-action="send"]'))).trim(), 'Send to the PSIRT');
      await page.click(F('button[data-action="send"]'));
      await page.waitForSelector(F('[data-send="sent"][data-match="true"]'), { timeout: 30_000 });
      const files = stored();
      const added = files.filter((f) => !earlier.includes(f));
      assert.equal(added.length, 1, 'the Maildir holds the report');
      const eml = readFileSync(join(maildir, 'new', added[0]), 'latin1');
      assert.ok(!eml.includes(mark), 'the stored message is ciphertext');
      assert.equal(reportFromPlaintext(gpg.decrypt(eml).plaintext).report.title, text.title, 'gpg opens the stored copy');
      const posts = requests.filter((r) => r.text.startsWith('POST /reports'));
      assert.equal(posts.length, 1, 'one POST');
      assert.match(posts[0].text, /"psirt-stamp":"psirt2:19:/);
      assert.match(posts[0].text, /body=-----BEGIN PGP MESSAGE-----/);
      await noLeak(page, [mark, secret.split('=')[1], envSecret.split(/[=\s]+/).pop()]);
    }));

  test(`${engine}: cna_appeal (en) with an encrypted draft — date typed, kept with a passphrase, reload, restored, error fixed, key redacted, sealed, gpg opens what was typed`, { skip, timeout: 180_000 }, () =>
    run('cna_appeal-draft', async (page) => {
      const mark = marker();
      const passphrase = `pass ${randomBytes(6).toString('hex')}`;
      const secret = SECRETS.aws();
      const before = `I asked for an ID and sent two reminders ${mark}. Key pasted by mistake:\n`;
      const afterText = '\nNo acknowledgement was received.';
      const text = {
        'reporter.name': 'Sam Lee',
        title: `No answer to a CVE ID request ${mark}`,
        'appeal.cna': 'Example CNA under the Thales Root',
        'appeal.request_reference': 'REQ-2026-0412',
      };
      const firstContact = daysAgo(60);
      const fileText = `Timeline of the reminders ${mark}.\n`;
      const filePath = join(scratch, `timeline-${engine}.txt`);
      writeFileSync(filePath, fileText);

      await openAt(page, 'en');
      await page.click(F('input[name="route"][value="cna_appeal"]'));
      await page.click(F('[data-action="next"]'));
      await waitStep(page, 'details');
      await page.typeInto(N('reporter.email'), 'sam-at-coordinator');
      await page.keys('Tab');
      await emailError(page, 'Not an e-mail address');
      for (const [name, value] of Object.entries(text)) await page.insertText(N(name), value);
      await page.click(F('[name="appeal.grounds"][value="no_response"]'));
      // The date, typed as a reporter types it in this engine.
      await page.focus(N('appeal.first_contact_on'));
      await page.type(dateKeys(engine, firstContact));
      assert.equal(await page.value(N('appeal.first_contact_on')), firstContact, `${engine}: the date input took ${dateKeys(engine, firstContact)}`);
      await page.insertText(N('appeal.details'), `${before}${secret}${afterText}`);
      await page.waitForSelector(F('[data-field="appeal.details"] li.finding'));
      await page.setFiles(N('attachments'), [filePath]);
      await page.waitForSelector(F(`li[data-file="timeline-${engine}.txt"]`));

      // Kept with a passphrase.
      await page.click(F('#draft-keep'));
      await page.waitForSelector(F('#draft-mode-passphrase'));
      assert.equal(await page.evaluate(() => document.querySelector('psirt-report-form').shadowRoot.querySelector('#draft-mode-passphrase').checked), true, 'the passphrase is the default');
      await page.insertText(F('#draft-pass'), passphrase);
      await page.insertText(F('#draft-pass-2'), passphrase);
      await page.click(F('[data-action="draft-start"]'));
      await page.waitForSelector(F('[data-draft-status] [data-saved]'), { timeout: 30_000 });
      assert.match(await page.text(F('[data-draft-status]')), /protected by your passphrase/);

      // Reload: the prompt, the passphrase, everything back.
      await openAt(page, 'en');
      await page.waitForSelector(F('[data-action="draft-restore"]'), { timeout: 30_000 });
      await page.insertText(F('#draft-restore-pass'), passphrase);
      await page.click(F('[data-action="draft-restore"]'));
      await waitStep(page, 'details');
      for (const [name, value] of Object.entries(text)) assert.equal(await page.value(N(name)), value, `${name} restored`);
      assert.equal(await page.value(N('appeal.first_contact_on')), firstContact, 'the date restored');
      assert.equal(await page.value(N('reporter.email')), 'sam-at-coordinator', 'the e-mail restored as typed');
      assert.equal(await page.evaluate(() => document.querySelector('psirt-report-form').shadowRoot.querySelector('[name="appeal.grounds"][value="no_response"]').checked), true);
      await page.waitForSelector(F(`li[data-file="timeline-${engine}.txt"]`));

      await page.typeInto(N('reporter.email'), 'sam@coordinator.example');
      await page.keys('Tab');
      await page.waitForSelector(F('#err-reporter-email'), { gone: true });
      const details = await redactAll(page, 'appeal.details');
      assert.ok(details.startsWith(before) && details.endsWith(afterText) && details.includes('[REDACTED:'), `redacted in place: ${details}`);

      await review(page, () => page.click(F('[data-action="review"]')));
      await page.click(F('[data-action="seal"]'));
      await waitStep(page, 'sealed', 60_000);
      const { report, parts } = await opened(page, mark, 'cna-coordinator@psirt-demo.example');
      assert.deepEqual(report, {
        schema_version: '1.0',
        channel: 'cna_appeal',
        language: 'en',
        reporter: { name: 'Sam Lee', email: 'sam@coordinator.example' },
        title: text.title,
        appeal: { cna: text['appeal.cna'], grounds: 'no_response', request_reference: text['appeal.request_reference'], first_contact_on: firstContact, details },
      }, 'report.json is what was typed');
      const file = parts.find((p) => p.filename === `timeline-${engine}.txt`);
      assert.equal(file?.body.toString('utf8'), fileText, 'the restored file\'s bytes are exact');
      await noLeak(page, [mark, passphrase]);

      // Sealing keeps the draft: forget it, as a reporter done with it would, so the next tests
      // start from a form with no draft panel (it appears after the engine is ready, when
      // IndexedDB answers, and moves the route radios down under a press already aimed).
      await openAt(page, 'en');
      await page.click(F('[data-action="draft-forget"]'));
      await page.click(F('[data-action="draft-forget-confirm"]'));
      await page.waitForSelector(F('[data-action="draft-restore"]'), { gone: true, timeout: 30_000 });
    }));

  test(`${engine}: keyboard only (cna_appeal, fr) — Tab, arrows, Space, Enter and typing reach a sealed report that gpg opens as typed`, { skip, timeout: 180_000 }, () =>
    run('keyboard-fr', async (page) => {
      const mark = marker();
      const secret = SECRETS.password();
      const before = `Deux relances envoyées ${mark}. Mot de passe collé par erreur : `;
      const afterText = ' Aucun accusé de réception.';
      const text = { name: 'Sam Lefèvre', title: `Pas de réponse à une demande d’identifiant ${mark}`, cna: 'CNA d’exemple', ref: 'REQ-2026-0412' };
      const firstContact = daysAgo(45);
      const binary = randomBytes(8 * 1024);
      const binPath = join(scratch, `trace-${engine}.bin`);
      writeFileSync(binPath, binary);

      const invisible = new Set();
      const tab = (pred, opts = {}) => tabUntil(page, pred, { ...opts, invisible });
      await openAt(page, 'fr');
      // The engine is ready once the first step's choices are enabled and the loading line is gone.
      await page.waitFor(() => !document.querySelector('psirt-report-form').shadowRoot.querySelector('[data-loading], .loading'), [], { what: 'the engine ready' });
      await tab((d) => d.name === 'route');
      for (let i = 0; i < 5 && (await page.focused()).value !== 'cna_appeal'; i += 1) await page.keys('ArrowDown');
      const r = await page.focused();
      assert.equal(r.value, 'cna_appeal');
      assert.ok(r.checked, 'the arrow keys select the radio');
      await tab((d) => d.action === 'next');
      await page.keys('Enter');
      await waitStep(page, 'details');
      assert.equal((await page.focused()).tag, 'h2', 'the step heading takes focus');

      await tab((d) => d.name === 'reporter.name');
      await page.type(text.name);
      await tab((d) => d.name === 'reporter.email');
      await page.type('sam-arobase-labo');
      await page.keys('Tab');
      assert.equal(await page.value(N('reporter.email')), 'sam-arobase-labo');
      await emailError(page, "Ce n'est pas une adresse électronique");
      await tab((d) => d.name === 'reporter.email', { back: true });
      await page.keys('Control+a');
      await page.type('sam@labo.example');
      await page.keys('Tab');
      await page.waitForSelector(F('#err-reporter-email'), { gone: true });

      await tab((d) => d.name === 'title');
      await page.type(text.title);
      await tab((d) => d.name === 'appeal.cna');
      await page.type(text.cna);
      await tab((d) => d.name === 'appeal.grounds');
      await page.keys('Space');
      const g = await page.focused();
      assert.equal(g.value, 'no_response');
      assert.ok(g.checked, 'Space selects the first ground');
      await tab((d) => d.name === 'appeal.request_reference');
      await page.type(text.ref);
      await tab((d) => d.name === 'appeal.first_contact_on');
      await page.type(dateKeys(engine, firstContact));
      assert.equal(await page.value(N('appeal.first_contact_on')), firstContact, `${engine}: the date typed as ${dateKeys(engine, firstContact)}`);
      await tab((d) => d.name === 'appeal.details');
      await page.type(`${before}${secret}${afterText}`);
      await page.waitForSelector(F('[data-field="appeal.details"] li.finding'));
      await tab((d) => d.action === 'redact');
      await page.keys('Enter');
      await page.waitForSelector(F('[data-field="appeal.details"] li.finding'), { gone: true });
      assert.notEqual((await page.focused())?.tag, 'body', 'after a redaction, focus stays in the form');
      const details = await page.value(N('appeal.details'));
      assert.ok(details.startsWith(before) && details.endsWith(afterText) && details.includes('[REDACTED:'), details);

      // Only Chromium's driver can answer the chooser Space opens: the file goes in through the driver.
      await page.setFiles(N('attachments'), [binPath]);
      await page.waitForSelector(F(`li[data-file="trace-${engine}.bin"]`));

      await page.focus(N('attachments'));
      await review(page, async () => {
        await tab((d) => d.action === 'review');
        await page.keys('Enter');
      });
      await tab((d) => d.action === 'seal');
      await page.keys('Enter');
      await waitStep(page, 'sealed', 60_000);
      const { report, parts } = await opened(page, mark, 'cna-coordinator@psirt-demo.example');
      assert.deepEqual(report, {
        schema_version: '1.0',
        channel: 'cna_appeal',
        language: 'fr',
        reporter: { name: text.name, email: 'sam@labo.example' },
        title: text.title,
        appeal: { cna: text.cna, grounds: 'no_response', request_reference: text.ref, first_contact_on: firstContact, details },
      }, 'report.json is what was typed');
      const file = parts.find((p) => p.filename === `trace-${engine}.bin`);
      assert.ok(file && Buffer.compare(file.body, binary) === 0, 'the attachment\'s bytes are exact');
      assert.deepEqual([...invisible], [], `${engine}: every element reached by Tab shows its focus (outline or box-shadow)`);
      await noLeak(page, [mark]);
    }));

  test(`${engine}: a click or a Space whose press spans a redraw (the host switching lang between down and up) still takes effect`, { skip, timeout: 90_000 }, () =>
    run('press-redraw', async (page) => {
      const setLang = (l) => page.evaluate((x) => document.querySelector('psirt-report-form').setAttribute('lang', x), l);
      await openAt(page, 'en');
      await page.waitFor(() => !document.querySelector('psirt-report-form').shadowRoot.querySelector('.loading'), [], { what: 'the engine ready' });
      // Aimed once the radio has held still for 500 ms: WebKit once lost this press to a layout
      // move after the engine was ready (the press landed beside the radio; no redraw involved).
      await page.pointerDown(F('input[name="route"][value="data_leak"]'), { settle: 500 });
      await setLang('fr');
      await page.pointerUp();
      await page.waitFor(() => document.querySelector('psirt-report-form').shadowRoot.querySelector('[data-step] h2')?.textContent.includes('Que signalez-vous'), [], { timeout: 5_000, what: 'the French redraw after the press' });
      assert.equal(await page.evaluate(() => document.querySelector('psirt-report-form').shadowRoot.querySelector('input[name="route"][value="data_leak"]').checked), true, `${engine}: the click reached the radio it was pressed on`);

      await page.click(F('[data-action="next"]'));
      await waitStep(page, 'details');
      const box = '[name="commitments.no_exploitation"]';
      await page.focus(F(box));
      await page.keyDown('Space');
      await setLang('en');
      await page.keyUp('Space');
      await page.waitFor(() => /Report a data leak/.test(document.querySelector('psirt-report-form').shadowRoot.querySelector('[data-step] h2')?.textContent ?? ''), [], { timeout: 5_000, what: 'the English redraw after the key' });
      assert.equal(await page.evaluate((q) => document.querySelector('psirt-report-form').shadowRoot.querySelector(q).checked, box), true, `${engine}: Space checked the box it was pressed on`);
      assert.equal((await page.focused())?.name, 'commitments.no_exploitation', 'focus stayed on the box across the redraw');
    }));

  test(`${engine}: close`, { skip, timeout: 30_000 }, async () => {
    await browser?.close();
  });
}

// Safari's private mode, as far as WebKitGTK shows it: MiniBrowser --private runs an ephemeral
// session (WebKitWebDriver's automation sessions are ephemeral already: nothing reaches the disk,
// see docs/embedding/browsers.md). There IndexedDB lives in memory: a draft is kept for the session. Safari
// before 14 (and Firefox before 115) refused IndexedDB writes in private windows instead: with
// the database refusing to open, the draft panel says so in a sentence and the form goes on.
{
  const engine = 'webkit';
  const skip = ENGINES.includes(engine) ? skipWithoutEngine(engine) : `${engine} not in PSIRT_ENGINES`;
  test(`${engine} --private: a draft is kept in the ephemeral session; where IndexedDB refuses, the draft panel says so and the form goes on`, { skip, timeout: 120_000 }, async () => {
    const browser = await launchEngine(engine, { args: ['--private'] });
    const page = await browser.newPage({ width: 1280, height: 900 });
    const keep = async (passphrase) => {
      await page.click(F('#draft-keep'));
      await page.waitForSelector(F('#draft-mode-passphrase'));
      await page.insertText(F('#draft-pass'), passphrase);
      await page.insertText(F('#draft-pass-2'), passphrase);
      await page.click(F('[data-action="draft-start"]'));
    };
    const toDetails = async () => {
      await page.click(F('input[name="route"][value="cna_appeal"]'));
      await page.click(F('[data-action="next"]'));
      await waitStep(page, 'details');
      await page.insertText(N('title'), 'No answer to a CVE ID request');
    };
    try {
      // IndexedDB refusing, as older private modes did (Firefox's words for it).
      await openAt(page, 'en');
      await page.evaluate(() => {
        IDBFactory.prototype.open = function open() {
          const r = { error: new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError') };
          setTimeout(() => r.onerror?.({ preventDefault() {} }), 0);
          return r;
        };
      });
      await toDetails();
      await keep(`pass ${randomBytes(6).toString('hex')}`);
      // Said where the reporter chose to keep it, with focus on the sentence; never "kept".
      await page.waitForSelector(F('#err-draft[data-code="draft-storage"]'), { timeout: 30_000 });
      assert.match(await page.text(F('#err-draft')), /^This browser refused to store the draft \(IndexedDB: A mutation operation was attempted/);
      await page.waitFor(() => document.querySelector('psirt-report-form').shadowRoot.activeElement?.id === 'err-draft', [], { timeout: 5_000, what: 'focus on the sentence' });
      assert.equal(await page.count(F('[data-draft-status]')), 0, 'no "draft kept" status');
      // The rest of the form is unaffected: validation still answers at the input.
      await page.typeInto(N('reporter.email'), 'sam-at-coordinator');
      await page.keys('Tab');
      await emailError(page, 'Not an e-mail address');
      assert.equal(await page.value(N('title')), 'No answer to a CVE ID request');
      assert.deepEqual(await page.evaluate(() => globalThis.__rec), [], 'no page error, console error or CSP violation');

      // The ephemeral session's own IndexedDB (in memory): the draft is kept, and offered again
      // after a reload in the same session.
      await openAt(page, 'en');
      await toDetails();
      await keep(`pass ${randomBytes(6).toString('hex')}`);
      await page.waitForSelector(F('[data-draft-status] [data-saved]'), { timeout: 30_000 });
      assert.match(await page.text(F('[data-draft-status]')), /protected by your passphrase/);
      await openAt(page, 'en');
      await page.waitForSelector(F('[data-action="draft-restore"]'), { timeout: 30_000 });
    } finally {
      await page.close().catch(() => {});
      await browser.close();
    }
  });
}
