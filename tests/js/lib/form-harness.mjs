// Harness for the `<psirt-report-form>` tests and benchmark (tests/js/form/reporter-flows.browser.test.mjs,
// bench/form.mjs): the demo server (www/serve.mjs on a free port), Debian's Chromium through
// playwright-core, and a page opened with a recorder of everything that could carry report text
// out of the tab:
//   - every request of the context (page and worker), with method, headers and body, also seen
//     through CDP's Network domain on the page; WebSocket frames; navigations;
//   - every console message of the page and of its workers, page errors, worker errors;
//   - every storage write (localStorage/sessionStorage setItem, indexedDB.open, IDBObjectStore
//     put/add, caches.open, Cache put/add/addAll, the document.cookie setter, history state)
//     wrapped by an init script, and at the end a read-back of localStorage, sessionStorage,
//     document.cookie, every IndexedDB database's records, every Cache's entries, and
//     Playwright's storageState (cookies, local storage, IndexedDB);
//   - CSP violations (securitypolicyviolation).
// `findLeaks(session, marker)` lists every record that holds the marker (raw, or base64 at any
// alignment).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, launch } from './chromium.mjs';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export { CHROMIUM };
export const DEMO_FPR = '396FA1D1E0E2C121462B0DF79B5573C2D06F7269';
export const DEMO_FPR_GROUPED = '396F A1D1 E0E2 C121 462B 0DF7 9B55 73C2 D06F 7269';
export const DEMO_SECRET_KEY = join(ROOT, 'keys/demo-psirt.sec.asc');
export const SCREENSHOTS = join(ROOT, 'docs/screenshots');

/** On CI (or PSIRT_REQUIRE_ALL=1) a missing browser or gpg fails the run instead of skipping it. */
export const REQUIRE_ALL = Boolean(process.env.CI || process.env.PSIRT_REQUIRE_ALL);
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const HAS_GPG = !spawnSync('gpg', ['--version']).error;

/** The skip reason for node:test (false: run). Never skips when REQUIRE_ALL is set. */
export function skipUnless({ chromium = true, gpg = false } = {}) {
  if (REQUIRE_ALL) return false;
  if (chromium && !HAS_CHROMIUM) return `${CHROMIUM} is not installed (apt-get install chromium): form test not run`;
  if (gpg && !HAS_GPG) return 'gpg is not installed (apt-get install gnupg): the sealed form output is not decrypted';
  return false;
}

// ---------------------------------------------------------------------------------------------
// Server and browser
// ---------------------------------------------------------------------------------------------

/**
 * Starts www/serve.mjs on a free port: `{origin, maildir, log(), close()}`. The intake it serves
 * beside the page stores what the form sends in `maildir`, a fresh temporary folder.
 */
export async function startServer() {
  const maildir = join(mkdtempSync(join(tmpdir(), 'psirt-demo-maildir-')), 'Maildir');
  const server = spawn(process.execPath, [join(ROOT, 'www/serve.mjs')], {
    env: { ...process.env, PORT: '0', PSIRT_DEMO_MAILDIR: maildir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  server.stdout.setEncoding('utf8');
  server.stderr.setEncoding('utf8');
  server.stderr.on('data', (c) => {
    log += c;
  });
  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${log}`)), 10_000);
    server.stdout.on('data', (chunk) => {
      log += chunk;
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${log}`));
    });
  });
  return {
    origin,
    maildir,
    log: () => log,
    close() {
      server.kill();
      rmSync(join(maildir, '..'), { recursive: true, force: true });
    },
  };
}

/** Launches Chromium (extra flags, e.g. `--js-flags=--jitless`); `close()` removes its HOME. */
export const launchChromium = (extraArgs = []) => launch(['--font-render-hinting=none', ...extraArgs]);

// ---------------------------------------------------------------------------------------------
// The recorder
// ---------------------------------------------------------------------------------------------

