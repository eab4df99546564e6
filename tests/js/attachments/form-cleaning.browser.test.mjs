// In Chromium: a reporter attaches a photo (EXIF GPS, camera, artist; XMP;
// IPTC; a comment) and a .docx (author, company…) through the form's file input, sees the
// hidden data listed under each file, in English and in French, chooses the cleaned copy for
// one (by keyboard in French), seals, and the message gpg decrypts holds the cleaned bytes for
// that file (ExifTool finds no GPS or author in them) and the original bytes for the other.
// The original stays the default. Nothing typed leaks; axe on the step; screenshots of the
// attachments group at 360 px into docs/screenshots/<lang>-360-attachment-metadata.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync, existsSync, readFileSync } from 'node:fs';
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
  formEvents,
  runAxe,
  demoGpg,
  reportFromPlaintext,
} from '../lib/form-harness.mjs';
import { skipUnless as skipUnlessTool } from '../lib/require.mjs';
import { PHOTO, DOC, photoJpeg, propsDocx } from '../lib/metadata-fixtures.mjs';
import { cleanMetadata } from '../../../pkg/widget/metadata.js';

const skip = skipUnless({ chromium: true, gpg: true }) || skipUnlessTool(!spawnSync('exiftool', ['-ver']).error, 'exiftool is not installed (apt-get install libimage-exiftool-perl)');
const SHOTS = !process.env.PSIRT_NO_SCREENSHOTS;

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

const TEXT = {
  en: { title: 'Hidden data in this file:', choose: 'Which copy of', original: 'Send the original', cleaned: 'Send a cleaned copy, without this data', gps: 'GPS position', camera: 'Camera', author: 'Author', company: 'Company', orientation: 'orientation', review: 'cleaned copy', other: 'Other data (left out of a cleaned copy)', icc: 'colour profile' },
  fr: { title: 'Données cachées dans ce fichier :', choose: 'Quelle copie de', original: 'Envoyer l’original', cleaned: 'Envoyer une copie nettoyée, sans ces données', gps: 'Position GPS', camera: 'Appareil photo', author: 'Auteur', company: 'Société', orientation: 'orientation', review: 'copie nettoyée', other: 'Autres données (retirées de la copie nettoyée)', icc: 'profil de couleurs' },
};

