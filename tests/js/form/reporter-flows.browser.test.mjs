// `<psirt-report-form>` on the demo page (www/index.html, served by www/serve.mjs on a free port)
// in Debian's Chromium through playwright-core, driven as a reporter would: typing, clicking,
// tabbing. For each channel, in English and in French: fill, see an error and fix it, type a
// secret and redact it, attach a binary file, review (pinned fingerprint, rendering), seal,
// download the .asc, decrypt it with gpg and the demo secret key, and check that report.json is
// what was typed and the attachment's bytes are exact. The CERT and sales routes collect nothing;
// with a wasm that cannot load, or without WebAssembly (V8 --jitless) and a JavaScript core
// that cannot load either, the manual route shows and nothing is produced; a key that is not the pinned one is refused. Throughout, a marker typed
// into the report must appear in no request (page or worker), console message, storage write or
// storage content; no CSP violation, no page error. axe-core on every step; one flow by keyboard
// only; screenshots of every step at 360 and 1280 px into docs/screenshots/<lang>-<width>-<step>.png
// (PSIRT_NO_SCREENSHOTS=1: none written; the sealed-step ones differ on every run, the ciphertext).
//
// Skipped (with a message) when /usr/bin/chromium or gpg is missing, unless CI or
// PSIRT_REQUIRE_ALL is set: then a missing tool fails the run.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT,
  DEMO_FPR,
  DEMO_FPR_GROUPED,
  REQUIRE_ALL,
  HAS_GPG,
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
  focused,
  tabUntil,
  formEvents,
  runAxe,
  screenshots,
  demoGpg,
  reportFromPlaintext,
} from '../lib/form-harness.mjs';

const skip = skipUnless({ chromium: true });
const skipSeal = skipUnless({ chromium: true, gpg: true });
const SHOTS = process.env.PSIRT_NO_SCREENSHOTS ? false : true;

if (!skip && !existsSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm'))) {
  throw new Error('pkg/wasm/ is missing: build it with `make wasm` before running the JS tests');
}

let server;
let chromium;
let gpg;

before(async () => {
  if (skip) return;
  server = await startServer();
  chromium = await launchChromium();
  if (HAS_GPG || REQUIRE_ALL) gpg = demoGpg();
});

after(async () => {
  await chromium?.close();
  server?.close();
  gpg?.close();
});

// ---------------------------------------------------------------------------------------------
// What a reporter types
// ---------------------------------------------------------------------------------------------

const MESSAGES = {
  en: { email: "Not an e-mail address.", details: { vulnerability: 'Report a vulnerability', data_leak: 'Report a data leak', cna_appeal: 'Appeal about a CNA' }, route: 'What are you reporting?', manual: 'This form cannot run in your browser' },
  fr: { email: "Ce n'est pas une adresse électronique.", details: { vulnerability: 'Signaler une vulnérabilité', data_leak: 'Signaler une fuite de données', cna_appeal: 'Recours concernant une CNA' }, route: 'Que signalez-vous ?', manual: 'Ce formulaire ne peut pas fonctionner dans votre navigateur' },
};

// Values are pseudo-random but fixed (seeded by the flow's name): the screenshots do not change
// from run to run for nothing, and no run draws a value the scanner rightly ignores (a secret
// with four equal characters in a row is a placeholder to it).
let seedBytes = Buffer.alloc(0);
let seedCounter = 0;
const seeded = (name) => {
  seedBytes = createHash('sha256').update(name).digest();
  seedCounter = 0;
};
const prng = (n) => {
  const out = [];
  while (out.length < n) {
    out.push(...createHash('sha256').update(seedBytes).update(String(seedCounter++)).digest());
  }
  return Buffer.from(out.slice(0, n));
};
const pick = (alphabet, n) => {
  let s = '';
  while (s.length < n) {
    const c = alphabet[prng(1)[0] % alphabet.length];
    if (s.length >= 2 && s.at(-1) === c && s.at(-2) === c) continue;
    s += c;
  }
  return s;
};
const marker = () => `PSIRT-LEAK-MARKER-${prng(6).toString('hex').toUpperCase()}`;
const daysAgo = (n) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** Secrets that the scanner must flag: an AWS key pair, a password assignment, an OpenSSH key. */
const SECRETS = {
  aws: () => `aws_access_key_id = AKIA${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}\naws_secret_access_key = ${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 40)}`,
  password: () => `db_password=${pick('abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789', 10)}!${pick('0123456789', 3)}Qx`,
  openssh: () => {
    const body = prng(300).toString('base64').replace(/(.{70})/g, '$1\n');
    return `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA${body}\n-----END OPENSSH PRIVATE KEY-----`;
  },
};

/**
 * A channel's inputs in a language: `text` (name → value, typed), `checks` (inputs to tick:
 * [name, value]), the field that gets a secret, and `expected(values)`: the report those inputs
 * must produce.
 */
