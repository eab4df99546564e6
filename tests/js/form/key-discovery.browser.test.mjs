// The form finds the PSIRT's key itself. The demo page is served with
// `<psirt-report-form profile="demo" discover>` (no key-url) and the CSP a host must then set
// (connect-src grows by https://openpgpkey.psirt-demo.example and https://psirt-demo.example).
// A loopback server (tests/js/lib/wkd.mjs) plays the PSIRT's web servers; Playwright's
// context.route maps the https discovery URLs onto it. Cases: the pinned key by WKD (binary): the
// form says how it was found, seals, and gpg opens the result with the demo secret key; WKD
// missing but security.txt right: found by security.txt; an impostor key: refused, said in
// English and French, the route by hand shown at once (or, when the reporter is already typing,
// on the review step with a button to it); nothing published (404 everywhere): said, and the
// route by hand. Throughout, a marker typed into the report reaches no request, log or storage.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
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
  formEvents,
  runAxe,
  screenshots,
  demoGpg,
  reportFromPlaintext,
} from '../lib/form-harness.mjs';
import { CSP } from '../../../www/serve.mjs';
import {
  startWkdServer,
  routeDiscovery,
  ADVANCED_HOST,
  ADVANCED_PATH,
  DIRECT_PATH,
  DEMO_DOMAIN,
  DEMO_HASH,
  DEMO_PUB_ASC,
  DEMO_PUB_BIN,
  IMPOSTOR_PUB_BIN,
  IMPOSTOR_FPR,
} from '../lib/wkd.mjs';

const skip = skipUnless({ chromium: true, gpg: true });
const SHOTS = process.env.PSIRT_NO_SCREENSHOTS ? false : true;
/** The CSP of a host page that lets the form look the key up (README "Key discovery"). */
const DISCOVERY_CSP = CSP.replace("connect-src 'self'", `connect-src 'self' https://${ADVANCED_HOST} https://${DEMO_DOMAIN}`);
/** Chromium logs each 404 a fetch receives as a console error: expected where nothing is published. */
const NOT_FOUND_LOGS = [/status of 404/];

let server;
let chromium;
let wkd;
let gpg;
let n = 0;

before(async () => {
  if (skip) return;
  server = await startServer();
  chromium = await launchChromium();
  wkd = await startWkdServer();
  if (HAS_GPG || REQUIRE_ALL) gpg = demoGpg();
});
after(async () => {
  await chromium?.close();
  server?.close();
  await wkd?.close();
  gpg?.close();
});

// Deterministic, so the screenshots (which show the rendering) change only when the form does.
const marker = () => `PSIRT-DISCOVER-MARKER-${(n += 1)}`;

/**
 * Opens the demo page with the form in discovery mode (the key-url removed, `discover` added,
 * the CSP widened for the two discovery hosts) and the discovery URLs routed to the loopback
 * server. `hold`: a promise the routed answers wait for.
 */
async function openDiscovering(lang, { hold, csp = DISCOVERY_CSP } = {}) {
  return openForm(chromium.browser, server.origin, {
    lang,
    beforeGoto: async ({ context }) => {
      await context.route(/\/\?lang=/, async (route) => {
        const response = await route.fetch();
        const html = (await response.text()).replace('<psirt-report-form profile="demo" key-url="/keys/demo-psirt.pub.asc"', '<psirt-report-form profile="demo" discover');
        assert.ok(html.includes('<psirt-report-form profile="demo" discover'), 'the demo page has the form the test rewrites');
        await route.fulfill({ response, body: html, headers: { ...response.headers(), 'content-security-policy': csp } });
      });
      await routeDiscovery(context, wkd, { hold });
    },
  });
}

async function ready(page) {
  await page.waitForSelector('psirt-report-form[data-ready]', { timeout: 30_000 });
}

/**
 * Playwright reports about half of the routed responses that a page reads through
 * `response.body.getReader()` (as discover.js does, to cap the size while reading) as failed with
 * net::ERR_ABORTED, although the page received every byte (measured: 0 of 15 with arrayBuffer(),
 * 8 of 15 with the reader, same server and route). Those records are not problems when the
 * loopback server answered that URL: anything else still is.
 */
const routedArtefact = (r) =>
  r.kind === 'requestfailed' &&
  / net::ERR_ABORTED$/.test(r.text) &&
  (() => {
    const u = new URL(r.text.split(' ')[1]);
    return /^(openpgpkey\.)?psirt-demo\.example$/.test(u.host) && wkd.requests.includes(`GET /${u.host}${u.pathname}${u.search}`);
  })();