/** Runs in every document before its scripts: wraps what writes to storage, listens for CSP. */
function recorderInitScript() {
  const rec = (kind, detail) => {
    try {
      // eslint-disable-next-line no-undef
      globalThis.__psirtRecord?.({ kind, detail, at: performance.now() });
    } catch {
      /* recording must never break the page */
    }
  };
  const str = (v) => {
    try {
      return typeof v === 'string' ? v : JSON.stringify(v, (_, x) => (x instanceof ArrayBuffer || ArrayBuffer.isView(x) ? Array.from(new Uint8Array(x.buffer ?? x)).map((b) => String.fromCharCode(b)).join('') : x));
    } catch {
      return String(v);
    }
  };
  const wrap = (proto, name, kind, describe) => {
    const orig = proto?.[name];
    if (typeof orig !== 'function') return;
    Object.defineProperty(proto, name, {
      configurable: true,
      writable: true,
      value: function (...args) {
        rec(kind, describe.call(this, ...args));
        return orig.apply(this, args);
      },
    });
  };
  wrap(globalThis.Storage?.prototype, 'setItem', 'storage.setItem', function (k, v) {
    const which = this === globalThis.localStorage ? 'localStorage' : 'sessionStorage';
    return `${which} ${str(k)}=${str(v)}`;
  });
  wrap(globalThis.IDBFactory?.prototype, 'open', 'indexedDB.open', (n, v) => `${str(n)} v${v}`);
  wrap(globalThis.IDBObjectStore?.prototype, 'put', 'indexedDB.put', (v, k) => `${str(k)}=${str(v)}`);
  wrap(globalThis.IDBObjectStore?.prototype, 'add', 'indexedDB.add', (v, k) => `${str(k)}=${str(v)}`);
  wrap(globalThis.CacheStorage?.prototype, 'open', 'caches.open', (n) => str(n));
  wrap(globalThis.Cache?.prototype, 'add', 'cache.add', (r) => str(r?.url ?? r));
  wrap(globalThis.Cache?.prototype, 'addAll', 'cache.addAll', (rs) => str([...rs].map((r) => r?.url ?? r)));
  wrap(globalThis.Cache?.prototype, 'put', 'cache.put', (r, res) => {
    try {
      res
        ?.clone?.()
        .text()
        .then((t) => rec('cache.put.body', t));
    } catch {
      /* opaque */
    }
    return str(r?.url ?? r);
  });
  wrap(globalThis.History?.prototype, 'pushState', 'history.pushState', (s, _t, u) => `${str(s)} ${str(u)}`);
  wrap(globalThis.History?.prototype, 'replaceState', 'history.replaceState', (s, _t, u) => `${str(s)} ${str(u)}`);
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (cookie?.set) {
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      get() {
        return cookie.get.call(this);
      },
      set(v) {
        rec('document.cookie', str(v));
        cookie.set.call(this, v);
      },
    });
  }
  document.addEventListener(
    'securitypolicyviolation',
    (e) => rec('csp', `${e.violatedDirective} blocked=${e.blockedURI} sample=${e.sample} at ${e.sourceFile}:${e.lineNumber}`),
    true,
  );
  // The form's events, kept for the tests (in the page's memory, not in storage).
  globalThis.__psirtEvents = [];
  document.addEventListener('psirt-sealed', (e) => {
    globalThis.__psirtEvents.push({ type: 'psirt-sealed', detail: { ...e.detail } });
  });
  document.addEventListener('psirt-route', (e) => {
    globalThis.__psirtEvents.push({ type: 'psirt-route', detail: JSON.parse(JSON.stringify(e.detail)) });
  });
}

/** In the page, at the end: everything storage holds, read back. */
async function readBackStorage() {
  const out = { localStorage: {}, sessionStorage: {}, cookie: document.cookie, indexedDB: [], caches: [] };
  for (const [name, store] of [
    ['localStorage', localStorage],
    ['sessionStorage', sessionStorage],
  ]) {
    for (let i = 0; i < store.length; i += 1) {
      const k = store.key(i);
      out[name][k] = store.getItem(k);
    }
  }
  const dbs = (await indexedDB.databases?.()) ?? [];
  for (const { name, version } of dbs) {
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open(name);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const stores = {};
    for (const storeName of db.objectStoreNames) {
      stores[storeName] = await new Promise((resolve) => {
        const r = db.transaction(storeName).objectStore(storeName).getAll();
        r.onsuccess = () => resolve(JSON.stringify(r.result));
        r.onerror = () => resolve(`(unreadable: ${r.error})`);
      });
    }
    db.close();
    out.indexedDB.push({ name, version, stores });
  }
  for (const key of await caches.keys()) {
    const cache = await caches.open(key);
    const entries = [];
    for (const req of await cache.keys()) {
      const res = await cache.match(req);
      entries.push({ url: req.url, body: res ? await res.text() : null });
    }
    out.caches.push({ name: key, entries });
  }
  return out;
}

/**
 * Opens `${origin}/?lang=…` in a fresh context with the recorder. Returns the session:
 * `{page, context, records, lang, finish(), close(), …helpers}`. `records` is a list of
 * `{kind, text}` (requests, console, storage, csp, errors…), filled as the page runs.
 */
