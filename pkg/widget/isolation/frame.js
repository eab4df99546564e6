/**
 * Isolation mode, the frame's side. A PSIRT serves a small page on its own
 * origin (www/frame.html is the demo's) that loads this module:
 *
 *   <main data-psirt-frame data-profiles="thales"></main>
 *   <script type="module" src="/psirt-report/widget/frame.js"></script>
 *
 * with a CSP whose `frame-ancestors` lists the host pages allowed to embed it. It runs the real
 * `<psirt-report-form>` in this document and sends the embedding page (isolated.js) only:
 * `ready`, its height, the sealed result (`psirt-sealed`'s detail as `sealedDetail()` keeps it) and the route
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
 * The frame refuses to run when the host origin is missing, equals this origin (no isolation),
 * or is not its parent. The parent is checked by a
 * handshake every engine supports: the frame posts `hello` (a fresh nonce) to `window.parent`
 * aimed at the claimed origin — the browser delivers it only if the parent IS that origin — and
 * starts the form only on a `welcome` carrying the nonce whose `event.source` is the parent and
 * whose `event.origin` is the claimed one. `location.ancestorOrigins` is only a shortcut to refuse
 * at once: Firefox 153 reports `["null"]` in an iframe created with `referrerpolicy="no-referrer"`
 * (as the host creates it), so "null" proves nothing either way and is left to the handshake.
 * A refusal is told at once (`refused`, aimed at the claimed host: a parent of another origin
 * gets nothing), so the host shows the manual route without waiting for its timeout.
 *
 * The heights posted to the host are rounded up to HEIGHT_STEP pixels: the host sizes the iframe
 * with them, and an exact height would tell it when a line appears (an error, a finding).
 */

import '../index.js';
import { t } from '../i18n.js';
import { h } from '../dom.js';
import { PROTOCOL, sealedDetail } from './frame-message.js';

const SRI = /^sha256-[A-Za-z0-9+/]{43}=$/;

const mount = document.querySelector('[data-psirt-frame]') ?? document.body;
const settings = () => new URLSearchParams(location.hash.slice(1));
const langOf = (p) => (p.get('lang') === 'fr' ? 'fr' : 'en');

/** Rounding of the heights posted to the host (see the module doc). */
export const HEIGHT_STEP = 64;
/** How long the frame waits for the host's `welcome` before it refuses. */
const HANDSHAKE_MS = 10_000;

/** The host origin claimed by the fragment, or null when it cannot be one. */
export function claimedHost(host, own = location.origin) {
  if (!host) return null;
  let url;
  try {
    url = new URL(host);
  } catch {
    return null;
  }
  if (url.origin !== host || url.origin === own || !/^https?:$/.test(url.protocol)) return null;
  return url.origin;
}

/** The host origin to post to, or null (then the frame shows no form and says so to its parent). */
function hostOrigin(p) {
  if (window.parent === window) return null;
  const origin = claimedHost(p.get('host'));
  if (!origin) return null;
  // A real origin that is not the claimed one: refused at once. "null" (Firefox, no-referrer) or
  // no ancestorOrigins at all (Firefox before 153 had none): the handshake decides.
  const ancestors = location.ancestorOrigins;
  if (ancestors && ancestors.length > 0 && ancestors[0] !== 'null' && ancestors[0] !== origin) return null;
  return origin;
}

/** Resolves true once the parent proves it is `origin` (see the module doc), false on timeout. */
function handshake(origin) {
  const nonce = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  return new Promise((resolve) => {
    const done = (ok) => {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      resolve(ok);
    };
    const onMessage = (e) => {
      if (e.source !== window.parent || e.origin !== origin) return;
      const m = e.data;
      if (m && typeof m === 'object' && m.psirt === PROTOCOL && m.type === 'welcome' && m.nonce === nonce) done(true);
    };
    const timer = setTimeout(() => done(false), HANDSHAKE_MS);
    window.addEventListener('message', onMessage);
    window.parent.postMessage({ psirt: PROTOCOL, type: 'hello', nonce }, origin);
  });
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
  // The intake a host page that posts the sealed message itself names in the stamp (absolute,
  // http(s): the host resolved it against its own page).
  const audience = p.get('stamp-audience');
  if (audience !== null) {
    try {
      if (!/^https?:$/.test(new URL(audience).protocol)) return null;
    } catch {
      return null;
    }
    out['stamp-audience'] = audience;
  }
  for (const [name, mine] of [
    ['integrity', own.integrity],
    ['seal-integrity', own.sealIntegrity],
    ['open-integrity', own.openIntegrity], // key generation's module
  ]) {
    const v = mine ?? p.get(name);
    if (v === null || v === undefined) continue;
    if (!SRI.test(v)) return null;
    out[name] = v;
  }
  return out;
}

async function start() {
  const p = settings();
  const lang = langOf(p);
  document.documentElement.lang = lang;
  const target = hostOrigin(p);
  const post = (type, extra = {}) => {
    if (target) window.parent.postMessage({ psirt: PROTOCOL, type, ...extra }, target);
  };
  const refuse = () => {
    mount.replaceChildren(h('p', { role: 'alert' }, t(lang, 'frame.refused')));
    // So that the host stops waiting and shows the manual route at once. Aimed at the claimed
    // host only: a parent of another origin does not receive it (nothing is ever posted to `*`).
    const claimed = claimedHost(p.get('host'));
    if (claimed && window.parent !== window) window.parent.postMessage({ psirt: PROTOCOL, type: 'refused' }, claimed);
  };
  const attrs = target ? attributes(p) : null;
  if (!attrs || !(await handshake(target))) {
    refuse();
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
    const exact = document.documentElement.getBoundingClientRect().height;
    const height = Math.ceil(exact / HEIGHT_STEP) * HEIGHT_STEP;
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
