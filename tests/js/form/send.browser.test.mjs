// The form sends: on the demo page (submit-url="/reports", the intake beside the page), after
// sealing the primary button is "Send to the PSIRT"; pressing it posts the armored message and
// its stamp, the form shows the intake's receipt and says its SHA-256 is the reporter's own; the
// Maildir then holds the report and GnuPG decrypts it. What was typed never leaves the form (the
// leak capture covers the send: only ciphertext is posted). When the intake refuses or cannot be
// reached, the form says why in the reporter's language and keeps the download, copy and mail
// routes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
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
  demoGpg,
  skipUnless,
} from '../lib/form-harness.mjs';

const skip = skipUnless({ chromium: true, gpg: true });
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

async function toSealed(page, mark) {
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
  await clickAction(page, 'seal');
  await waitStep(page, 'sealed', 90_000);
}

const stored = () => readdirSync(join(server.maildir, 'new'));

test('Send to the PSIRT: the intake stores it, the receipts match, GnuPG decrypts it from the Maildir; only ciphertext was posted', { skip, timeout: 180_000 }, async () => {
  const mark = marker('form-send');
  const s = await openForm(chromium.browser, server.origin, { lang: 'en' });
  const { page } = s;
  let gpg;
  try {
    await s.ready();
    await toSealed(page, mark);
    const send = page.locator(sel('button[data-action="send"]'));
    assert.equal(await send.textContent(), 'Send to the PSIRT');
    assert.match(await send.getAttribute('class'), /primary/, 'the primary button');
    const before = stored().length;
    await send.click();
    await page.waitForSelector(sel('[data-send="sent"]'), { timeout: 30_000 });
    assert.equal(await page.locator(sel('[data-send="sent"]')).getAttribute('data-match'), 'true');
    const text = await page.locator(sel('[data-send="sent"]')).textContent();
    assert.match(text, /is the one in your receipt/);
    const files = stored();
    assert.equal(files.length, before + 1, 'the Maildir holds the report');
    const eml = readFileSync(join(server.maildir, 'new', files.at(-1)), 'latin1');
    const id = /^Message-ID: <([^@]+)@/m.exec(eml)[1];
    assert.ok(text.includes(id), 'the form shows the intake receipt id');
    gpg = demoGpg();
    const { plaintext } = gpg.decrypt(eml);
    assert.ok(plaintext.toString('utf8').includes(mark), 'GnuPG decrypts the stored report');
    // The downloads stay.
    assert.equal(await page.locator(sel('[data-action="download-asc"]')).count(), 1);
    // The POST: ciphertext and the stamp, nothing else.
    const posts = s.records.filter((r) => r.kind === 'request' && r.text.startsWith('POST '));
    assert.equal(posts.length, 1, posts.map((p) => p.text.slice(0, 120)).join('\n'));
    assert.match(posts[0].text, /body=-----BEGIN PGP MESSAGE-----/);
    assert.match(posts[0].text, /"psirt-stamp":"psirt2:19:/);
  } finally {
    gpg?.close();
    await s.finish();
    const leaks = findLeaks(s, mark);
    const bad = problems(s);
    await s.close();
    assert.deepEqual(leaks.map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), [], 'the marker typed into the report left the form');
    assert.deepEqual(bad.map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), [], 'CSP violations, page errors or console errors');
  }
});

for (const [lang, how, expected] of [
  ['fr', 'refused', /^Non envoyé : le service de réception l’a refusé\. Le tampon anti-spam a été calculé pour un autre service de réception que celui de cette page\. Rien n’est perdu/],
  ['en', 'offline', /Not sent: the intake could not be reached/],
]) {
  test(`a failed send (${how}, ${lang}) says why and keeps the other routes`, { skip, timeout: 180_000 }, async () => {
    const mark = marker(`form-send-${how}`);
    const s = await openForm(chromium.browser, server.origin, {
      lang,
      beforeGoto: async ({ context }) => {
        await context.route('**/reports', (r) =>
          how === 'offline'
            ? r.abort('internetdisconnected')
            : r.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ code: 'stamp-wrong-audience', message: 'the stamp was made for another intake' }) }),
        );
      },
    });
    const { page } = s;
    try {
      await s.ready();
      await toSealed(page, mark);
      const before = stored().length;
      await clickAction(page, 'send');
      await page.waitForSelector(sel('[data-send="failed"]'), { timeout: 30_000 });
      const alert = await page.locator(sel('[data-send="failed"] [role="alert"]')).textContent();
      assert.match(alert, expected);
      if (how === 'refused') {
        // The intake's own (English) text only as a detail, beside its code.
        assert.ok(!alert.includes('the stamp was made for another intake'), alert);
        assert.match(await page.locator(sel('[data-send-detail]')).textContent(), /stamp-wrong-audience \(403\) — the stamp was made for another intake/);
      }
      for (const action of ['download-asc', 'download-eml', 'mailto', 'copy']) {
        assert.equal(await page.locator(sel(`[data-action="${action}"]`)).count(), 1, action);
      }
      assert.equal(await page.locator(sel('button[data-action="send"]')).count(), 1, 'it can be tried again');
      assert.equal(stored().length, before);
    } finally {
      await s.finish();
      const leaks = findLeaks(s, mark);
      await s.close();
      assert.deepEqual(leaks.map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), []);
    }
  });
}