export async function openForm(browser, origin, { lang = 'en', width = 1280, height = 900, path, waitReady = true, beforeGoto } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true, locale: lang === 'fr' ? 'fr-FR' : 'en-GB' });
  const records = [];
  const pending = [];
  const add = (kind, text) => records.push({ kind, text: String(text) });

  await context.exposeBinding('__psirtRecord', (_source, r) => add(r.kind, r.detail));
  await context.addInitScript(recorderInitScript);

  context.on('request', (r) => {
    add('request', `${r.method()} ${r.url()} ${r.resourceType()} headers=${JSON.stringify(r.headers())} body=${r.postData() ?? ''}`);
  });
  context.on('requestfailed', (r) => add('requestfailed', `${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  context.on('console', (m) => {
    add(`console.${m.type()}`, m.text());
    pending.push(
      Promise.all(m.args().map((a) => a.jsonValue().catch(() => '(unserialisable)')))
        .then((v) => add('console.args', JSON.stringify(v)))
        .catch(() => {}),
    );
  });
  context.on('weberror', (e) => add('pageerror', e.error()?.stack ?? String(e.error())));

  const page = await context.newPage();
  page.on('pageerror', (e) => add('pageerror', e.stack ?? e.message));
  page.on('crash', () => add('pageerror', 'page crashed'));
  page.on('framenavigated', (f) => add('navigation', f.url()));
  page.on('websocket', (ws) => {
    add('websocket', ws.url());
    ws.on('framesent', (f) => add('websocket.sent', f.payload));
  });
  page.on('download', (d) => add('download', `${d.suggestedFilename()} ${d.url()}`));
  page.on('popup', (p) => add('popup', p.url()));
  const workers = [];
  page.on('worker', (w) => {
    workers.push(w);
    add('worker', w.url());
    w.on('console', (m) => add(`worker.console.${m.type()}`, m.text()));
  });
  // An independent record of the page's requests, as the DevTools protocol sees them.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) =>
    add('cdp.request', `${e.request.method} ${e.request.url} headers=${JSON.stringify(e.request.headers)} body=${e.request.postData ?? ''}`),
  );
  cdp.on('Network.webSocketFrameSent', (e) => add('cdp.websocket.sent', e.response?.payloadData));

  // The engine is ready once the key (fetched after the worker's wasm and the profile) has been
  // read: the form shows no signal of its own for that (its "loading" line goes as soon as the
  // worker object exists).
  const keyLoaded = page
    .waitForEvent('requestfinished', { predicate: (r) => /\.asc$/.test(new URL(r.url()).pathname), timeout: 30_000 })
    .catch(() => null);
  if (beforeGoto) await beforeGoto({ context, page });
  const url = path ?? `/?lang=${lang}`;
  const navStart = Date.now();
  await page.goto(`${origin}${url}`);
  if (waitReady) await page.waitForSelector('psirt-report-form[data-step]', { timeout: 15_000 });

  const session = {
    page,
    context,
    cdp,
    workers,
    records,
    lang,
    navStart,
    /** Resolves when the engine has loaded the wasm, the profile and the key (plus a beat). */
    async ready() {
      await keyLoaded;
      await page.waitForTimeout(150);
    },
    /** Waits for pending console serialisations, reads storage back; idempotent. */
    async finish() {
      await Promise.all(pending.splice(0));
      try {
        const stored = await page.evaluate(readBackStorage);
        add('readback', JSON.stringify(stored));
        session.stored = stored;
      } catch (e) {
        add('readback.error', e.message);
      }
      const state = await context.storageState({ indexedDB: true }).catch(() => context.storageState());
      add('storageState', JSON.stringify(state));
      session.storageState = state;
      add('final-url', page.url());
    },
    async close() {
      await context.close().catch(() => {});
    },
  };
  return session;
}

/** The marker's base64 forms at the three byte alignments (the stable middle of each). */
function base64Forms(marker) {
  const forms = [];
  for (let k = 0; k < 3; k += 1) {
    const b = Buffer.from('\0'.repeat(k) + marker).toString('base64').replace(/=+$/, '');
    forms.push(b.slice(k ? 4 : 0, b.length - 4));
  }
  return forms;
}

/** Every record holding the marker (raw, lower-cased, URL-encoded or base64). */
export function findLeaks(session, marker) {
  const needles = [marker, marker.toLowerCase(), encodeURIComponent(marker), ...base64Forms(marker)];
  return session.records.filter((r) => needles.some((n) => r.text.includes(n) || r.text.toLowerCase().includes(n.toLowerCase())));
}

/** CSP violations and page errors seen (console errors too: a CSP report is one). */
export function problems(session, { allowConsole = [] } = {}) {
  return session.records.filter(
    (r) =>
      r.kind === 'csp' ||
      r.kind === 'pageerror' ||
      r.kind === 'requestfailed' ||
      ((r.kind === 'console.error' || r.kind === 'worker.console.error') && !allowConsole.some((re) => re.test(r.text))),
  );
}

// ---------------------------------------------------------------------------------------------
// Driving the form
// ---------------------------------------------------------------------------------------------

export const FORM = 'psirt-report-form';
export const sel = (inner) => `${FORM} ${inner}`;
export const byName = (name) => sel(`[name="${name}"]`);

/** Waits for the form's step (`data-step` on the host). */
export async function waitStep(page, step, timeout = 15_000) {
  await page.waitForSelector(`${FORM}[data-step="${step}"]`, { timeout });
}

/** Types into the input named `name` like a person (focus, clear, type), then leaves it with Tab. */
export async function typeInto(page, name, text, { blur = true, slow = false } = {}) {
  const loc = page.locator(byName(name)).first();
  await loc.click();
  await loc.fill('');
  if (slow) await loc.pressSequentially(text);
  else {
    // Long texts: the browser inserts them as one input event, as a paste does.
    await loc.fill(text);
  }
  if (blur) await page.keyboard.press('Tab');
}

export async function clickAction(page, action, within = '') {
  await page.locator(sel(`${within} [data-action="${action}"]`.trim())).first().click();
}

/** The deepest focused element (through shadow roots), described. */
export async function focused(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    if (!a) return null;
    const cs = getComputedStyle(a);
    return {
      tag: a.tagName.toLowerCase(),
      name: a.getAttribute('name'),
      type: a.getAttribute('type'),
      value: a.value,
      id: a.id,
      action: a.dataset?.action ?? null,
      text: (a.textContent ?? '').trim().slice(0, 60),
      checked: a.checked,
      outline: `${cs.outlineStyle} ${cs.outlineWidth}`,
      boxShadow: cs.boxShadow,
      visibleFocus: (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none',
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element matches `predicate(desc)`; returns the
 * elements passed on the way. Keyboard only: never clicks.
 */
export async function tabUntil(page, predicate, { max = 80, back = false } = {}) {
  const path = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const d = await focused(page);
    path.push(d);
    if (d && predicate(d)) return path;
  }
  throw new Error(`Tab did not reach the element after ${max} presses; last: ${JSON.stringify(path.slice(-5))}`);
}

/** The form's events recorded in the page (`psirt-sealed`, `psirt-route`). */
export async function formEvents(page) {
  return page.evaluate(() => globalThis.__psirtEvents ?? []);
}

// ---------------------------------------------------------------------------------------------
// axe-core and screenshots
// ---------------------------------------------------------------------------------------------

let axeSource = null;

/**
 * Runs axe-core on the page (the form's open shadow root included). Returns the serious and
 * critical violations as `{id, impact, help, nodes: [target…]}`. Injected through the DevTools
 * protocol (not a script tag), so the page's CSP is unchanged; CSP records made while axe runs
 * are tagged `axe` and not counted as the form's.
 */
export async function runAxe(page, session) {
  axeSource ??= readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  const mark = session?.records.length ?? 0;
  await page.evaluate(`${axeSource}\n;void 0`);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: JSON.stringify(n.target), summary: n.failureSummary })) }));
  });
  if (session) for (const r of session.records.slice(mark)) if (r.kind === 'csp') r.kind = 'csp.axe';
  return {
    all: result,
    serious: result.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
  };
}

/** Full-page PNG at 360 and 1280 px into docs/screenshots/<lang>-<width>-<step>.png. */
export async function screenshots(page, lang, step, widths = [360, 1280]) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize();
  const files = [];
  for (const width of widths) {
    await page.setViewportSize({ width, height: width < 600 ? 780 : 900 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const file = join(SCREENSHOTS, `${lang}-${width}-${step}.png`);
    // The ciphertext and the receipt's id, time and hash differ at every seal: masked, so a
    // screenshot changes only when the form does.
    const png = await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide', mask: [page.locator('psirt-report-form pre.armored'), page.locator('psirt-report-form [data-receipt="reportId"], psirt-report-form [data-receipt="sealedAt"], psirt-report-form [data-receipt="sha256"]')], maskColor: '#b1b4b6' });
    if (!existsSync(file) || !readFileSync(file).equals(png)) writeFileSync(file, png);
    files.push(file);
  }
  await page.setViewportSize(original);
  return files;
}

// ---------------------------------------------------------------------------------------------
// gpg and MIME
// ---------------------------------------------------------------------------------------------

/** A throw-away GNUPGHOME with the demo secret key (or `secretKey`, a file): `{decrypt(armored) → Buffer, close()}`. */
export function demoGpg(secretKey = DEMO_SECRET_KEY) {
  const home = mkdtempSync(join(tmpdir(), 'gpg-form-'));
  chmodSync(home, 0o700);
  const gpg = (args, options = {}) => spawnSync('gpg', ['--homedir', home, '--batch', '--no-tty', ...args], { ...options });
  const imported = gpg(['--import', secretKey], { encoding: 'utf8' });
  if (imported.status !== 0) throw new Error(`gpg --import: ${imported.stderr}`);
  return {
    decrypt(armored) {
      const file = join(home, `in-${Date.now()}-${Math.random().toString(36).slice(2)}.asc`);
      writeFileSync(file, armored);
      const r = gpg(['--decrypt', file], { maxBuffer: 256 * 1024 * 1024 });
      if (r.status !== 0) throw new Error(`gpg --decrypt failed (${r.status}): ${r.stderr}`);
      return { plaintext: r.stdout, stderr: r.stderr.toString('utf8') };
    },
    close() {
      spawnSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

function parseHeaders(text) {
  const headers = {};
  for (const line of text.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return headers;
}

function param(header, name) {
  const m = new RegExp(`${name}\\*?=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(header ?? '');
  if (!m) return null;
  const v = m[1] ?? m[2];
  // RFC 2231: utf-8''name%20x
  const ext = /^([\w-]+)'[^']*'(.*)$/.exec(v);
  return ext ? decodeURIComponent(ext[2]) : v;
}