function scenario(channel, lang, mark) {
  const fr = lang === 'fr';
  const email = fr ? 'chercheuse@labo.example' : 'alex.martin@researcher.example';
  const common = { badEmail: fr ? 'chercheuse-arobase-labo' : 'alex.martin-at-researcher', email };
  if (channel === 'vulnerability') {
    const text = {
      'reporter.name': fr ? 'Camille Dupré' : 'Alex Martin',
      'reporter.organization': fr ? 'Laboratoire Éthique' : 'Example Security Lab',
      title: fr ? `XSS stockée dans la console d'administration ${mark}` : `Stored XSS in the device console ${mark}`,
      summary: fr ? 'Le nom d’un équipement est affiché sans échappement — « <script> » s’exécute.' : 'The device name is rendered without encoding — "<script>" runs.',
      steps_to_reproduce: fr ? '1. Se connecter en opérateur.\n2. Renommer un équipement en <script>alert(1)</script>.\n3. Ouvrir l’inventaire.' : '1. Log in as an operator.\n2. Rename a device to <script>alert(1)</script>.\n3. Open the inventory page.',
      'affected.0.vendor': 'Thales',
      'affected.0.product': fr ? 'Gestionnaire d’équipements' : 'Example Device Manager',
      'affected.0.versions.0': '4.2.1',
      'severity.cvss_v3': 'CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:N',
      discovered_on: daysAgo(20),
    };
    return {
      ...common,
      channel,
      text,
      checks: [['exploited', 'no'], ['commitments.no_exploitation'], ['commitments.no_disclosure_without_consent'], ['commitments.no_prohibited_attacks']],
      cwe: '79',
      secretField: 'description',
      secret: SECRETS.aws(),
      before: fr ? `La console lit sa configuration ${mark} :\n` : `The console reads its configuration ${mark}:\n`,
      after: fr ? '\nFin de l’extrait. 🔐' : '\nEnd of the excerpt. 🔐',
      expected: (v) => ({
        schema_version: '1.0',
        channel,
        language: lang,
        reporter: { name: text['reporter.name'], email, organization: text['reporter.organization'] },
        title: text.title,
        summary: text.summary,
        description: v.description,
        steps_to_reproduce: text.steps_to_reproduce,
        affected: [{ vendor: 'Thales', product: text['affected.0.product'], versions: ['4.2.1'] }],
        severity: { cvss_v3: text['severity.cvss_v3'] },
        cwe: ['CWE-79'],
        discovered_on: text.discovered_on,
        exploited: 'no',
        commitments: { no_exploitation: true, no_disclosure_without_consent: true, no_prohibited_attacks: true },
      }),
    };
  }
  if (channel === 'data_leak') {
    const text = {
      title: fr ? `Sauvegarde de configuration exposée ${mark}` : `Configuration backup exposed ${mark}`,
      summary: fr ? 'Une archive est téléchargeable sans authentification.' : 'An archive can be downloaded without authentication.',
      'data_leak.location': fr ? 'Compartiment de stockage public (adresse sur demande)' : 'A public storage bucket (address on request)',
      'data_leak.records_estimate': '1200',
    };
    return {
      ...common,
      channel,
      text,
      checks: [['reporter.anonymous'], ['data_leak.data_categories', 'credentials'], ['data_leak.data_categories', 'configuration'], ['data_leak.still_accessible', 'true'], ['commitments.no_exploitation'], ['commitments.no_disclosure_without_consent'], ['commitments.no_prohibited_attacks']],
      secretField: 'description',
      secret: SECRETS.password(),
      textAttachment: { name: 'dump.env', mimeType: 'text/plain', secret: SECRETS.aws(), head: `# ${mark}\nAPP_ENV=prod\n`, tail: '\nLOG_LEVEL=info\n' },
      before: fr ? `L'archive contient un fichier .env ${mark} :\n` : `The archive holds a .env file ${mark}:\n`,
      after: fr ? '\nJe n’ai ouvert que la liste des fichiers.' : '\nI only listed the files.',
      expected: (v) => ({
        schema_version: '1.0',
        channel,
        language: lang,
        reporter: { email, anonymous: true },
        title: text.title,
        summary: text.summary,
        description: v.description,
        data_leak: { data_categories: ['credentials', 'configuration'], location: text['data_leak.location'], still_accessible: true, records_estimate: 1200 },
        commitments: { no_exploitation: true, no_disclosure_without_consent: true, no_prohibited_attacks: true },
      }),
    };
  }
  // cna_appeal
  const text = {
    'reporter.name': fr ? 'Sam Lefèvre' : 'Sam Lee',
    title: fr ? `Pas de réponse à une demande d'identifiant CVE ${mark}` : `No answer to a CVE ID request ${mark}`,
    'appeal.cna': fr ? 'CNA d’exemple sous la racine Thales' : 'Example CNA under the Thales Root',
    'appeal.request_reference': 'REQ-2026-0412',
    'appeal.first_contact_on': daysAgo(60),
  };
  return {
    ...common,
    channel,
    text,
    checks: [['appeal.grounds', 'no_response']],
    secretField: 'appeal.details',
    secret: SECRETS.openssh(),
    before: fr ? `J'ai demandé un identifiant et deux relances ${mark}. Clé de test jointe par erreur :\n` : `I asked for an ID and sent two reminders ${mark}. Test key pasted by mistake:\n`,
    after: fr ? '\nAucun accusé de réception.' : '\nNo acknowledgement was received.',
    expected: (v) => ({
      schema_version: '1.0',
      channel,
      language: lang,
      reporter: { name: text['reporter.name'], email },
      title: text.title,
      appeal: {
        cna: text['appeal.cna'],
        grounds: 'no_response',
        request_reference: text['appeal.request_reference'],
        first_contact_on: text['appeal.first_contact_on'],
        details: v['appeal.details'],
      },
    }),
  };
}

