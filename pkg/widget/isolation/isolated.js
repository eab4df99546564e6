/**
 * Isolation mode, the host page's side. `<psirt-report-form isolated
 * frame-url="https://psirt.example/report-frame.html">` does not draw the form in the host page:
 * it shows an `<iframe sandbox>` of the PSIRT's frame page (frame.js runs the real form there, on
 * the PSIRT's origin), so what the reporter types lives in another origin's document that no
 * script of the host page can read. Only two kinds of result come back, by `postMessage`: the
 * sealed report (`psirt-sealed`, its detail as `sealedDetail()` in frame-message.js keeps it:
 * ciphertext, routing, the stamp and the receipt, never `recipients`; docs/reference/element.md)
 * and the route (`psirt-route`); this element re-dispatches them on itself, so host code
 * listens exactly as in the non-isolated mode.
 *
 * A message counts only if it comes from the frame's origin AND from this element's iframe
 * window: a message from the host page itself, from another frame (an ad, a widget) or from this
 * iframe once navigated elsewhere is dropped. What goes to the frame: non-secret settings in the
 * URL fragment (never sent to a server): `host` (this page's origin, the only target the frame
 * posts to), `lang`, `profile`, `key-url`, `integrity`, `seal-integrity`.
 *
 * Sandbox: `allow-scripts` (the form is a script), `allow-same-origin` (without it the frame's
 * origin is opaque: its module scripts, worker, profile and key are then cross-origin loads its
 * server would have to open to everyone, it has no storage of its own, and its messages arrive
 * with origin "null", which any sandboxed frame has, so the origin check would mean nothing; safe
 * only because the frame is on ANOTHER origin: a same-origin frame with both flags could remove
 * its own sandbox, so a frame URL on this page's origin is refused), `allow-downloads` (the .asc
 * and .eml), `allow-top-navigation-by-user-activation` (the `mailto:` link: frame.js aims it at the
 * top window, since followed inside the iframe it is blocked by the host's `frame-src` and leaves
 * the iframe on an error page, form and ciphertext lost; `allow-top-navigation-to-custom-protocols`
 * alone does not let Chromium 156 do that, and `allow-popups` opens an empty window; this one
 * needs a click of the reporter's in the frame). Not given: forms (nothing is submitted),
 * popups, modals, top navigation without a click, pointer lock, presentation.
 *
 * If the frame does not say it is alive within `frame-timeout` ms (default 15 000), or it refuses
 * the settings, the iframe is removed and the element shows the manual route (address, key,
 * fingerprint, gpg command), in English or French.
 */

import { t } from '../i18n.js';
import { PROTOCOL, sealedDetail, isLoopback } from './frame-message.js';

export { PROTOCOL, isLoopback };
export const SANDBOX = 'allow-scripts allow-same-origin allow-downloads allow-top-navigation-by-user-activation';
/** Settings the host may pass to the frame: all public (a name, a URL, a hash, a language). */
export const PASSED = ['profile', 'key-url', 'integrity', 'seal-integrity', 'open-integrity', 'submit-url', 'stamp-audience'];
const DEFAULT_TIMEOUT = 15_000;
const MIN_HEIGHT = 120;
const MAX_HEIGHT = 100_000;

const STYLE = ':host([isolated]) { display: block; } iframe.psirt-frame { display: block; width: 100%; border: 0; min-height: 120px; }';
let sheet = null;
function frameSheet() {
  if (sheet === null && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  return sheet;
}

/**
 * The frame's URL, or `{error}`: https, or http on a loopback name only (a frame fetched over
 * plain http on a network can be rewritten on the way, and it runs the form); never this page's
 * own origin.
 */
export function frameTarget(attr, base = globalThis.location?.href) {
  let url;
  try {
    url = new URL(attr ?? '', base);
  } catch {
    return { error: 'isolated.bad_url' };
  }
  if (!attr || (url.protocol !== 'https:' && url.protocol !== 'http:')) return { error: 'isolated.bad_url' };
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) return { error: 'isolated.insecure', origin: url.origin };
  if (url.origin === new URL(base).origin) return { error: 'isolated.same_origin' };
  return { url };
}

/**
 * Mounts the frame in `root` (the element's shadow root). `onFail(key, params)` is called once
 * if the frame cannot be used (the element then draws the manual route). Returns
 * `{live, update(), destroy()}`.
 */
