// Page-side helpers and scenarios shared by the engine tests (engines/firefox-webkit.browser.test.mjs,
// engines/firefox-webkit-flows.browser.test.mjs): a recorder installed by evaluate after each load (WebKitWebDriver has
// no init scripts), storage read back, the secrets the scanner must flag, date keys per engine,
// and Tab-until over the engines' common page API.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './form-harness.mjs';

/** In the page, right after load: errors, console errors, CSP violations and the form's events. */
export function installRecorder() {
  if (globalThis.__rec) return true;
  const rec = (globalThis.__rec = []);
  addEventListener('error', (e) => rec.push(`error: ${e.message}`));
  addEventListener('unhandledrejection', (e) => rec.push(`unhandled: ${e.reason?.message ?? e.reason}`));
  document.addEventListener('securitypolicyviolation', (e) => rec.push(`csp: ${e.violatedDirective} ${e.blockedURI}`), true);
  const ce = console.error;
  console.error = (...a) => {
    rec.push(`console.error: ${a.join(' ')}`);
    ce.apply(console, a);
  };
  // The download links' blobs, by URL: the page's CSP (connect-src 'self') forbids fetching a
  // blob: URL in Firefox and WebKit, and only Chromium's driver sees downloads.
  globalThis.__blobs = new Map();
  const create = URL.createObjectURL;
  URL.createObjectURL = (b) => {
    const u = create.call(URL, b);
    globalThis.__blobs.set(u, b);
    return u;
  };
  globalThis.__events = [];
  document.addEventListener('psirt-sealed', (e) => globalThis.__events.push({ ...e.detail }));
  // Where each press landed (the innermost element, through the shadow root), so a press the form
  // seems to lose says what it hit: the button, or what moved under the pointer meanwhile.
  globalThis.__presses = [];
  const describe = (n) => (n?.nodeType === 1 ? `${n.localName}${n.id ? `#${n.id}` : ''}${n.dataset?.action ? `[data-action=${n.dataset.action}]` : ''}${n.getAttribute('name') ? `[name=${n.getAttribute('name')}]` : ''}` : String(n?.nodeName));
  for (const type of ['pointerdown', 'pointerup', 'click']) {
    document.addEventListener(type, (e) => globalThis.__presses.push(`${type} ${describe(e.composedPath()[0])} at ${Math.round(e.clientX)},${Math.round(e.clientY)} t=${Math.round(performance.now())}`), true);
  }
  return true;
}

/** In the page, at the end: everything storage holds. */
export async function readStorage() {
  const out = { localStorage: { ...localStorage }, sessionStorage: { ...sessionStorage }, cookie: document.cookie, indexedDB: [], caches: [] };
  for (const { name } of (await indexedDB.databases?.()) ?? []) {
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open(name);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    for (const store of db.objectStoreNames) {
      const all = await new Promise((resolve) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => resolve([]);
      });
      out.indexedDB.push({ name, store, records: JSON.stringify(all, (_, v) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? Array.from(new Uint8Array(v.buffer ?? v)).map((b) => String.fromCharCode(b)).join('') : v)) });
    }
    db.close();
  }
  if (globalThis.caches) {
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      for (const req of await cache.keys()) out.caches.push({ url: req.url, body: await (await cache.match(req)).text() });
    }
  }
  return out;
}

/** In the page: the .asc link's name and bytes (recorded by installRecorder). */
export async function ascOfPage() {
  const a = document.querySelector('psirt-report-form').shadowRoot.querySelector('[data-action="download-asc"]');
  return { name: a.getAttribute('download'), text: await globalThis.__blobs.get(a.href)?.text() };
}

/** `n` characters of `alphabet`, random, never three equal in a row (a placeholder to the scanner). */
export function pick(alphabet, n) {
  let s = '';
  while (s.length < n) {
    const c = alphabet[randomBytes(1)[0] % alphabet.length];
    if (s.length >= 2 && s.at(-1) === c && s.at(-2) === c) continue;
    s += c;
  }
  return s;
}
export const marker = () => `PSIRT-LEAK-MARKER-${randomBytes(6).toString('hex').toUpperCase()}`;
export const SECRETS = {
  aws: () => `aws_access_key_id = AKIA${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}\naws_secret_access_key = ${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 40)}`,
  password: () => `db_password=${pick('abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789', 10)}!${pick('0123456789', 3)}Qx`,
};
export const daysAgo = (n) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/**
 * The keys that enter an ISO date into a focused `<input type="date">` in each engine. Chromium
 * and Firefox take digits segment by segment in their UI locale's order (en-US on these builds:
 * month, day, year); WebKitGTK's date input takes the text with its slashes, `11/17/2026`.
 */
export function dateKeys(engine, iso) {
  const [y, m, d] = iso.split('-');
  return engine === 'webkit' ? `${m}/${d}/${y}` : `${m}${d}${y}`;
}

/**
 * Presses Tab (Shift+Tab with back) until the focused element matches; returns it. Elements
 * reached that show no focus (no outline, no box-shadow) are added to `invisible` when given.
 */
export async function tabUntil(page, predicate, { max = 80, back = false, invisible = null } = {}) {
  const seen = [];
  for (let i = 0; i < max; i += 1) {
    await page.keys(back ? 'Shift+Tab' : 'Tab');
    const d = await page.focused();
    seen.push(d);
    if (invisible && d && !d.visibleFocus && d.tag !== 'body') invisible.add(`${d.tag}[name=${d.name}][action=${d.action}] ${d.text}`);
    if (d && predicate(d)) return d;
  }
  throw new Error(`${page.engine}: Tab did not reach the element after ${max} presses; last: ${JSON.stringify(seen.slice(-4))}`);
}

/** The policy version the form puts in the commitments (from the core's demo profile). */
let policyVersionCache;
export async function policyVersion() {
  if (policyVersionCache === undefined) {
    const api = await import(join(ROOT, 'pkg/web.js'));
    await api.init({ module: readFileSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm')) });
    policyVersionCache = api.profile('demo').policy_version ?? null;
  }
  return policyVersionCache;
}