/** The policy version the form puts in the commitments (from the core's demo profile). */
let policyVersionCache;
async function policyVersion() {
  if (policyVersionCache === undefined) {
    // The browser entry, initialised here with the wasm bytes (pkg/node.cjs may not be built).
    const api = await import(join(ROOT, 'pkg/web.js'));
    await api.init({ module: readFileSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm')) });
    policyVersionCache = api.profile('demo').policy_version ?? null;
  }
  return policyVersionCache;
}

// ---------------------------------------------------------------------------------------------
// Checks shared by the flows
// ---------------------------------------------------------------------------------------------

/** axe on the current step: no serious or critical violation. */
async function axeClean(s, where) {
  const { serious } = await runAxe(s.page, s);
  assert.deepEqual(serious, [], `axe-core, ${s.lang} ${where}: serious/critical violations:\n${JSON.stringify(serious, null, 2)}`);
}

/** Ends a session: storage read back, then the marker is nowhere and nothing went wrong. */
async function closeAndCheck(s, mark, { allowConsole = [] } = {}) {
  await s.finish();
  const leaks = findLeaks(s, mark);
  const bad = problems(s, { allowConsole });
  await s.close();
  assert.deepEqual(leaks.map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), [], 'the marker typed into the report left the form');
  assert.deepEqual(bad.map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), [], 'CSP violations, page errors or console errors');
  // The recorder saw the worker's own requests (so "no request carries the marker" covers it).
  assert.ok(s.records.some((r) => r.kind === 'request' && /\.wasm\b/.test(r.text)), 'the wasm request made by the worker was recorded');
  assert.ok(s.stored, 'storage was read back');
}

async function chooseRoute(page, kind) {
  await page.locator(sel(`input[name="route"][value="${kind}"]`)).check();
  await clickAction(page, 'next');
}

/** Route to the CNA appeal and fill what every appeal needs but its details. */
async function startAppeal(page, mark) {
  await chooseRoute(page, 'cna_appeal');
  await waitStep(page, 'details');
  await typeInto(page, 'reporter.email', 'sam@coordinator.example');
  await typeInto(page, 'title', `No answer ${mark}`);
  await typeInto(page, 'appeal.cna', 'Example CNA');
  await page.locator(byName('appeal.grounds') + '[value="no_response"]').check();
}

async function secretFinding(page, field) {
  const f = sel(`[data-field="${field}"]`);
  await page.waitForSelector(`${f} li.finding`, { timeout: 10_000 });
  await page.waitForSelector(`${f} .hl-backdrop mark`, { state: 'attached', timeout: 10_000 });
  const mark = await page.locator(`${f} .hl-backdrop mark`).first().textContent();
  return { mark, findings: await page.locator(`${f} li.finding`).count() };
}

async function redactIn(page, field) {
  const f = sel(`[data-field="${field}"]`);
  const n = await page.locator(`${f} li.finding`).count();
  for (let i = 0; i < n; i += 1) {
    await page.locator(`${f} li.finding [data-action="redact"]`).first().click();
    await page.waitForFunction(
      ([selector, left]) => document.querySelector('psirt-report-form').shadowRoot.querySelectorAll(selector).length <= left,
      [`[data-field="${field}"] li.finding`, n - i - 1],
      { timeout: 10_000 },
    );
  }
  return page.locator(byName(field)).inputValue();
}

/** The error summary's text, if the review step refused (for a useful failure message). */
async function reviewOrExplain(page) {
  try {
    await waitStep(page, 'review', 15_000);
  } catch (e) {
    const summary = await page.locator(sel('.error-summary')).textContent().catch(() => '(no summary)');
    const alert = await page.locator(sel('.alert')).textContent().catch(() => '');
    throw new Error(`review step not reached: ${summary} ${alert}`, { cause: e });
  }
}

async function checkReview(page, sc) {
  const fp = (await page.locator(sel('[part~="fingerprint"]')).first().textContent()).trim();
  assert.equal(fp, DEMO_FPR_GROUPED, 'the fingerprint shown in groups of four is the pinned one');
  assert.equal(await page.locator(sel('[data-fingerprint]')).first().getAttribute('data-fingerprint'), DEMO_FPR);
  assert.ok(await page.locator(sel('.recipient .ok')).isVisible(), 'the pin matches');
  const rendering = await page.locator(sel('[data-part="rendering"]')).textContent();
  assert.ok(rendering.includes(sc.text.title), `the rendering holds the title:\n${rendering.slice(0, 500)}`);
  assert.ok(rendering.includes('[REDACTED:'), 'the rendering holds the redacted text');
  assert.ok(!rendering.includes(sc.secret.split('\n')[0].split(/[=\s]+/).pop()), 'the rendering no longer holds the secret');
  assert.ok(await page.locator(sel('[data-to]')).first().isVisible());
}

async function downloadAsc(page, press) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), press()]);
  assert.equal(download.suggestedFilename(), 'report.asc');
  return readFileSync(await download.path(), 'utf8');
}

/** Decrypts, parses the MIME, compares report.json and the attachment with what was typed. */
async function checkSealed(armored, sealedEvent, sc, values, attachment, mark) {
  assert.match(armored, /^-----BEGIN PGP MESSAGE-----/);
  assert.equal(armored, sealedEvent.armored, 'the .asc is the psirt-sealed event\'s ciphertext');
  assert.equal(sealedEvent.fingerprint.replace(/\s/g, ''), DEMO_FPR);
  // An appeal goes to the CNA coordinator the profile names, everything else to the PSIRT.
  assert.equal(sealedEvent.to, sc.channel === 'cna_appeal' ? 'cna-coordinator@psirt-demo.example' : 'psirt@psirt-demo.example');
  for (const [what, text] of Object.entries({ armored: sealedEvent.armored, eml: sealedEvent.eml, subject: sealedEvent.subject, to: sealedEvent.to })) {
    assert.ok(!text.includes(mark), `the marker is not in the event's ${what} (outside the encryption)`);
  }
  if (!gpg) return;
  const { plaintext } = gpg.decrypt(armored);
  const { report, parts } = reportFromPlaintext(plaintext);
  const expected = sc.expected(values);
  if (expected.commitments) {
    const pv = await policyVersion();
    if (pv) expected.commitments.policy_version = pv;
  }
  assert.deepEqual(report, expected, 'report.json is what was typed');
  const file = parts.find((p) => p.filename === attachment.name);
  assert.ok(file, `the attachment is a MIME part: ${parts.map((p) => `${p.type} ${p.filename}`).join(', ')}`);
  assert.ok(Buffer.compare(file.body, attachment.buffer) === 0, `the attachment's bytes are exact (${file.body.length} vs ${attachment.buffer.length})`);
  assert.ok(!JSON.stringify(report).includes('content_base64'), 'no base64 attachment inside report.json');
  const ta = sc.textAttachment;
  if (ta) {
    const part = parts.find((p) => p.filename === ta.name);
    assert.ok(part, 'the text attachment is a MIME part');
    const text = part.body.toString('utf8');
    assert.ok(text.startsWith(ta.head) && text.endsWith(ta.tail) && text.includes('[REDACTED:'), `the text attachment is redacted in place:\n${text}`);
    for (const line of ta.secret.split('\n')) assert.ok(!text.includes(line.split(/[=\s]+/).pop()), 'the attachment\'s secret is gone');
  }
}

