/**
 * The demo host page of the isolated form. A real page writes the PSIRT's frame
 * URL in `frame-url`; the demo's port is chosen at start, so its PSIRT origin is the other
 * loopback name on this port (127.0.0.1 ↔ localhost: another origin and another site), the one
 * www/serve.mjs lets this page frame. Like form.js, it picks the language and counts the events.
 */

const form = document.querySelector('psirt-report-form');
if (!form.hasAttribute('frame-url')) {
  const other = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  form.setAttribute('frame-url', `${location.protocol}//${other}:${location.port}/frame.html`);
}
const lang = new URLSearchParams(location.search).get('lang');
if (lang === 'fr' || lang === 'en') {
  document.documentElement.lang = lang;
  form.setAttribute('lang', lang);
}
for (const p of document.querySelectorAll('.page-footer [data-lang]')) p.hidden = p.dataset.lang !== (lang ?? 'en');
for (const a of document.querySelectorAll('.lang-switch a')) {
  if (a.dataset.lang === (lang ?? 'en')) a.setAttribute('aria-current', 'true');
}
// The element is defined after its attributes are set: it reads them when it connects.
await import('/pkg/widget/index.js');
form.addEventListener('psirt-sealed', (event) => {
  document.body.dataset.sealedBytes = String(event.detail.armored.length);
});
form.addEventListener('psirt-route', (event) => {
  document.body.dataset.route = event.detail.kind;
});