/** Ends a session: the marker is nowhere, nothing went wrong but the expected 404 logs. */
async function closeAndCheck(s, mark, { allowConsole = [] } = {}) {
  await s.finish();
  const leaks = findLeaks(s, mark);
  const bad = problems(s, { allowConsole }).filter((r) => !routedArtefact(r));
  await s.close();
  assert.deepEqual(leaks.map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), [], 'the marker typed into the report left the form');
  assert.deepEqual(bad.map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), [], 'CSP violations, page errors or console errors');
}

/** A CNA appeal typed and reviewed (the shortest channel). */
async function appealToReview(page, mark) {
  await page.locator(sel('input[name="route"][value="cna_appeal"]')).check();
  await clickAction(page, 'next');
  await waitStep(page, 'details');
  await typeInto(page, 'reporter.email', 'sam@coordinator.example');
  await typeInto(page, 'title', `No answer ${mark}`);
  await typeInto(page, 'appeal.cna', 'Example CNA');
  await page.locator(byName('appeal.grounds') + '[value="no_response"]').check();
  await typeInto(page, 'appeal.details', `Two reminders, no answer ${mark}.`);
  await clickAction(page, 'review');
  await waitStep(page, 'review');
}

/** Seals on the review step; returns the psirt-sealed detail after checking gpg opens it. */
async function sealAndOpen(page, mark) {
  await page.locator(sel('[data-action="seal"]')).click();
  await waitStep(page, 'sealed', 30_000);
  const [sealed] = (await formEvents(page)).filter((e) => e.type === 'psirt-sealed');
  assert.ok(sealed, 'a psirt-sealed event');
  assert.equal(sealed.detail.fingerprint.replace(/\s/g, ''), DEMO_FPR);
  const { report } = reportFromPlaintext(gpg.decrypt(sealed.detail.armored).plaintext);
  assert.equal(report.appeal.details, `Two reminders, no answer ${mark}.`, 'gpg opens what was typed');
  return sealed.detail;
}

/** The discovery requests the loopback server saw. */
const seen = () => wkd.requests.map((r) => r.replace(/^GET /, ''));

test('(en) the pinned key by Web Key Directory (binary, advanced method): found, said so, sealed, opened by gpg', { skip, timeout: 90_000 }, async (t) => {
  wkd.reset();
  wkd.serve(ADVANCED_HOST, ADVANCED_PATH, { body: DEMO_PUB_BIN });
  const mark = marker();
  const s = await openDiscovering('en');
  const { page } = s;
  try {
    await ready(page);
    t.diagnostic(`navigation → ready with the key found by WKD: ${Date.now() - s.navStart} ms`);
    assert.equal(await page.getAttribute('psirt-report-form', 'data-step'), 'route', 'the form works');
    assert.deepEqual(seen(), [`/${ADVANCED_HOST}${ADVANCED_PATH}?l=psirt`], 'one request: the advanced method, with the z-base-32 hash of "psirt"');
    assert.ok(!s.records.some((r) => r.kind === 'request' && r.text.includes('/keys/demo-psirt.pub.asc')), 'the key did not come from the page\'s own server');
    await appealToReview(page, mark);
    const found = page.locator(sel('.recipient [data-discovered]'));
    assert.equal(await found.getAttribute('data-discovered'), 'wkd-advanced');
    assert.equal((await found.textContent()).trim(), `Web Key Directory (advanced method), at ${ADVANCED_HOST}, then checked against the pin`);
    assert.ok(await page.locator(sel('.recipient .ok')).isVisible(), 'and it matches the pin');
    assert.equal((await page.locator(sel('.recipient [part~="fingerprint"]')).first().textContent()).trim(), DEMO_FPR_GROUPED);
    const { serious } = await runAxe(page, s);
    assert.deepEqual(serious, []);
    if (SHOTS) await screenshots(page, 'en', 'review-discovered', [360]);
    await sealAndOpen(page, mark);
  } finally {
    await closeAndCheck(s, mark);
  }
  // The discovery requests carry only the PSIRT's address, never the report.
  assert.ok(wkd.requests.every((r) => !r.includes('PSIRT-DISCOVER-MARKER')));
});