test('isolation mode: the frame sends (from its own origin, to the intake beside it); the host page only sees the result', { skip, timeout: 180_000 }, async () => {
  const mark = marker('form-send-isolated');
  const s = await openForm(chromium.browser, server.origin, { lang: 'en', path: '/isolated.html?lang=en', waitReady: false });
  const { page } = s;
  try {
    const frame = await (await page.waitForSelector('psirt-report-form >> iframe', { timeout: 30_000 })).contentFrame();
    await frame.waitForSelector('psirt-report-form[data-step="route"]', { timeout: 30_000 });
    await frame.waitForTimeout(500);
    await frame.locator('psirt-report-form input[name="route"][value="cna_appeal"]').check();
    await frame.locator('psirt-report-form [data-action="next"]').click();
    await frame.waitForSelector('psirt-report-form[data-step="details"]');
    for (const [name, text] of [['reporter.email', 'sam@coordinator.example'], ['title', `No answer ${mark}`], ['appeal.cna', 'Example CNA'], ['appeal.details', `Two reminders ${mark}.`]]) {
      await frame.locator(`psirt-report-form [name="${name}"]`).fill(text);
    }
    await frame.locator('psirt-report-form [name="appeal.grounds"][value="no_response"]').check();
    await frame.locator('psirt-report-form [data-action="review"]').click();
    await frame.waitForSelector('psirt-report-form[data-step="review"]', { timeout: 15_000 });
    await frame.locator('psirt-report-form [data-action="seal"]').click();
    await frame.waitForSelector('psirt-report-form[data-step="sealed"]', { timeout: 90_000 });
    const before = stored().length;
    await frame.locator('psirt-report-form button[data-action="send"]').click();
    await frame.waitForSelector('psirt-report-form [data-send="sent"][data-match="true"]', { timeout: 30_000 });
    assert.equal(stored().length, before + 1);
    const posts = s.records.filter((r) => r.kind === 'request' && r.text.startsWith('POST '));
    assert.equal(posts.length, 1);
    const frameOrigin = new URL(frame.url()).origin;
    assert.notEqual(frameOrigin, server.origin, 'the frame is on the other origin');
    assert.ok(posts[0].text.startsWith(`POST ${frameOrigin}/reports`), posts[0].text.slice(0, 100));
  } finally {
    await s.finish();
    const leaks = findLeaks(s, mark);
    await s.close();
    assert.deepEqual(leaks.map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), []);
  }
});

// A host page that posts the sealed message itself (no submit-url: it listens to psirt-sealed)
// names its intake with `stamp-audience`: the stamp is minted for that URL and the intake takes
// it. Without it the stamp names no intake and the intake refuses it (stamp-wrong-audience).
for (const named of [true, false]) {
  test(`a host that posts for itself ${named ? 'names its intake with stamp-audience: 202' : 'without stamp-audience: its stamp names no intake, 403 stamp-wrong-audience'}`, { skip, timeout: 180_000 }, async () => {
    const mark = marker(`form-send-host-${named}`);
    const s = await openForm(chromium.browser, server.origin, { lang: 'en' });
    const { page } = s;
    try {
      await s.ready();
      await page.evaluate((named) => {
        const form = document.querySelector('psirt-report-form');
        form.removeAttribute('submit-url');
        if (named) form.setAttribute('stamp-audience', '/reports');
        // The host's own code: post what the event carries (ciphertext and stamp) to its intake.
        window.__hostPost = new Promise((resolve) => {
          form.addEventListener('psirt-sealed', async (e) => {
            const res = await fetch('/reports', { method: 'POST', headers: { 'content-type': 'application/pgp-encrypted', 'psirt-stamp': e.detail.stamp }, body: e.detail.armored });
            resolve({ status: res.status, answer: await res.json(), receipt: e.detail.receipt.sha256, stamp: e.detail.stamp });
          });
        });
      }, named);
      const before = stored().length; // the host posts as soon as the event comes
      await toSealed(page, mark);
      assert.equal(await page.locator(sel('button[data-action="send"]')).count(), 0, 'no Send button: the host sends');
      const r = await page.evaluate(() => window.__hostPost);
      const audience = Buffer.from(r.stamp.split(':')[3], 'base64url').toString('utf8');
      if (named) {
        assert.equal(audience, `${server.origin}/reports`, 'the stamp names the intake the host posts to');
        assert.equal(r.status, 202, JSON.stringify(r.answer));
        assert.equal(r.answer.sha256, r.receipt, "the intake's receipt is the reporter's own");
        assert.equal(stored().length, before + 1);
      } else {
        assert.equal(r.status, 403, JSON.stringify(r.answer));
        assert.equal(r.answer.code, 'stamp-wrong-audience');
        assert.equal(stored().length, before);
      }
    } finally {
      await s.finish();
      const leaks = findLeaks(s, mark);
      await s.close();
      assert.deepEqual(leaks.map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), []);
    }
  });
}