/** ExifTool's tags for some bytes. */
function exiftool(bytes, ext) {
  const dir = mkdtempSync(join(tmpdir(), 'psirt-meta-e2e-'));
  try {
    writeFileSync(join(dir, `f.${ext}`), bytes);
    const r = spawnSync('exiftool', ['-j', '-G1', '-a', join(dir, `f.${ext}`)], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout)[0];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function fillVulnerability(page, lang, mark) {
  await page.locator(sel('input[name="route"][value="vulnerability"]')).check();
  await clickAction(page, 'next');
  await waitStep(page, 'details');
  const fr = lang === 'fr';
  const text = {
    'reporter.email': fr ? 'chercheuse@labo.example' : 'alex.martin@researcher.example',
    title: `${fr ? 'Console : XSS stockée' : 'Stored XSS in the console'} ${mark}`,
    summary: fr ? 'Le nom d’un équipement est affiché sans échappement.' : 'The device name is rendered without encoding.',
    description: fr ? `La photo jointe montre l’écran ${mark}.` : `The attached photo shows the screen ${mark}.`,
    steps_to_reproduce: '1. Rename a device.\n2. Open the inventory.',
    'affected.0.vendor': 'Thales',
    'affected.0.product': 'Example Device Manager',
    'affected.0.versions.0': '4.2.1',
  };
  for (const [name, value] of Object.entries(text)) await typeInto(page, name, value);
  for (const [name, value] of [['exploited', 'no'], ['commitments.no_exploitation'], ['commitments.no_disclosure_without_consent'], ['commitments.no_prohibited_attacks']]) {
    await page.locator(byName(name) + (value ? `[value="${value}"]` : '')).check();
  }
}

async function shootAttachments(page, lang) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 780 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const group = page.locator(sel('[data-path="attachments"]'));
  await group.scrollIntoViewIfNeeded();
  const png = await group.screenshot({ animations: 'disabled', caret: 'hide' });
  const file = join(SCREENSHOTS, `${lang}-360-attachment-metadata.png`);
  if (!existsSync(file) || !readFileSync(file).equals(png)) writeFileSync(file, png);
  await page.setViewportSize(original);
}

for (const lang of ['en', 'fr']) {
  // English cleans the photo and keeps the document; French the other way round, by keyboard.
  const cleanPhoto = lang === 'en';
  test(`(${lang}) the photo's and the document's hidden data are listed; the ${cleanPhoto ? 'photo' : 'document'} is sent cleaned, the other as it was`, { skip, timeout: 120_000 }, async () => {
    const T = TEXT[lang];
    const mark = `PSIRT-LEAK-MARKER-META${lang.toUpperCase()}7Q`;
    const jpeg = photoJpeg({ le: lang === 'fr' });
    const docx = propsDocx({ descriptor: lang === 'fr' });
    const s = await openForm(chromium.browser, server.origin, { lang });
    const { page } = s;
    let ok = false;
    try {
      await waitStep(page, 'route');
      await s.ready();
      await fillVulnerability(page, lang, mark);
      await page.setInputFiles(byName('attachments'), [
        { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: jpeg },
        { name: 'findings.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: docx },
      ]);
      const photo = sel('li[data-file="photo.jpg"] [data-metadata]');
      const doc = sel('li[data-file="findings.docx"] [data-metadata]');
      await page.waitForSelector(photo, { timeout: 10_000 });
      await page.waitForSelector(doc, { timeout: 10_000 });

      // What the photo hides, in the page's language.
      const photoText = (await page.locator(photo).innerText()).replace(/\s+/g, ' ');
      assert.ok(photoText.includes(T.title), photoText);
      for (const want of [`${T.gps}`, '48.8566, 2.3522', T.camera, PHOTO.model, T.author, PHOTO.artist, PHOTO.xmpCreator, PHOTO.comment, 'IPTC']) {
        assert.ok(photoText.includes(want), `the photo's list shows ${want}:\n${photoText}`);
      }
      assert.equal(await page.locator(`${photo} li[data-meta="gps"]`).innerText().then((x) => x.replace(/\s+/g, ' ')), `${T.gps}${lang === 'fr' ? '\u00a0: ' : ': '}48.8566, 2.3522`.replace(/\s+/g, ' '));
      const docText = (await page.locator(doc).innerText()).replace(/\s+/g, ' ');
      for (const want of [T.author, DOC.creator, DOC.lastModifiedBy, T.company, DOC.company, DOC.manager, DOC.application]) {
        assert.ok(docText.includes(want), `the document's list shows ${want}:\n${docText}`);
      }
      // The choice, with both sizes; the original by default.
      const cleanedPhoto = Buffer.from((await cleanMetadata(new Uint8Array(jpeg))).data);
      const cleanedDoc = Buffer.from((await cleanMetadata(new Uint8Array(docx))).data);
      for (const [where, name] of [[photo, 'photo.jpg'], [doc, 'findings.docx']]) {
        const legend = await page.locator(`${where} legend`).innerText();
        assert.ok(legend.startsWith(T.choose) && legend.includes(name), legend);
        assert.ok(await page.locator(`${where} input[value="original"]`).isChecked(), 'the original is the default');
        assert.ok(!(await page.locator(`${where} input[value="cleaned"]`).isChecked()));
        assert.ok((await page.locator(`${where} label[for$="-original"]`).innerText()).startsWith(T.original));
        assert.ok((await page.locator(`${where} label[for$="-cleaned"]`).innerText()).startsWith(T.cleaned));
      }
      assert.ok((await page.locator(`${photo} [data-meta-note="orientation_lost"]`).innerText()).includes(T.orientation));
      // What the allow-list leaves out without reading it is listed too, in the page's language.
      assert.equal((await page.locator(`${photo} li[data-meta="other"]`).innerText()).replace(/\s+/g, ' '), `${T.other}${lang === 'fr' ? '\u00a0: ' : ': '}APP2 ICC_PROFILE`.replace(/\s+/g, ' '));
      assert.ok((await page.locator(`${photo} [data-meta-note="icc_dropped"]`).innerText()).includes(T.icc));
      // The sizes shown are the files' sizes (1.9 KB vs 519 bytes for the photo).
      const photoCleanedLabel = await page.locator(`${photo} label[for$="-cleaned"]`).innerText();
      assert.match(photoCleanedLabel, lang === 'en' ? new RegExp(`\\(${cleanedPhoto.length}\\u00a0bytes\\)`) : new RegExp(`\\(${cleanedPhoto.length}\\u00a0octets\\)`));

      const { serious } = await runAxe(page, s);
      assert.deepEqual(serious, [], `axe: ${JSON.stringify(serious, null, 2)}`);
      if (SHOTS) await shootAttachments(page, lang);

      // The choice: by mouse in English, by keyboard in French (focus the original, arrow to the cleaned copy).
      const target = cleanPhoto ? photo : doc;
      if (cleanPhoto) await page.locator(`${target} label[for$="-cleaned"]`).click();
      else {
        await page.locator(`${target} input[value="original"]`).focus();
        await page.keyboard.press('ArrowDown');
      }
      await page.waitForFunction((q) => document.querySelector('psirt-report-form').shadowRoot.querySelector(q)?.checked, `${target.replace(/^psirt-report-form /, '')} input[value="cleaned"]`, { timeout: 5_000 });
      assert.ok(await page.locator(`${target} input[value="cleaned"]`).isChecked());
      assert.ok(!(await page.locator(`${cleanPhoto ? doc : photo} input[value="cleaned"]`).isChecked()), 'the other file keeps its original');
      if (!cleanPhoto) {
        const f = await page.evaluate(() => document.querySelector('psirt-report-form').shadowRoot.activeElement?.value);
        assert.equal(f, 'cleaned', 'the focus stays on the chosen radio after the redraw');
      }

      await clickAction(page, 'review');
      try {
        await waitStep(page, 'review', 15_000);
      } catch (e) {
        throw new Error(`review step not reached: ${await page.locator(sel('.error-summary')).textContent().catch(() => '')}`, { cause: e });
      }
      const files = await page.locator(sel('[data-step="review"]')).innerText();
      const cleanedName = cleanPhoto ? 'photo.jpg' : 'findings.docx';
      assert.ok(files.split('\n').some((l) => l.startsWith(cleanedName) && l.includes(`(${T.review})`)), `the review says which file goes cleaned:\n${files}`);
      assert.ok(!files.split('\n').some((l) => l.startsWith(cleanPhoto ? 'findings.docx' : 'photo.jpg') && l.includes(T.review)));

      await clickAction(page, 'seal');
      await waitStep(page, 'sealed', 30_000);
      const sealed = (await formEvents(page)).filter((e) => e.type === 'psirt-sealed');
      assert.equal(sealed.length, 1);
      const { plaintext } = gpg.decrypt(sealed[0].detail.armored);
      const { parts } = reportFromPlaintext(plaintext);
      const sentPhoto = parts.find((p) => p.filename === 'photo.jpg')?.body;
      const sentDoc = parts.find((p) => p.filename === 'findings.docx')?.body;
      assert.ok(sentPhoto && sentDoc, `both files are MIME parts: ${parts.map((p) => p.filename).join(', ')}`);
      if (cleanPhoto) {
        assert.ok(sentPhoto.equals(cleanedPhoto), 'the photo sent is the cleaned copy');
        assert.ok(sentDoc.equals(docx), 'the document sent is the original, byte for byte');
        const tags = exiftool(sentPhoto, 'jpg');
        for (const k of Object.keys(tags)) assert.ok(!/^(GPS|IFD0|ExifIFD|XMP|IPTC|Composite:GPS)/.test(k), `the sealed photo still has ${k}`);
        assert.ok(!JSON.stringify(tags).includes(PHOTO.artist) && !JSON.stringify(tags).includes('Canon'));
        assert.equal(tags['File:ImageWidth'], 48, 'the sealed photo is still a 48×32 JPEG');
        assert.ok(exiftool(sentDoc, 'docx')['XML:Company'] === DOC.company, 'the original document keeps its company');
      } else {
        assert.ok(sentDoc.equals(cleanedDoc), 'the document sent is the cleaned copy');
        assert.ok(sentPhoto.equals(jpeg), 'the photo sent is the original, byte for byte');
        assert.ok(String(exiftool(sentPhoto, 'jpg')['Composite:GPSPosition']).startsWith('48 deg 51'), 'the original photo keeps its position');
        const tags = exiftool(sentDoc, 'docx');
        for (const k of ['XMP-dc:Creator', 'XML:LastModifiedBy', 'XML:Company', 'XML:Manager']) assert.equal(tags[k], undefined, `the sealed document still has ${k}`);
        for (const v of Object.values(DOC)) assert.ok(!sentDoc.includes(v), `${v} is not in the sealed document`);
      }
      ok = true;
    } finally {
      if (!ok) await page.screenshot({ path: `/tmp/form-metadata-fail-${lang}.png`, fullPage: true }).catch(() => {});
      await s.finish();
      // Neither the report's text nor what the files hide leaves the page (requests, console, storage).
      const leaks = [mark, PHOTO.artist, DOC.creator, DOC.company].flatMap((m) => findLeaks(s, m));
      const bad = problems(s);
      await s.close();
      assert.deepEqual(leaks.map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), [], 'the marker left the form');
      assert.deepEqual(bad.map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), []);
    }
  });
}