test('(fr) WKD missing, security.txt right: found by security.txt, sealed', { skip, timeout: 90_000 }, async () => {
  wkd.reset();
  // A signed security.txt: the cleartext signature framing must not hide the Encryption field.
  wkd.serve(DEMO_DOMAIN, '/.well-known/security.txt', {
    type: 'text/plain; charset=utf-8',
    body: [
      '-----BEGIN PGP SIGNED MESSAGE-----',
      'Hash: SHA512',
      '',
      'Contact: mailto:psirt@psirt-demo.example',
      `Encryption: https://${DEMO_DOMAIN}/keys/psirt.asc`,
      'Expires: 2030-01-01T00:00:00.000Z',
      '-----BEGIN PGP SIGNATURE-----',
      '',
      'iHUEARYKAB0WIQQ5b6HR4OLBIUYrDfebVXPC0G9yaQUCawKZjwAKCRCbVXPC0G9y',
      '-----END PGP SIGNATURE-----',
      '',
    ].join('\n'),
  });
  wkd.serve(DEMO_DOMAIN, '/keys/psirt.asc', { type: 'application/pgp-keys', body: DEMO_PUB_ASC });
  const mark = marker();
  const s = await openDiscovering('fr');
  const { page } = s;
  try {
    await ready(page);
    assert.deepEqual(seen(), [
      `/${ADVANCED_HOST}${ADVANCED_PATH}?l=psirt`,
      `/${DEMO_DOMAIN}${DIRECT_PATH}?l=psirt`,
      `/${DEMO_DOMAIN}/.well-known/security.txt`,
      `/${DEMO_DOMAIN}/keys/psirt.asc`,
    ]);
    await appealToReview(page, mark);
    const found = page.locator(sel('.recipient [data-discovered]'));
    assert.equal(await found.getAttribute('data-discovered'), 'security-txt');
    assert.equal((await found.textContent()).trim(), `le fichier security.txt du PSIRT, sur ${DEMO_DOMAIN}, puis comparée à l’empreinte épinglée`);
    assert.ok(await page.locator(sel('.recipient .ok')).isVisible(), 'et elle correspond à l’empreinte épinglée');
    if (SHOTS) await screenshots(page, 'fr', 'review-discovered', [360]);
    await sealAndOpen(page, mark);
  } finally {
    await closeAndCheck(s, mark, { allowConsole: NOT_FOUND_LOGS });
  }
});

const IMPOSTOR_TEXT = {
  en: 'Refused: a key published for psirt@psirt-demo.example is not the pinned key of PSIRT DEMO — not Thales. Nothing will be encrypted to it.',
  fr: 'Refusée : une clé publiée pour psirt@psirt-demo.example n’est pas la clé épinglée de PSIRT DEMO — not Thales. Rien ne sera chiffré pour elle.',
};
const NOT_FOUND_TEXT = {
  en: 'No key was found for psirt@psirt-demo.example: none is published by Web Key Directory or in security.txt.',
  fr: 'Aucune clé n’a été trouvée pour psirt@psirt-demo.example : aucune n’est publiée par Web Key Directory ni dans security.txt.',
};
const MANUAL_TITLE = { en: 'This form found no key it can trust', fr: 'Ce formulaire n’a trouvé aucune clé digne de confiance' };

/** The manual step reached because discovery failed: the refusal, the pin, the gpg steps, nothing to type. */
async function checkManual(page, lang, code) {
  await waitStep(page, 'manual');
  assert.equal((await page.locator(sel('[data-step="manual"] h2')).textContent()).trim(), MANUAL_TITLE[lang]);
  const refusal = page.locator(sel('[data-step="manual"] .refusal'));
  assert.equal(await refusal.getAttribute('data-code'), code);
  assert.equal(await refusal.getAttribute('role'), 'alert');
  assert.equal((await refusal.locator('p').first().textContent()).trim(), (code === 'discover-impostor' ? IMPOSTOR_TEXT : NOT_FOUND_TEXT)[lang]);
  // Every place looked at, with its outcome.
  const tried = await refusal.locator('ul.attempts li').evaluateAll((lis) => lis.map((li) => li.dataset.code));
  assert.equal(tried.length, 3, `three places looked at: ${tried}`);
  assert.ok(await page.locator(sel('[data-step="manual"] pre.command')).isVisible(), 'the gpg route by hand');
  assert.ok((await page.locator(sel('[data-step="manual"] ol.manual')).textContent()).includes('psirt@psirt-demo.example'));
  assert.equal(await page.locator(sel('textarea, input[type="text"], input[type="email"]')).count(), 0, 'nothing can be typed');
  assert.equal(await page.locator(sel('[data-action="seal"]')).count(), 0);
  return { refusal, tried };
}