// ---------------------------------------------------------------------------------------------
// The channels, by mouse and keyboard
// ---------------------------------------------------------------------------------------------

async function channelFlow(channel, lang, { shots = false } = {}) {
  seeded(`${channel}-${lang}`);
  const mark = marker();
  const sc = scenario(channel, lang, mark);
  const attachment = { name: 'capture.bin', mimeType: 'application/octet-stream', buffer: prng(40 * 1024) };
  const s = await openForm(chromium.browser, server.origin, { lang });
  const { page } = s;
  let ok = false;
  try {
    await waitStep(page, 'route');
    assert.equal((await page.locator(sel('[data-step="route"] h2')).textContent()).trim(), MESSAGES[lang].route);
    await s.ready();
    await axeClean(s, 'route');
    if (shots) await screenshots(page, lang, 'route');

    await chooseRoute(page, channel);
    await waitStep(page, 'details');
    assert.equal((await page.locator(sel('[data-step="details"] h2')).textContent()).trim(), MESSAGES[lang].details[channel]);
    await axeClean(s, `details (${channel})`);
    if (shots) await screenshots(page, lang, `details-${channel}`);

    // An error, in the page's language, at its input.
    await typeInto(page, 'reporter.email', sc.badEmail, { slow: true });
    const err = page.locator(sel('#err-reporter-email'));
    await err.waitFor({ timeout: 10_000 });
    assert.ok((await err.textContent()).includes(MESSAGES[lang].email), `the e-mail error is in ${lang}: ${await err.textContent()}`);
    const email = page.locator(byName('reporter.email'));
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    assert.ok((await email.getAttribute('aria-describedby')).split(' ').includes('err-reporter-email'));

    // The other fields.
    for (const [name, value] of Object.entries(sc.text)) await typeInto(page, name, value);
    for (const [name, value] of sc.checks) {
      await page.locator(byName(name) + (value ? `[value="${value}"]` : '')).check();
    }
    if (sc.cwe) {
      const cwe = page.locator(sel('.cwe-input'));
      await cwe.click();
      await cwe.pressSequentially(sc.cwe);
      await page.keyboard.press('Enter');
      await page.waitForSelector(sel('input[name="cwe.0"][value="CWE-79"]'), { state: 'attached' });
    }
    if (sc.text['severity.cvss_v3']) {
      await page.waitForFunction(() => /8[.,]7/.test(document.querySelector('psirt-report-form').shadowRoot.querySelector('[data-field="severity.cvss_v3"]')?.textContent ?? ''), null, { timeout: 10_000 });
    }

    // A secret: a finding under the field, highlighted in the backdrop.
    await typeInto(page, sc.secretField, `${sc.before}${sc.secret}${sc.after}`, { blur: false });
    const found = await secretFinding(page, sc.secretField);
    assert.ok(found.findings >= 1);
    assert.ok(sc.secret.includes(found.mark.trim().slice(0, 12)) || sc.secret.includes(found.mark.trim()), `the mark covers the secret: ${found.mark}`);

    // A binary attachment (and, for some channels, a text one holding a secret).
    await page.setInputFiles(byName('attachments'), attachment);
    await page.waitForSelector(sel(`li[data-file="${attachment.name}"]`), { timeout: 10_000 });
    const ta = sc.textAttachment;
    if (ta) {
      ta.buffer = Buffer.from(`${ta.head}${ta.secret}${ta.tail}`, 'utf8');
      await page.setInputFiles(byName('attachments'), { name: ta.name, mimeType: ta.mimeType, buffer: ta.buffer });
      await page.waitForSelector(sel(`li[data-file="${ta.name}"] li.finding`), { timeout: 10_000 });
    }
    assert.ok(await page.locator(sel('#err-reporter-email')).isVisible(), 'the error is still shown');
    if (shots) await screenshots(page, lang, `details-${channel}-errors`);
    await axeClean(s, `details (${channel}) with an error and a finding`);

    // Fix the error: it goes, and so does aria-invalid.
    await typeInto(page, 'reporter.email', sc.email, { slow: true });
    await page.waitForSelector(sel('#err-reporter-email'), { state: 'detached', timeout: 10_000 });
    assert.equal(await email.getAttribute('aria-invalid'), null);

    // Redact.
    const redacted = await redactIn(page, sc.secretField);
    assert.ok(redacted.includes('[REDACTED:'), `redacted: ${redacted}`);
    assert.ok(redacted.startsWith(sc.before) && redacted.endsWith(sc.after), `only the secret was redacted: ${redacted}`);
    assert.equal(await page.locator(sel(`[data-field="${sc.secretField}"] li.finding`)).count(), 0);
    const values = { [sc.secretField]: redacted, description: redacted };
    if (ta) {
      const file = sel(`li[data-file="${ta.name}"]`);
      for (let i = 0; i < 4 && (await page.locator(`${file} li.finding`).count()); i += 1) {
        await page.locator(`${file} li.finding [data-action="redact"]`).first().click();
        await page.waitForTimeout(300);
      }
      assert.equal(await page.locator(`${file} li.finding`).count(), 0, 'the attachment\'s findings are redacted');
    }

    await clickAction(page, 'review');
    await reviewOrExplain(page);
    await checkReview(page, sc);
    assert.equal(await page.locator(sel('[data-action="confirm-findings"]')).count(), 0, 'no confirmation asked: nothing critical left');
    await axeClean(s, 'review');
    if (shots) await screenshots(page, lang, 'review');

    await clickAction(page, 'seal');
    await waitStep(page, 'sealed', 30_000);
    const events = await formEvents(page);
    const sealed = events.filter((e) => e.type === 'psirt-sealed');
    assert.equal(sealed.length, 1, 'one psirt-sealed event');
    await axeClean(s, 'sealed');
    if (shots) await screenshots(page, lang, 'sealed');
    const mailto = await page.locator(sel('[data-action="mailto"]')).getAttribute('href');
    assert.ok(mailto.startsWith('mailto:') && !mailto.includes(mark), 'the mailto link carries no report text');

    const armored = await downloadAsc(page, () => clickAction(page, 'download-asc'));
    await checkSealed(armored, sealed[0].detail, sc, values, attachment, mark);
    ok = true;
  } finally {
    if (!ok) await page.screenshot({ path: `/tmp/form-fail-${channel}-${lang}.png`, fullPage: true }).catch(() => {});
    await closeAndCheck(s, mark);
  }
}