export function mountIsolated(el, root, onFail) {
  const lang = () => el.lang;
  const target = frameTarget(el.getAttribute('frame-url'));
  const state = { live: false, update() {}, destroy() {} };
  if (target.error) {
    el.setAttribute('data-isolated', 'failed');
    queueMicrotask(() => onFail(target.error, { origin: target.origin ?? '' }));
    return state;
  }
  const origin = target.url.origin;
  const frame = document.createElement('iframe');
  frame.className = 'psirt-frame';
  frame.setAttribute('sandbox', SANDBOX);
  // The copy button writes the ciphertext to the clipboard; nothing else is delegated.
  frame.setAttribute('allow', 'clipboard-write');
  frame.setAttribute('referrerpolicy', 'no-referrer');
  frame.setAttribute('part', 'frame');

  const src = () => {
    const u = new URL(target.url);
    const p = new URLSearchParams();
    p.set('host', location.origin);
    p.set('lang', lang());
    for (const name of PASSED) {
      let v = el.getAttribute(name);
      // The host posts to its intake itself: a relative URL is the host page's, not the frame's.
      if (v !== null && name === 'stamp-audience') {
        try {
          v = new URL(v, document.baseURI).href;
        } catch {
          v = null;
        }
      }
      if (v !== null) p.set(name, v);
    }
    u.hash = p.toString();
    return u.href;
  };
  const title = () => t(lang(), 'isolated.title', { origin });

  let timer = null;
  let ready = false;
  const onMessage = (event) => {
    // Both checks: the origin says who wrote it, the source says which frame it came from.
    if (event.origin !== origin || event.source === null || event.source !== frame.contentWindow) return;
    const m = event.data;
    if (!m || typeof m !== 'object' || m.psirt !== PROTOCOL) return;
    if (m.type === 'hello' && typeof m.nonce === 'string' && !ready) {
      // The frame asks this page to prove its origin (frame.js: the handshake): the answer goes
      // to the frame's origin only, and carries back only the frame's own nonce.
      frame.contentWindow.postMessage({ psirt: PROTOCOL, type: 'welcome', nonce: m.nonce.slice(0, 64) }, origin);
    } else if (m.type === 'ready') {
      ready = true;
      clearTimeout(timer);
      el.setAttribute('data-isolated', 'ready');
    } else if (m.type === 'refused') {
      fail('isolated.refused');
    } else if (m.type === 'height' && Number.isFinite(m.height)) {
      frame.style.height = `${Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(m.height)))}px`;
    } else if (m.type === 'sealed' && ready) {
      // A new object with only the crossing strings: nothing else the frame sent goes further.
      const detail = sealedDetail(m.detail);
      if (!detail) return;
      el.dispatchEvent(new CustomEvent('psirt-sealed', { bubbles: true, composed: true, detail }));
    } else if (m.type === 'route' && ready) {
      const d = m.detail ?? {};
      if (typeof d.kind !== 'string') return;
      el.dispatchEvent(new CustomEvent('psirt-route', { bubbles: true, composed: true, detail: { kind: d.kind, route: d.route ?? null } }));
    }
  };
  let done = false;
  const destroy = () => {
    if (done) return;
    done = true;
    state.live = false;
    clearTimeout(timer);
    window.removeEventListener('message', onMessage);
    frame.remove();
  };
  const fail = (key) => {
    if (done) return;
    destroy();
    el.setAttribute('data-isolated', 'failed');
    onFail(key, { origin });
  };

  window.addEventListener('message', onMessage);
  frame.title = title();
  frame.src = src();
  const css = frameSheet();
  if (css) root.adoptedStyleSheets = [...root.adoptedStyleSheets, css];
  root.replaceChildren(frame);
  el.setAttribute('data-isolated', 'loading');
  const wait = Number(el.getAttribute('frame-timeout'));
  timer = setTimeout(() => {
    if (!ready) fail('isolated.failed');
  }, Number.isFinite(wait) && wait > 0 ? wait : DEFAULT_TIMEOUT);

  state.live = true;
  // The language changes in place: a new fragment is a same-document navigation for the frame
  // (hashchange), so what the reporter typed stays.
  state.update = () => {
    if (done) return;
    frame.title = title();
    frame.src = src();
  };
  state.destroy = destroy;
  return state;
}