for (const lang of ['en', 'fr']) {
  test(`(${lang}) an impostor key on WKD: refused, said so, the route by hand`, { skip, timeout: 60_000 }, async () => {
    wkd.reset();
    wkd.serve(ADVANCED_HOST, ADVANCED_PATH, { body: IMPOSTOR_PUB_BIN });
    wkd.serve(DEMO_DOMAIN, DIRECT_PATH, { body: IMPOSTOR_PUB_BIN });
    const s = await openDiscovering(lang);
    const { page } = s;
    try {
      await ready(page);
      const { refusal, tried } = await checkManual(page, lang, 'discover-impostor');
      assert.deepEqual(tried, ['discover-impostor', 'discover-impostor', 'discover-not-found']);
      const shown = await refusal.locator('code.fingerprint').allTextContents();
      assert.equal(await refusal.locator('code[data-fingerprint]').getAttribute('data-fingerprint'), IMPOSTOR_FPR, 'the key received is named');
      assert.ok(shown.includes(DEMO_FPR_GROUPED), `the pin is shown: ${shown}`);
      assert.equal((await formEvents(page)).length, 0);
      const { serious } = await runAxe(page, s);
      assert.deepEqual(serious, []);
      if (SHOTS) await screenshots(page, lang, 'manual-discover-impostor', [360]);
    } finally {
      await closeAndCheck(s, 'never typed', { allowConsole: NOT_FOUND_LOGS });
    }
  });

  test(`(${lang}) nothing published (404 everywhere): said so, the route by hand`, { skip, timeout: 60_000 }, async () => {
    wkd.reset();
    const s = await openDiscovering(lang);
    const { page } = s;
    try {
      await ready(page);
      const { tried } = await checkManual(page, lang, 'discover-not-found');
      assert.deepEqual(tried, ['discover-not-found', 'discover-not-found', 'discover-not-found']);
      assert.equal(wkd.requests.length, 3);
      if (SHOTS) await screenshots(page, lang, 'manual-discover-none', [360]);
    } finally {
      await closeAndCheck(s, 'never typed', { allowConsole: NOT_FOUND_LOGS });
    }
  });
}

test('(en) an impostor found while the reporter is already typing: the review refuses it and offers the route by hand', { skip, timeout: 90_000 }, async () => {
  wkd.reset();
  wkd.serve(ADVANCED_HOST, ADVANCED_PATH, { body: IMPOSTOR_PUB_BIN });
  let release;
  const hold = new Promise((resolve) => {
    release = resolve;
  });
  const mark = marker();
  const s = await openDiscovering('en', { hold });
  const { page } = s;
  try {
    await appealToReview(page, mark);
    release();
    await ready(page);
    const refusal = page.locator(sel('.recipient .refusal'));
    // The review was drawn while the key was being looked up; the verdict redraws it.
    await refusal.waitFor({ timeout: 15_000 });
    assert.equal(await refusal.getAttribute('data-code'), 'discover-impostor');
    assert.equal(await page.locator(sel('[data-action="seal"]')).count(), 0, 'no seal button');
    await page.locator(sel('.recipient [data-action="manual"]')).focus();
    await page.keyboard.press('Enter');
    await waitStep(page, 'manual');
    assert.equal(await page.locator(sel('[data-step="manual"] .refusal')).getAttribute('data-code'), 'discover-impostor');
    assert.equal((await formEvents(page)).length, 0, 'nothing sealed');
  } finally {
    release();
    await closeAndCheck(s, mark, { allowConsole: NOT_FOUND_LOGS });
  }
});

test('(en) a host page whose CSP does not allow the discovery hosts: the lookup is blocked, said so, the route by hand', { skip, timeout: 60_000 }, async () => {
  wkd.reset();
  wkd.serve(ADVANCED_HOST, ADVANCED_PATH, { body: DEMO_PUB_BIN });
  const s = await openDiscovering('en', { csp: CSP });
  const { page } = s;
  try {
    await ready(page);
    await waitStep(page, 'manual');
    const refusal = page.locator(sel('[data-step="manual"] .refusal'));
    assert.equal(await refusal.getAttribute('data-code'), 'discover-network');
    assert.match(await refusal.locator('p').first().textContent(), /could not be looked up/);
    assert.equal(wkd.requests.length, 0, 'the browser sent nothing');
  } finally {
    await s.finish();
    // Expected here: the CSP violations of the three blocked requests, and nothing else.
    const bad = problems(s).filter((r) => !(r.kind === 'csp' && /connect-src blocked=https:\/\/(openpgpkey\.)?psirt-demo\.example/.test(r.text)) && !/Content Security Policy/.test(r.text));
    await s.close();
    assert.deepEqual(bad.map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), []);
  }
});