test('the parsers load only with the first file that is not text; if they cannot load, the form says the file was not checked', { skip, timeout: 60_000 }, async () => {
  const blocked = ({ context }) => context.route(/\/pkg\/widget\/metadata\.js/, (route) => route.abort());
  const s = await openForm(chromium.browser, server.origin, { beforeGoto: blocked });
  const { page } = s;
  try {
    await waitStep(page, 'route');
    await s.ready();
    await fillVulnerability(page, 'en', 'PSIRT-LEAK-MARKER-METABLOCK');
    assert.ok(!s.records.some((r) => r.kind === 'request' && /metadata\.js/.test(r.text)), 'not loaded with the form');
    await page.setInputFiles(byName('attachments'), { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photoJpeg() });
    const note = page.locator(sel('li[data-file="photo.jpg"] [data-meta-problem="not_checked"]'));
    await note.waitFor({ timeout: 10_000 });
    assert.match(await note.innerText(), /could not be checked/);
    assert.equal(await page.locator(sel('li[data-file="photo.jpg"] input[value="cleaned"]')).count(), 0, 'no cleaned copy offered');
    assert.ok(s.records.some((r) => r.kind === 'request' && /metadata\.js/.test(r.text)), 'asked for with the first binary file');
  } finally {
    await s.finish();
    await s.close();
  }
});
