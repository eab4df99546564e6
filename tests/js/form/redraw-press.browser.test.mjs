// A redraw of the form landing inside a press must not eat the press. The form redraws whenever
// the engine answers (ready, a validation, a scan, a draft found) or the host changes `lang`; a
// redraw that replaces the element a press started on loses the click (pointer) or the key's
// activation (Space on a checkbox, a radio or a button). The timing is made exact here rather
// than hoped for: the press goes down, the host changes the form's language (a redraw asked for
// at that very moment), then the press comes up. The press must take effect on what it started
// on, and the redraw must still happen once the press is over.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { skipUnless, startServer, launchChromium, openForm, sel, byName, waitStep, clickAction } from '../lib/form-harness.mjs';

const skip = skipUnless({ chromium: true });

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

/** In the page: the host switches the form's language (a redraw asked for now). */
const switchLanguage = (page, lang) => page.evaluate((l) => document.querySelector('psirt-report-form').setAttribute('lang', l), lang);
const heading = (page) => page.evaluate(() => document.querySelector('psirt-report-form').shadowRoot.querySelector('[data-step] h2')?.textContent.trim());

test('a pointer press on a radio survives a redraw asked for between down and up', { skip, timeout: 60_000 }, async () => {
  const s = await openForm(chromium.browser, server.origin, { lang: 'en' });
  const { page } = s;
  try {
    await waitStep(page, 'route');
    await s.ready();
    const radio = page.locator(sel('input[name="route"][value="data_leak"]'));
    const box = await radio.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await switchLanguage(page, 'fr');
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelector('psirt-report-form').shadowRoot.querySelector('h2')?.textContent.includes('Que signalez-vous'), null, { timeout: 5_000 });
    assert.equal(await heading(page), 'Que signalez-vous ?', 'the redraw happened once the press was over');
    assert.equal(await page.locator(sel('input[name="route"][value="data_leak"]')).isChecked(), true, 'the click reached the radio it was pressed on');
    await clickAction(page, 'next');
    await waitStep(page, 'details');
  } finally {
    await s.close();
  }
});

test('Space on a checkbox survives a redraw asked for between keydown and keyup', { skip, timeout: 60_000 }, async () => {
  const s = await openForm(chromium.browser, server.origin, { lang: 'en' });
  const { page } = s;
  try {
    await waitStep(page, 'route');
    await s.ready();
    await page.locator(sel('input[name="route"][value="vulnerability"]')).check();
    await clickAction(page, 'next');
    await waitStep(page, 'details');
    const box = byName('commitments.no_exploitation');
    await page.locator(box).focus();
    await page.keyboard.down(' ');
    await switchLanguage(page, 'fr');
    await page.keyboard.up(' ');
    await page.waitForFunction(() => /Signaler une vuln/.test(document.querySelector('psirt-report-form').shadowRoot.querySelector('[data-step] h2')?.textContent ?? ''), null, { timeout: 5_000 });
    assert.equal(await page.locator(box).isChecked(), true, 'Space checked the box it was pressed on');
    const f = await page.evaluate(() => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a?.getAttribute('name');
    });
    assert.equal(f, 'commitments.no_exploitation', 'focus stayed on the box across the redraw');
  } finally {
    await s.close();
  }
});

test('the first step does not move when the engine becomes ready (a click aimed at a choice lands on it)', { skip, timeout: 60_000 }, async () => {
  // The engine's wasm is held back until the first step has been measured, so the measure is
  // always taken before the engine is ready, whatever the machine's speed.
  let release;
  const held = new Promise((r) => (release = r));
  const s = await openForm(chromium.browser, server.origin, {
    lang: 'en',
    beforeGoto: ({ context }) =>
      context.route(/\.wasm$/, async (route) => {
        await held;
        await route.continue();
      }),
  });
  const { page } = s;
  const top = () => page.evaluate(() => Math.round(document.querySelector('psirt-report-form').shadowRoot.querySelector('input[name="route"][value="data_leak"]').getBoundingClientRect().top));
  try {
    await waitStep(page, 'route');
    assert.equal(await page.locator(sel('.loading')).count(), 1, 'measured while the engine is loading');
    const before = await top();
    release();
    await page.waitForSelector(sel('.loading'), { state: 'detached', timeout: 30_000 });
    assert.equal(await top(), before, 'the data-leak choice stayed where the reporter saw it');
    assert.ok(await page.locator(sel('.banner')).isVisible(), 'the demo banner is shown (from the first paint)');
  } finally {
    release();
    await s.close();
  }
});