for (const channel of ['vulnerability', 'data_leak', 'cna_appeal']) {
  for (const lang of ['en', 'fr']) {
    test(`${channel} (${lang}): error fixed, secret redacted, file attached, sealed, gpg opens it; nothing leaks`, { skip: skipSeal, timeout: 90_000 }, () =>
      channelFlow(channel, lang, { shots: SHOTS && channel === 'vulnerability' }),
    );
  }
}

test('review with nothing filled: an error summary takes focus, in the language, and links to each field', { skip, timeout: 90_000 }, async (t) => {
  for (const lang of ['en', 'fr']) {
    await t.test(lang, async () => {
      const s = await openForm(chromium.browser, server.origin, { lang });
      const { page } = s;
      try {
        await s.ready();
        // The other channels' empty details, for axe and the screenshots.
        for (const channel of ['data_leak', 'cna_appeal']) {
          await chooseRoute(page, channel);
          await waitStep(page, 'details');
          await axeClean(s, `details (${channel})`);
          if (SHOTS) await screenshots(page, lang, `details-${channel}`);
          await clickAction(page, 'back');
          await waitStep(page, 'route');
        }
        await chooseRoute(page, 'vulnerability');
        await waitStep(page, 'details');
        await clickAction(page, 'review');
        const summary = page.locator(sel('.error-summary'));
        await summary.waitFor({ timeout: 10_000 });
        assert.equal(await page.getAttribute('psirt-report-form', 'data-step'), 'details', 'no review with errors');
        assert.ok(await page.evaluate(() => document.querySelector('psirt-report-form').shadowRoot.activeElement?.classList.contains('error-summary')), 'the error summary takes focus');
        const text = await summary.innerText();
        assert.match(text, lang === 'fr' ? /Il y a un problème/ : /There is a problem/);
        const links = summary.locator('a');
        assert.ok((await links.count()) >= 3, `one link per error:\n${text}`);
        await axeClean(s, 'details with the error summary');
        if (SHOTS) await screenshots(page, lang, 'details-vulnerability-summary');
        // Every link moves focus to a field of the form.
        const dead = [];
        for (let i = 0; i < (await links.count()); i += 1) {
          const link = summary.locator('a').nth(i);
          const label = (await link.textContent()).trim();
          await link.click();
          const after = await focused(page);
          if (!after || !['input', 'textarea', 'select', 'button'].includes(after.tag)) dead.push(`${label} → ${after?.tag}`);
        }
        assert.deepEqual(dead, [], 'error-summary links that move focus to no field');
        // The empty e-mail address is an error at its own input (not only "reporter is required").
        assert.ok(await page.locator(sel('#err-reporter-email')).isVisible(), `no error at the e-mail input; summary:\n${text}`);
        assert.equal(await page.locator(byName('reporter.email')).getAttribute('aria-invalid'), 'true');
      } finally {
        await s.finish();
        await s.close();
        assert.deepEqual(problems(s).map((r) => `${r.kind}: ${r.text}`), []);
      }
    });
  }
});