test('isolation mode: a host that posts for itself names its intake with stamp-audience (resolved against the host page); the frame mints the stamp for it: 202', { skip, timeout: 180_000 }, async () => {
  const mark = marker('form-send-host-isolated');
  const s = await openForm(chromium.browser, server.origin, {
    lang: 'en',
    path: '/isolated.html?lang=en',
    waitReady: false,
  });
  const { page } = s;
  try {
    await page.evaluate(() => {
      // The host page as a site that posts itself would write it: no submit-url, a stamp-audience
      // (a new element: the frame's settings are read when it connects).
      const old = document.querySelector('psirt-report-form');
      const form = document.createElement('psirt-report-form');
      for (const a of old.attributes) if (a.name !== 'submit-url' && !a.name.startsWith('data-')) form.setAttribute(a.name, a.value);
      form.setAttribute('stamp-audience', '/reports');
      old.replaceWith(form);
      window.__hostPost = new Promise((resolve) => {
        form.addEventListener('psirt-sealed', async (e) => {
          const res = await fetch('/reports', { method: 'POST', headers: { 'content-type': 'application/pgp-encrypted', 'psirt-stamp': e.detail.stamp }, body: e.detail.armored });
          resolve({ status: res.status, answer: await res.json(), receipt: e.detail.receipt.sha256, stamp: e.detail.stamp });
        });
      });
    });
    const frame = await (await page.waitForSelector('psirt-report-form >> iframe', { timeout: 30_000 })).contentFrame();
    await frame.waitForSelector('psirt-report-form[data-step="route"]', { timeout: 30_000 });
    await frame.locator('psirt-report-form input[name="route"][value="cna_appeal"]').check();
    await frame.locator('psirt-report-form [data-action="next"]').click();
    await frame.waitForSelector('psirt-report-form[data-step="details"]');
    for (const [name, text] of [['reporter.email', 'sam@coordinator.example'], ['title', `No answer ${mark}`], ['appeal.cna', 'Example CNA'], ['appeal.details', `Two reminders ${mark}.`]]) {
      await frame.locator(`psirt-report-form [name="${name}"]`).fill(text);
    }
    await frame.locator('psirt-report-form [name="appeal.grounds"][value="no_response"]').check();
    const before = stored().length;
    await frame.locator('psirt-report-form [data-action="review"]').click();
    await frame.waitForSelector('psirt-report-form[data-step="review"]', { timeout: 15_000 });
    await frame.locator('psirt-report-form [data-action="seal"]').click();
    await frame.waitForSelector('psirt-report-form[data-step="sealed"]', { timeout: 90_000 });
    assert.equal(await frame.locator('psirt-report-form button[data-action="send"]').count(), 0, 'no Send button: the host sends');
    const r = await page.evaluate(() => window.__hostPost);
    const frameOrigin = new URL(frame.url()).origin;
    assert.notEqual(frameOrigin, server.origin, 'the frame is on the other origin');
    assert.equal(Buffer.from(r.stamp.split(':')[3], 'base64url').toString('utf8'), `${server.origin}/reports`, "the host's intake, not the frame's origin");
    assert.equal(r.status, 202, JSON.stringify(r.answer));
    assert.equal(r.answer.sha256, r.receipt);
    assert.equal(stored().length, before + 1);
  } finally {
    await s.finish();
    const leaks = findLeaks(s, mark);
    await s.close();
    assert.deepEqual(leaks.map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), []);
  }
});
