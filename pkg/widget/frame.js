/**
 * Issue 16 item 4: isolation mode, the frame's side. A PSIRT serves a small page on its own
 * origin (www/frame.html is the demo's) that loads this module:
 *
 *   <main data-psirt-frame data-profiles="thales"></main>
 *   <script type="module" src="/psirt-report/widget/frame.js"></script>
 *
 * with a CSP whose `frame-ancestors` lists the host pages allowed to embed it. It runs the real
 * `<psirt-report-form>` in this document and sends the embedding page (isolated.js) only:
 * `ready`, its height, the sealed result (`psirt-sealed`'s five strings) and the route
 * (`psirt-route`) — each `postMessage` targeted at the host origin named in the fragment, never
 * `*`, so no other page can receive it. Nothing the reporter types is ever posted.
 *
 * What the host may choose (fragment, public values only): `lang`; `profile`, among the ones the
 * frame page lists in `data-profiles` (the first is the default) — the profile carries the pinned
 * fingerprint, so a host cannot make the frame encrypt to a key the PSIRT did not choose (the
 * demo profile's secret key is public); `key-url`, only on this origin (the pin checks it anyway);
 * `integrity` / `seal-integrity`, unless the frame page sets its own (`data-integrity`,
 * `data-seal-integrity`), which then win. Anything else is refused: the frame then shows no form
 * and tells the host, which shows the manual route.
 *
 * The frame refuses to run when the host origin is missing, equals this origin (no isolation), or
 * differs from what the browser says embeds it (`location.ancestorOrigins`, where supported).
 */

import './index.js';
import { t } from './i18n.js';
import { h } from './dom.js';
import { PROTOCOL, sealedDetail } from './frame-message.js';

const SRI = /^sha256-[A-Za-z0-9+/]{43}=$/;

const mount = document.querySelector('[data-psirt-frame]') ?? document.body;
const settings = () => new URLSearchParams(location.hash.slice(1));
const langOf = (p) => (p.get('lang') === 'fr' ? 'fr' : 'en');

/** The host origin to post to, or null (then the frame posts nothing and shows no form). */
function hostOrigin(p) {
  const host = p.get('host');
  if (!host || window.parent === window) return null;
  let origin;
  try {
    origin = new URL(host).origin;
  } catch {
    return null;
  }
  if (origin !== host || origin === location.origin || !/^https?:$/.test(new URL(host).protocol)) return null;
  const ancestors = location.ancestorOrigins;
  if (ancestors && ancestors.length > 0 && ancestors[0] !== origin) return null;
  return origin;
}

/** The form's attributes from the fragment and the page's own settings, or null if refused. */
function attributes(p) {
  const own = mount.dataset;
  const profiles = (own.profiles ?? 'thales').split(/\s+/).filter(Boolean);
  const out = { profile: p.get('profile') ?? profiles[0], lang: langOf(p) };
  if (!profiles.includes(out.profile)) return null;
  const keyUrl = p.get('key-url');
  if (keyUrl !== null) {
    try {
      if (new URL(keyUrl, location.href).origin !== location.origin) return null;
    } catch {
      return null;
    }
    out['key-url'] = keyUrl;
  }
  // The intake the form sends to (from inside this frame): the frame page's own, else the host's
  // (only ciphertext and a stamp are ever posted), http(s) only.
  const submit = own.submitUrl ?? p.get('submit-url');
  if (submit !== null && submit !== undefined) {
    try {
      if (!/^https?:$/.test(new URL(submit, location.href).protocol)) return null;
    } catch {
      return null;
    }
    out['submit-url'] = submit;
  }
  for (const [name, mine] of [
    ['integrity', own.integrity],
    ['seal-integrity', own.sealIntegrity],
    ['open-integrity', own.openIntegrity], // issue 16 item 5: key generation's module
  ]) {
    const v = mine ?? p.get(name);
    if (v === null || v === undefined) continue;
    if (!SRI.test(v)) return null;
    out[name] = v;
  }
  return out;
}

function start() {
  const p = settings();
  const lang = langOf(p);
  document.documentElement.lang = lang;
  const target = hostOrigin(p);
  const post = (type, extra = {}) => {
    if (target) window.parent.postMessage({ psirt: PROTOCOL, type, ...extra }, target);
  };
  const attrs = target ? attributes(p) : null;
  if (!attrs) {
    mount.replaceChildren(h('p', { role: 'alert' }, t(lang, 'frame.refused')));
    post('refused');
    return;
  }
  const form = document.createElement('psirt-report-form');
  for (const [name, value] of Object.entries(attrs)) form.setAttribute(name, value);
  form.addEventListener('psirt-sealed', (e) => {
    const detail = sealedDetail(e.detail);
    if (detail) post('sealed', { detail });
  });
  form.addEventListener('psirt-route', (e) => {
    // The profile's routing (where to go, a name, an address): structured-cloned as plain data.
    post('route', { detail: { kind: String(e.detail?.kind ?? ''), route: JSON.parse(JSON.stringify(e.detail?.route ?? null)) } });
  });
  // A mailto: link followed inside the frame would navigate the iframe itself, which the host's
  // CSP (frame-src) blocks, leaving the iframe on an error page (form and ciphertext gone).
  // Aimed at the top window, the reporter's click hands it to the mail program (the sandbox's
  // allow-top-navigation-by-user-activation); the host page stays where it is.
  form.addEventListener(
    'click',
    (e) => {
      const a = e.composedPath().find((n) => n instanceof HTMLAnchorElement);
      if (a?.protocol === 'mailto:') a.target = '_top';
    },
    true,
  );
  mount.replaceChildren(form);
  post('ready');
  // The host sizes the iframe to the form: no inner scroll bar, no gap.
  let last = -1;
  const measure = () => {
    // The root element's box is as tall as the content (scrollHeight would never shrink below the
    // iframe's current height).
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      post('height', { height });
    }
  };
  const observer = new ResizeObserver(measure);
  observer.observe(mount);
  observer.observe(document.documentElement);
  measure();
  // The host changes the language by changing the fragment: same document, nothing typed is lost.
  window.addEventListener('hashchange', () => {
    const next = langOf(settings());
    document.documentElement.lang = next;
    form.setAttribute('lang', next);
  });
}

start();