test('keyboard only (cna_appeal, fr): Tab, arrows, Space, Enter and typing reach a sealed report', { skip: skipSeal, timeout: 120_000 }, async () => {
  const lang = 'fr';
  seeded('keyboard-cna_appeal-fr');
  const mark = marker();
  const sc = scenario('cna_appeal', lang, mark);
  const attachment = { name: 'trace.bin', mimeType: 'application/octet-stream', buffer: prng(40 * 1024) };
  const s = await openForm(chromium.browser, server.origin, { lang });
  const { page } = s;
  const invisible = new Set();
  const tab = async (pred, opts) => {
    const path = await tabUntil(page, pred, opts);
    for (const d of path) if (d && !d.visibleFocus && d.tag !== 'body') invisible.add(`${d.tag}[name=${d.name}][action=${d.action}] ${d.text} outline=${d.outline} shadow=${d.boxShadow} value=${d.value}`);
    return path.at(-1);
  };
  let ok = false;
  try {
    await waitStep(page, 'route');
    await s.ready(); // (before that, a re-render drops the focus: /tmp/form-bugs.md)
    // The route: Tab into the radio group, arrows to the appeal (arrows select), Enter on Continue.
    await tab((d) => d.name === 'route');
    for (let i = 0; i < 5 && (await focused(page)).value !== 'cna_appeal'; i += 1) await page.keyboard.press('ArrowDown');
    const r = await focused(page);
    assert.equal(r.value, 'cna_appeal');
    assert.ok(r.checked, 'the arrow keys select the radio');
    await tab((d) => d.action === 'next');
    await page.keyboard.press('Enter');
    await waitStep(page, 'details');
    const h2 = await focused(page);
    assert.equal(h2.tag, 'h2', 'the step heading takes focus');

    await tab((d) => d.name === 'reporter.name');
    await page.keyboard.type(sc.text['reporter.name']);
    await tab((d) => d.name === 'reporter.email');
    await page.keyboard.type(sc.badEmail);
    await page.keyboard.press('Tab');
    await page.locator(sel('#err-reporter-email')).waitFor({ timeout: 10_000 });
    assert.ok((await page.locator(sel('#err-reporter-email')).textContent()).includes(MESSAGES.fr.email));
    await tab((d) => d.name === 'reporter.email', { back: true });
    await page.keyboard.press('Control+A');
    await page.keyboard.type(sc.email);
    await page.keyboard.press('Tab');
    await page.waitForSelector(sel('#err-reporter-email'), { state: 'detached', timeout: 10_000 });

    await tab((d) => d.name === 'title');
    await page.keyboard.type(sc.text.title);
    await tab((d) => d.name === 'appeal.cna');
    await page.keyboard.type(sc.text['appeal.cna']);
    await tab((d) => d.name === 'appeal.grounds');
    await page.keyboard.press('Space');
    assert.equal((await focused(page)).value, 'no_response');
    assert.ok((await focused(page)).checked);
    await tab((d) => d.name === 'appeal.request_reference');
    await page.keyboard.type(sc.text['appeal.request_reference']);
    await tab((d) => d.name === 'appeal.first_contact_on');
    // A date input takes its digits segment by segment, in the browser's UI locale's order.
    // Debian's headless Chromium ships only its en-US UI (--lang and the context's locale do not
    // change it), so the segments are mm/dd/yyyy even on the French page.
    const [y, m, d] = sc.text['appeal.first_contact_on'].split('-');
    const order = 'mdy';
    const digits = { m, d, y };
    await page.keyboard.type([...order].map((k) => digits[k]).join(''));
    assert.equal(await page.locator(byName('appeal.first_contact_on')).inputValue(), sc.text['appeal.first_contact_on'], `date typed in ${order} order`);
    await tab((x) => x.name === 'appeal.details');
    await page.keyboard.type(`${sc.before}${sc.secret}${sc.after}`, { delay: 0 });
    await secretFinding(page, 'appeal.details');
    await tab((x) => x.action === 'redact');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('psirt-report-form').shadowRoot.querySelector('[data-field="appeal.details"] li.finding'), null, { timeout: 10_000 });
    const afterRedact = await focused(page);
    assert.notEqual(afterRedact?.tag, 'body', 'after a redaction, focus stays in the form');
    const redacted = await page.locator(byName('appeal.details')).inputValue();
    assert.ok(redacted.includes('[REDACTED:') && redacted.startsWith(sc.before) && redacted.endsWith(sc.after), redacted);

    // Under heavy load the Space once opened no chooser (a key press lost while the form redrew;
    // cause not yet found, README "Still weak"); a person presses again: so does the test, once,
    // after checking focus is still on the file input.
    let chooser = null;
    for (let attempt = 0; attempt < 2 && chooser === null; attempt += 1) {
      if ((await focused(page))?.name !== 'attachments') await tab((x) => x.name === 'attachments');
      [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 6_000 }).catch(() => null), page.keyboard.press('Space')]);
    }
    assert.ok(chooser, 'Space on the file input opens the file chooser');
    await chooser.setFiles(attachment);
    await page.waitForSelector(sel(`li[data-file="${attachment.name}"]`), { timeout: 10_000 });

    await tab((x) => x.action === 'review');
    await page.keyboard.press('Enter');
    await reviewOrExplain(page);
    await checkReview(page, sc);
    await tab((x) => x.action === 'seal');
    await page.keyboard.press('Enter');
    await waitStep(page, 'sealed', 30_000);
    const sealed = (await formEvents(page)).filter((e) => e.type === 'psirt-sealed');
    assert.equal(sealed.length, 1);
    await tab((x) => x.action === 'download-asc');
    const armored = await downloadAsc(page, () => page.keyboard.press('Enter'));
    await checkSealed(armored, sealed[0].detail, sc, { 'appeal.details': redacted }, attachment, mark);
    assert.deepEqual([...invisible], [], 'every element reached by Tab shows its focus (outline or box-shadow)');
    ok = true;
  } finally {
    if (!ok) await page.screenshot({ path: '/tmp/form-fail-keyboard.png', fullPage: true }).catch(() => {});
    await closeAndCheck(s, mark);
  }
});