function decodeBody(body, encoding) {
  const enc = (encoding ?? '7bit').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.toString('latin1').replace(/\s+/g, ''), 'base64');
  if (enc === 'quoted-printable') {
    const s = body
      .toString('latin1')
      .replace(/[ \t]+(\r?\n)/g, '$1')
      .replace(/=\r?\n/g, '');
    const bytes = [];
    for (let i = 0; i < s.length; i += 1) {
      if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
        bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(s.charCodeAt(i) & 0xff);
    }
    return Buffer.from(bytes);
  }
  return body;
}

/**
 * A MIME entity (Buffer) → its leaf parts `{headers, type, filename, body: Buffer}` (multiparts
 * walked recursively, bodies decoded from base64 / quoted-printable).
 */
export function mimeParts(entity) {
  const raw = Buffer.isBuffer(entity) ? entity : Buffer.from(entity);
  const text = raw.toString('latin1');
  const sep = /\r?\n\r?\n/.exec(text);
  if (!sep) return [{ headers: {}, type: 'text/plain', filename: null, body: raw }];
  const headers = parseHeaders(text.slice(0, sep.index));
  const bodyText = text.slice(sep.index + sep[0].length);
  const type = (headers['content-type'] ?? 'text/plain').split(';')[0].trim().toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = param(headers['content-type'], 'boundary');
    const parts = [];
    const chunks = bodyText.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*\\r?\\n?`));
    for (const chunk of chunks.slice(1, -1)) if (chunk.trim()) parts.push(...mimeParts(Buffer.from(chunk, 'latin1')));
    return parts;
  }
  const filename = param(headers['content-disposition'], 'filename') ?? param(headers['content-type'], 'name');
  return [{ headers, type, filename, body: decodeBody(Buffer.from(bodyText, 'latin1'), headers['content-transfer-encoding']) }];
}

/** The report.json of a decrypted plaintext (a MIME entity, or the JSON itself). */
export function reportFromPlaintext(plaintext) {
  const s = plaintext.toString('utf8');
  if (s.trimStart().startsWith('{')) return { report: JSON.parse(s), parts: [] };
  const parts = mimeParts(plaintext);
  const json = parts.find((p) => p.filename === 'report.json') ?? parts.find((p) => p.type === 'application/json');
  if (!json) throw new Error(`no report.json part in:\n${s.slice(0, 2000)}`);
  return { report: JSON.parse(json.body.toString('utf8')), parts };
}
