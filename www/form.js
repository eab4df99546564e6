/**
 * The demo host page: what a PSIRT's page does around `<psirt-report-form>`. It picks the
 * language (?lang=fr) and listens to the form's events. It receives only ciphertext
 * (`psirt-sealed`) and routes (`psirt-route`), and logs neither.
 */

import '/pkg/widget/index.js';

const form = document.querySelector('psirt-report-form');
const lang = new URLSearchParams(location.search).get('lang');
if (lang === 'fr' || lang === 'en') {
  document.documentElement.lang = lang;
  form.setAttribute('lang', lang);
}
for (const p of document.querySelectorAll('.page-footer [data-lang]')) p.hidden = p.dataset.lang !== (lang ?? 'en');
for (const a of document.querySelectorAll('.lang-switch a')) {
  if (a.dataset.lang === (lang ?? 'en')) a.setAttribute('aria-current', 'true');
}
// A host page could POST `event.detail.armored` to its intake here; the demo only keeps the
// count, for the tests to see that the event arrived.
form.addEventListener('psirt-sealed', (event) => {
  document.body.dataset.sealedBytes = String(event.detail.armored.length);
});
form.addEventListener('psirt-route', (event) => {
  document.body.dataset.route = event.detail.kind;
});