test('fails closed: a key that is not the pinned one is a red refusal naming both fingerprints, no seal button, nothing is produced', { skip, timeout: 60_000 }, async () => {
  const impostor = readFileSync(join(ROOT, 'keys/impostor.pub.asc'), 'utf8');
  seeded('impostor');
  const mark = marker();
  const s = await openForm(chromium.browser, server.origin, {
    lang: 'en',
    // The page asks for the demo key and receives another (a compromised host, a swapped file).
    beforeGoto: ({ context }) => context.route('**/keys/demo-psirt.pub.asc', (r) => r.fulfill({ status: 200, contentType: 'text/plain; charset=utf-8', body: impostor })),
  });
  const { page } = s;
  try {
    await s.ready();
    await startAppeal(page, mark);
    await typeInto(page, 'appeal.details', `Two reminders, no answer ${mark}.`);
    await clickAction(page, 'review');
    await reviewOrExplain(page);
    const refusal = page.locator(sel('.recipient .refusal'));
    assert.ok(await refusal.isVisible(), 'a refusal is shown');
    assert.match(await refusal.textContent(), /Refused/);
    assert.equal(await refusal.getAttribute('role'), 'alert');
    // Red: its text, or its (left) border, is red.
    const colors = await refusal.evaluate((el) => {
      const cs = getComputedStyle(el);
      return [cs.color, cs.borderLeftColor, cs.borderTopColor].map((c) => c.match(/\d+/g).map(Number));
    });
    const red = ([r, g, b]) => r > 120 && r > g + 60 && r > b + 60;
    assert.ok(colors.some(red), `the refusal is red: ${JSON.stringify(colors)}`);
    assert.equal(await page.locator(sel('.recipient .ok')).count(), 0, 'no "matches the pin"');
    assert.equal(await page.locator(sel('[data-action="seal"]')).count(), 0, 'no seal button to press');
    // The refusal names the key received and the pinned one, grouped, so the reporter can tell someone.
    const shown = await refusal.locator('code.fingerprint').allTextContents();
    assert.ok(shown.includes(DEMO_FPR_GROUPED), `the pin is shown: ${shown}`);
    assert.ok(shown.some((f) => f !== DEMO_FPR_GROUPED && /^([0-9A-F]{4} ){9}[0-9A-F]{4}$/.test(f)), `the received key is shown: ${shown}`);
    await page.waitForTimeout(1000);
    assert.equal(await page.getAttribute('psirt-report-form', 'data-step'), 'review');
    assert.equal((await formEvents(page)).filter((e) => e.type === 'psirt-sealed').length, 0, 'nothing sealed');
    assert.equal(await page.locator(sel('[data-action="download-asc"], [data-action="download-eml"], [data-action="mailto"]')).count(), 0, 'no output offered');
    await axeClean(s, 'review refused');
    if (SHOTS) await screenshots(page, 'en', 'review-refused');
  } finally {
    await closeAndCheck(s, mark);
  }
});

test('a secret left in the report: sealing needs a confirmation that names it; then gpg finds it as typed', { skip: skipSeal, timeout: 60_000 }, async () => {
  seeded('confirm-findings');
  const mark = marker();
  const secret = SECRETS.password();
  const s = await openForm(chromium.browser, server.origin, { lang: 'en' });
  const { page } = s;
  try {
    await s.ready();
    await startAppeal(page, mark);
    const details = `The CNA's staging login, which I must show them, is ${secret} (${mark}).`;
    await typeInto(page, 'appeal.details', details, { blur: false });
    await secretFinding(page, 'appeal.details');
    await clickAction(page, 'review');
    await reviewOrExplain(page);
    const box = page.locator(sel('.findings-confirm'));
    assert.ok(await box.isVisible(), 'the review lists the findings left');
    assert.ok((await box.locator('li').count()) >= 1, 'each finding is named');
    const seal = page.locator(sel('[data-action="seal"]'));
    assert.ok(await seal.isDisabled(), 'sealing waits for the confirmation');
    await axeClean(s, 'review with findings to confirm');
    if (SHOTS) await screenshots(page, 'en', 'review-confirm-findings');
    await page.locator(sel('[data-action="confirm-findings"]')).check();
    assert.ok(await seal.isEnabled(), 'confirmed: sealing is allowed');
    await seal.click();
    await waitStep(page, 'sealed', 30_000);
    const [sealed] = (await formEvents(page)).filter((e) => e.type === 'psirt-sealed');
    assert.ok(sealed);
    assert.ok(!sealed.detail.armored.includes(secret) && !sealed.detail.eml.includes(secret), 'the secret is only inside the encryption');
    if (gpg) {
      const { report } = reportFromPlaintext(gpg.decrypt(sealed.detail.armored).plaintext);
      assert.equal(report.appeal.details, details, 'the confirmed text travels as typed');
    }
  } finally {
    await closeAndCheck(s, mark);
  }
});

test('fails closed: a wasm that cannot be loaded gives the manual route, and nothing is produced', { skip, timeout: 60_000 }, async () => {
  const s = await openForm(chromium.browser, server.origin, {
    lang: 'fr',
    beforeGoto: ({ context }) => context.route('**/*.wasm', (r) => r.abort('failed')),
  });
  const { page } = s;
  try {
    await waitStep(page, 'manual', 20_000);
    assert.equal((await page.locator(sel('[data-step="manual"] [part~="fingerprint"]')).textContent()).trim(), DEMO_FPR_GROUPED);
    assert.equal(await page.locator(sel('[data-step="manual"] textarea, [data-step="manual"] input')).count(), 0);
    // A module that never started is not a crash: no "stopped, reload the page" banner beside
    // the route by hand (reloading would fail the same way).
    const text = await page.evaluate(() => document.querySelector('psirt-report-form').shadowRoot.textContent);
    assert.doesNotMatch(text, /s’est arrêté|Rechargez la page/);
    assert.equal((await formEvents(page)).length, 0);
  } finally {
    await s.finish();
    await s.close();
    // The aborted wasm request is expected; nothing else may go wrong.
    const bad = problems(s).filter((r) => !/\.wasm\b/.test(r.text) && !/Failed to load resource|wasm|WebAssembly|psirt-report worker/i.test(r.text));
    assert.deepEqual(bad.map((r) => `${r.kind}: ${r.text}`), []);
  }
});

// ---------------------------------------------------------------------------------------------
// Routes that collect nothing, and the manual route
// ---------------------------------------------------------------------------------------------

for (const kind of ['infrastructure_incident', 'sales']) {
  test(`${kind} (en, fr): routed elsewhere, a psirt-route event, nothing collected`, { skip, timeout: 60_000 }, async () => {
    for (const lang of ['en', 'fr']) {
      const s = await openForm(chromium.browser, server.origin, { lang });
      const { page } = s;
      try {
        await waitStep(page, 'route');
        await s.ready();
        const requestsBefore = s.records.filter((r) => r.kind === 'request').length;
        await chooseRoute(page, kind);
        await waitStep(page, 'routed');
        const events = (await formEvents(page)).filter((e) => e.type === 'psirt-route');
        assert.equal(events.length, 1, 'one psirt-route event');
        assert.equal(events[0].detail.kind, kind);
        assert.ok(events[0].detail.route, 'the event carries the triage result');
        assert.equal(await page.evaluate(() => document.body.dataset.route), kind);
        assert.equal(await page.locator(sel('[data-step="details"]')).count(), 0, 'no details step');
        assert.equal(await page.locator(sel('[data-step="routed"] input, [data-step="routed"] textarea, [data-step="routed"] select')).count(), 0, 'nothing to fill in');
        assert.ok((await page.locator(sel('.route-message')).textContent()).trim().length > 10, 'the route says where to go');
        const after = s.records.filter((r) => r.kind === 'request');
        assert.deepEqual(after.slice(requestsBefore).map((r) => r.text.split(' headers=')[0]), [], 'choosing a route makes no request');
        assert.equal((await formEvents(page)).filter((e) => e.type === 'psirt-sealed').length, 0);
        await axeClean(s, `routed (${kind})`);
        if (SHOTS) await screenshots(page, lang, `routed-${kind}`);
      } finally {
        await s.finish();
        await s.close();
        assert.deepEqual(problems(s).map((r) => `${r.kind}: ${r.text}`), []);
      }
    }
  });
}

test('without WebAssembly (V8 --jitless) and the JavaScript core failing to load: the manual route, and nothing produced', { skip, timeout: 60_000 }, async () => {
  // `--js-flags=--noexpose_wasm` no longer hides WebAssembly in Chromium 156 (typeof WebAssembly
  // stays 'object' and instantiate works); `--jitless` removes it from pages and workers, as
  // Tor Browser's "Safer" level and Edge's enhanced security mode do. The form then loads the
  // core as JavaScript (tests/js/engines/wasm-off.browser.test.mjs); here that load fails, as a blocked or
  // broken download would: the route by hand is what is left.
  const noWasm = await launchChromium(['--js-flags=--jitless']);
  try {
    for (const lang of ['en', 'fr']) {
      const s = await openForm(noWasm.browser, server.origin, {
        lang,
        beforeGoto: ({ context }) => context.route('**/jscore/*.js', (r) => r.fulfill({ status: 503, contentType: 'text/plain', body: 'unavailable' })),
      });
      const { page } = s;
      try {
        assert.equal(await page.evaluate(() => typeof WebAssembly), 'undefined', 'the flag removes WebAssembly');
        await waitStep(page, 'manual');
        assert.equal((await page.locator(sel('[data-step="manual"] h2')).textContent()).trim(), MESSAGES[lang].manual);
        const fp = page.locator(sel('[data-step="manual"] [part~="fingerprint"]'));
        assert.ok(await fp.isVisible());
        assert.equal((await fp.textContent()).trim(), DEMO_FPR_GROUPED);
        const text = await page.locator(sel('[data-step="manual"]')).innerText();
        assert.ok(text.includes('psirt@psirt-demo.example'), 'the address is shown');
        assert.ok(text.includes(`gpg --encrypt --armor --trust-model always --recipient ${DEMO_FPR}`), 'the gpg command is shown');
        assert.ok(await page.locator(sel('[data-action="download-key"]')).isVisible(), 'the key can be downloaded');
        assert.equal(await page.locator(sel('[data-step="manual"] textarea, [data-step="manual"] input')).count(), 0, 'no field to type a report into');
        await page.waitForTimeout(500);
        assert.equal((await formEvents(page)).length, 0, 'no psirt-sealed, no psirt-route');
        assert.equal(await page.evaluate(() => document.body.dataset.sealedBytes ?? null), null);
        assert.ok(!s.records.some((r) => r.kind === 'request' && /\.wasm\b/.test(r.text)), 'no wasm fetched');
        await axeClean(s, 'manual');
        if (SHOTS) await screenshots(page, lang, 'manual');
      } finally {
        await s.finish();
        await s.close();
        assert.ok(s.records.some((r) => r.kind === 'request' && /\/jscore\/psirt_report_js_core\.js/.test(r.text)), 'the JavaScript core was asked for');
        // The refused JavaScript core is expected; nothing else may go wrong.
        const bad = problems(s).filter((r) => !/jscore|Failed to load resource|psirt-report worker/i.test(r.text));
        assert.deepEqual(bad.map((r) => `${r.kind}: ${r.text}`), []);
      }
    }
  } finally {
    await noWasm.close();
  }
});
