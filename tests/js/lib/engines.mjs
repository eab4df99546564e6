// One small driver API over the three browser engines this machine runs from Debian's packages,
// so the same flow code runs in each:
//
//   chromium  /usr/bin/chromium            playwright-core (as tests/js/lib/chromium.mjs)
//   firefox   /usr/bin/firefox-esr         puppeteer-core over WebDriver BiDi (Playwright 1.65
//                                          cannot drive Firefox ESR 153; no browser download)
//   webkit    WebKitWebDriver + MiniBrowser selenium-webdriver, classic WebDriver, under Xvfb
//
// What the API gives, identically in each engine (an `EnginePage`):
//   goto(url), evaluate(fn, ...args) (fn is serialised: plain data in and out),
//   waitFor(fn, args, {timeout, what}) (polls evaluate until truthy; the error says `what`),
//   click(selector) (a pointer click at the element's centre: WebKitWebDriver refuses the
//   WebDriver "element click" on inputs inside a shadow root, pointer actions work everywhere),
//   pointerDown(selector) / pointerUp(), keyDown(name) / keyUp(name) (a press held open, to put
//   something between its two halves), focus(selector), keys(...names) ('Tab', 'Shift+Tab', 'Enter', 'Space', 'ArrowDown'…),
//   type(text) (key presses into the focused element), insertText(selector, text) (one input
//   event, as a paste), setFiles(selector, paths), setViewport(w, h), screenshot(file)
//   (PNG of the viewport: WebKitWebDriver has no full-page capture, so all engines take the
//   viewport, at a height that shows the step), close().
// Selectors pierce shadow roots with ` >>> ` (`psirt-report-form >>> [name="title"]`).
//
// What a test can observe differs by engine, and the API says so (`observes`): Chromium and
// Firefox report console messages and page errors to the driver; WebKitWebDriver reports nothing,
// so the pages the tests serve carry a recorder script (engines-recorder.js) that records errors,
// console errors, CSP violations and storage writes in the page for every engine alike, and the
// server records every request it receives (page and worker alike, with headers and body), which
// is the one request log every engine gets.
//
// A missing engine fails CI (PSIRT_REQUIRE_ALL=1) like a missing gpg: `skipWithoutEngine(name)`.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { skipUnless } from './require.mjs';

export const CHROMIUM = '/usr/bin/chromium';
export const FIREFOX = '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
export const XVFB = '/usr/bin/Xvfb';

/** MiniBrowser of webkit2gtk (4.1 or 4.0), or null. */
export function miniBrowser() {
  for (const v of ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0']) {
    const p = `/usr/lib/x86_64-linux-gnu/${v}/MiniBrowser`;
    if (existsSync(p)) return p;
  }
  return null;
}

export const ENGINES = ['chromium', 'firefox', 'webkit'];

const PACKAGES = { chromium: 'chromium', firefox: 'firefox-esr', webkit: 'webkit2gtk-driver xvfb' };

export function engineAvailable(name) {
  if (name === 'chromium') return existsSync(CHROMIUM);
  if (name === 'firefox') return existsSync(FIREFOX);
  if (name === 'webkit') return existsSync(WEBKIT_DRIVER) && existsSync(XVFB) && miniBrowser() !== null;
  return false;
}

/** A node:test skip reason when the engine is missing (PSIRT_REQUIRE_ALL=1: throws). */
export function skipWithoutEngine(name) {
  return skipUnless(engineAvailable(name), `${name} is not installed (make test installs it; or apt-get install ${PACKAGES[name]}): ${name} test not run`);
}

/** What a test can observe in each engine, besides the page-side recorder and the server log. */
export const OBSERVES = {
  chromium: { console: true, pageErrors: true, requests: true, downloads: true, initScripts: true },
  firefox: { console: true, pageErrors: true, requests: true, downloads: false, initScripts: true },
  webkit: { console: false, pageErrors: false, requests: false, downloads: false, initScripts: false },
};

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** In the page: the element a ` >>> ` selector names (through open shadow roots), or null. */
function deepQuery(selector) {
  let scope = document;
  let el = null;
  for (const part of selector.split(' >>> ')) {
    el = scope?.querySelector(part) ?? null;
    if (!el) return null;
    scope = el.shadowRoot ?? el;
  }
  return el;
}
const DEEP = deepQuery.toString();

/** The page-side script for `fn(...args)`, with `__deep` in scope (no eval: the page's CSP forbids it). */
const script = (fn, args) => `(async () => { const __deep = ${DEEP}; const centreOf = ${CENTRE}; return (${fn.toString()})(...${JSON.stringify(args)}); })()`;

/** In the page: scrolls the element into view and returns its centre in viewport pixels. */
function centreOf(selector) {
  const el = __deep(selector); // eslint-disable-line no-undef
  if (!el) return null;
  el.scrollIntoView({ block: 'center', inline: 'center' });
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) return { hidden: true };
  return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) };
}

const CENTRE = centreOf.toString();

/** In the page: focuses the element (focus() as a keyboard would reach it). */
function focusOf(selector) {
  const el = __deep(selector); // eslint-disable-line no-undef
  if (!el) return false;
  el.focus();
  return true;
}

/** In the page: replaces the value of the focused input by `text` in one input event (a paste). */
function insertTextOf(selector, text) {
  const el = __deep(selector); // eslint-disable-line no-undef
  if (!el) return false;
  el.focus();
  el.select?.();
  // execCommand('insertText') is what a paste does in all three engines: one input event, undo
  // history kept, the framework sees a user edit.
  // eslint-disable-next-line deprecation/deprecation
  if (!document.execCommand('insertText', false, text) || el.value !== text) {
    el.value = text;
    el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste', data: text }));
  }
  return true;
}

/** Common part of every EnginePage: built on evaluate + pointer/keyboard primitives. */
class EnginePage {
  constructor(engine) {
    this.engine = engine;
  }

  async waitFor(fn, args = [], { timeout = 15_000, what = fn.toString().slice(0, 120), interval = 100 } = {}) {
    const end = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        last = await this.evaluate(fn, ...args);
        if (last) return last;
      } catch (e) {
        last = e;
      }
      if (Date.now() > end) throw new Error(`${this.engine}: timed out after ${timeout} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
      await sleep(interval);
    }
  }

  /** Waits for the selector to exist (and, by default, to be visible). */
  async waitForSelector(selector, { timeout = 15_000, visible = false, gone = false } = {}) {
    return this.waitFor(
      (s, v, g) => {
        const el = __deep(s); // eslint-disable-line no-undef
        if (g) return !el;
        if (!el) return false;
        if (!v) return true;
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
      },
      [selector, visible, gone],
      { timeout, what: `${gone ? 'no ' : ''}${selector}` },
    );
  }

  async exists(selector) {
    return this.evaluate((s) => Boolean(__deep(s)), selector);
  }

  async text(selector) {
    return this.evaluate((s) => __deep(s)?.textContent ?? null, selector);
  }

  async value(selector) {
    return this.evaluate((s) => __deep(s)?.value ?? null, selector);
  }

  async attr(selector, name) {
    return this.evaluate((s, n) => __deep(s)?.getAttribute(n) ?? null, selector, name);
  }

  async count(selector) {
    // Only the last part may match several: the rest names one element.
    const parts = selector.split(' >>> ');
    const last = parts.pop();
    return this.evaluate(
      (s, l) => {
        const scope = s ? __deep(s) : document;
        return (scope?.shadowRoot ?? scope)?.querySelectorAll(l).length ?? 0;
      },
      parts.join(' >>> '),
      last,
    );
  }

  /**
   * The element's centre once its box has held still for two frames, or for `settle` ms: a
   * validation or a scan painting messages above it moves it (a validation comes VALIDATE_DELAY
   * after the last input), and a press aimed at where it was lands beside it.
   */
  async stillCentre(selector, settle, verb) {
    const at = await this.waitFor(
      async (s, ms) => {
        const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const a = centreOf(s);
        const end = performance.now() + ms;
        do await frame();
        while (performance.now() < end && JSON.stringify(centreOf(s)) === JSON.stringify(a));
        const b = centreOf(s);
        if (!a || !b) return false;
        if (a.hidden || b.hidden) return { hidden: true };
        return a.x === b.x && a.y === b.y ? b : false;
      },
      [selector, settle],
      { what: `${selector} to ${verb}, its box still` },
    );
    if (at.hidden) throw new Error(`${this.engine}: ${selector} has no box to ${verb}`);
    return at;
  }

  /** A pointer click at the element's centre, once its box holds still (`stillCentre`). */
  async click(selector, { settle = 0 } = {}) {
    const at = await this.stillCentre(selector, settle, 'click');
    await this.pointerClick(at.x, at.y);
  }

  /**
   * The pointer goes down at the element's centre, once its box holds still (`stillCentre`), and
   * stays down (pointerUp() ends the press).
   */
  async pointerDown(selector, { settle = 0 } = {}) {
    const at = await this.stillCentre(selector, settle, 'press');
    await this.pointerPress(at.x, at.y);
  }

  async focus(selector) {
    const ok = await this.evaluate(focusOf, selector);
    if (!ok) throw new Error(`${this.engine}: no ${selector} to focus`);
  }

  async insertText(selector, text) {
    const ok = await this.evaluate(insertTextOf, selector, text);
    if (!ok) throw new Error(`${this.engine}: no ${selector} to fill`);
  }

  /** Clicks the field, selects what it holds, types `text` key by key. */
  async typeInto(selector, text) {
    await this.click(selector);
    await this.evaluate((s) => __deep(s)?.select?.(), selector);
    await this.keys('Backspace');
    await this.type(text);
  }

  /** The deepest focused element, described. */
  async focused() {
    return this.evaluate(() => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      if (!a) return null;
      const cs = getComputedStyle(a);
      const visibleFocus = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none';
      return { tag: a.tagName.toLowerCase(), name: a.getAttribute('name'), type: a.getAttribute('type'), value: a.value, action: a.dataset?.action ?? null, checked: a.checked, text: (a.textContent ?? '').trim().slice(0, 60), visibleFocus };
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Chromium: playwright-core
// ---------------------------------------------------------------------------------------------

class ChromiumPage extends EnginePage {
  constructor(page, context) {
    super('chromium');
    this.page = page;
    this.context = context;
    this.consoleErrors = [];
    page.on('console', (m) => m.type() === 'error' && this.consoleErrors.push(m.text()));
    page.on('pageerror', (e) => this.consoleErrors.push(`page error: ${e.message}`));
  }
  goto(url) {
    return this.page.goto(url);
  }
  evaluate(fn, ...args) {
    return this.page.evaluate(script(fn, args));
  }
  pointerClick(x, y) {
    return this.page.mouse.click(x, y);
  }
  async pointerPress(x, y) {
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
  }
  pointerUp() {
    return this.page.mouse.up();
  }
  keyDown(name) {
    return this.page.keyboard.down(name === 'Space' ? ' ' : name);
  }
  keyUp(name) {
    return this.page.keyboard.up(name === 'Space' ? ' ' : name);
  }
  async keys(...names) {
    for (const n of names) await this.page.keyboard.press(n === 'Space' ? ' ' : n);
  }
  type(text) {
    return this.page.keyboard.type(text);
  }
  async setFiles(selector, paths) {
    const handle = await this.page.evaluateHandle(`(${DEEP})(${JSON.stringify(selector)})`);
    await handle.asElement().setInputFiles(paths);
  }
  setViewport(width, height) {
    return this.page.setViewportSize({ width, height });
  }
  async screenshot(file) {
    writeFileSync(file, await this.page.screenshot({ animations: 'disabled', caret: 'hide' }));
  }
  close() {
    return this.context.close().catch(() => {});
  }
}

async function launchChromium() {
  const { chromium } = await import('playwright-core');
  const home = mkdtempSync(join(tmpdir(), 'engines-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env: { ...process.env, HOME: home },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--font-render-hinting=none'],
  });
  return {
    name: 'chromium',
    version: browser.version(),
    observes: OBSERVES.chromium,
    async newPage({ width = 1280, height = 900, lang = 'en' } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, locale: lang === 'fr' ? 'fr-FR' : 'en-GB' });
      return new ChromiumPage(await context.newPage(), context);
    },
    async close() {
      await browser.close().catch(() => {});
      rmSync(home, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Firefox: puppeteer-core over WebDriver BiDi
// ---------------------------------------------------------------------------------------------

const PUPPETEER_KEYS = { Space: ' ' };

class PuppeteerPage extends EnginePage {
  constructor(page, context) {
    super('firefox');
    this.page = page;
    this.context = context;
    this.consoleErrors = [];
    this.requests = [];
    page.on('console', (m) => m.type() === 'error' && this.consoleErrors.push(m.text()));
    page.on('pageerror', (e) => this.consoleErrors.push(`page error: ${e.message ?? e}`));
    page.on('request', (r) => {
      let body = '';
      try {
        body = r.hasPostData() ? (r.postData() ?? '') : '';
      } catch {
        body = '(body not exposed over BiDi)';
      }
      this.requests.push(`${r.method()} ${r.url()} body=${body}`);
    });
  }
  goto(url) {
    return this.page.goto(url);
  }
  evaluate(fn, ...args) {
    return this.page.evaluate(script(fn, args));
  }
  pointerClick(x, y) {
    return this.page.mouse.click(x, y);
  }
  async pointerPress(x, y) {
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
  }
  pointerUp() {
    return this.page.mouse.up();
  }
  keyDown(name) {
    return this.page.keyboard.down(PUPPETEER_KEYS[name] ?? name);
  }
  keyUp(name) {
    return this.page.keyboard.up(PUPPETEER_KEYS[name] ?? name);
  }
  async keys(...names) {
    for (const n of names) {
      const parts = n.split('+');
      const key = PUPPETEER_KEYS[parts.at(-1)] ?? parts.at(-1);
      for (const m of parts.slice(0, -1)) await this.page.keyboard.down(m);
      await this.page.keyboard.press(key);
      for (const m of parts.slice(0, -1).reverse()) await this.page.keyboard.up(m);
    }
  }
  type(text) {
    return this.page.keyboard.type(text);
  }
  async setFiles(selector, paths) {
    const handle = await this.page.evaluateHandle(`(${DEEP})(${JSON.stringify(selector)})`);
    await handle.uploadFile(...paths);
  }
  setViewport(width, height) {
    return this.page.setViewport({ width, height });
  }
  async screenshot(file) {
    await this.page.screenshot({ path: file });
  }
  close() {
    return this.context.close().catch(() => {});
  }
}

/** Firefox ESR over BiDi. `prefs`: extra about:config preferences (Tor "Safer": wasm off…). */
export async function launchFirefox({ prefs = {} } = {}) {
  const { default: puppeteer } = await import('puppeteer-core');
  const home = mkdtempSync(join(tmpdir(), 'engines-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    env: { ...process.env, HOME: home, MOZ_CRASHREPORTER_DISABLE: '1' },
    extraPrefsFirefox: {
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'extensions.update.enabled': false,
      'app.update.enabled': false,
      'browser.download.dir': join(home, 'downloads'),
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      ...prefs,
    },
  });
  return {
    name: 'firefox',
    version: await browser.version(),
    observes: OBSERVES.firefox,
    browser,
    async newPage({ width = 1280, height = 900 } = {}) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width, height });
      return new PuppeteerPage(page, context);
    },
    async close() {
      await browser.close().catch(() => {});
      rmSync(home, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// WebKit: selenium-webdriver + WebKitWebDriver (MiniBrowser) under Xvfb
// ---------------------------------------------------------------------------------------------

class WebKitPage extends EnginePage {
  constructor(driver, webdriver) {
    super('webkit');
    this.driver = driver;
    this.wd = webdriver;
    this.consoleErrors = [];
  }
  goto(url) {
    return this.driver.get(url);
  }
  evaluate(fn, ...args) {
    // executeAsyncScript so that a promise-returning fn is awaited, as in the other drivers.
    return this.driver
      .executeAsyncScript(
        `const done = arguments[arguments.length - 1];
         ${script(fn, args)}.then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ error: String((e && e.stack) || e) }));`,
      )
      .then((r) => {
        if (r && Object.hasOwn(r, 'error')) throw new Error(`webkit: in the page: ${r.error}`);
        return r?.ok;
      });
  }
  pointerClick(x, y) {
    const { Origin } = this.wd;
    return this.driver.actions({ async: true }).move({ x, y, origin: Origin.VIEWPORT }).click().perform();
  }
  pointerPress(x, y) {
    // WebDriver keeps the input state between performs: the button stays down until pointerUp.
    const { Origin } = this.wd;
    return this.driver.actions({ async: true }).move({ x, y, origin: Origin.VIEWPORT }).press().perform();
  }
  pointerUp() {
    return this.driver.actions({ async: true }).release().perform();
  }
  keyDown(name) {
    return this.driver.actions({ async: true }).keyDown(name === 'Space' ? ' ' : name).perform();
  }
  keyUp(name) {
    return this.driver.actions({ async: true }).keyUp(name === 'Space' ? ' ' : name).perform();
  }
  async keys(...names) {
    const { Key } = this.wd;
    for (const n of names) {
      const parts = n.split('+').map((p) => {
        const k = { Tab: Key.TAB, Enter: Key.ENTER, Space: ' ', Shift: Key.SHIFT, ArrowDown: Key.ARROW_DOWN, ArrowUp: Key.ARROW_UP, ArrowLeft: Key.ARROW_LEFT, ArrowRight: Key.ARROW_RIGHT, Backspace: Key.BACK_SPACE, Escape: Key.ESCAPE, Control: Key.CONTROL, Home: Key.HOME, End: Key.END }[p];
        return k ?? p;
      });
      let a = this.driver.actions({ async: true });
      for (const m of parts.slice(0, -1)) a = a.keyDown(m);
      a = a.keyDown(parts.at(-1)).keyUp(parts.at(-1));
      for (const m of parts.slice(0, -1).reverse()) a = a.keyUp(m);
      await a.perform();
    }
  }
  async type(text) {
    await this.driver.actions({ async: true }).sendKeys(text).perform();
  }
  async setFiles(selector, paths) {
    const el = await this.driver.executeScript(`return ${DEEP}(arguments[0])`, selector);
    await el.sendKeys(paths.join('\n'));
  }
  async setViewport(width, height) {
    // The window's outer size; the content is what a test measures, so correct for the chrome.
    await this.driver.manage().window().setRect({ width, height });
    const inner = await this.driver.executeScript('return [innerWidth, innerHeight]');
    if (inner[0] !== width || inner[1] !== height) {
      await this.driver.manage().window().setRect({ width: width + (width - inner[0]), height: height + (height - inner[1]) });
    }
  }
  async screenshot(file) {
    writeFileSync(file, Buffer.from(await this.driver.takeScreenshot(), 'base64'));
  }
  async close() {
    // One session is one window: the next page is a fresh navigation with storage cleared.
    await this.driver.get('about:blank').catch(() => {});
  }
}

let displayCounter = 90 + (process.pid % 50);

/** WebKitGTK (Safari's engine) through WebKitWebDriver under a private Xvfb display. */
export async function launchWebKit({ args = [], home: keptHome = null } = {}) {
  const webdriver = await import('selenium-webdriver');
  // `home`: a HOME the caller keeps (and removes), to see what a session leaves on disk.
  const home = keptHome ?? mkdtempSync(join(tmpdir(), 'engines-webkit-'));
  // A display number nobody uses: Xvfb fails at once if it is taken, then the next is tried.
  let xvfb;
  let display;
  for (let i = 0; i < 20 && !xvfb; i += 1) {
    display = `:${(displayCounter += 1)}`;
    if (existsSync(`/tmp/.X11-unix/X${display.slice(1)}`) || existsSync(`/tmp/.X${display.slice(1)}-lock`)) continue;
    const p = spawn(XVFB, [display, '-screen', '0', '1600x1200x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    const alive = await Promise.race([new Promise((r) => p.once('exit', () => r(false))), sleep(400).then(() => true)]);
    if (alive) xvfb = p;
  }
  if (!xvfb) throw new Error('webkit: no free X display for Xvfb');
  const port = await freePort();
  const env = { ...process.env, HOME: home, DISPLAY: display, GDK_BACKEND: 'x11', LIBGL_ALWAYS_SOFTWARE: '1', NO_AT_BRIDGE: '1' };
  const driverProc = spawn(WEBKIT_DRIVER, [`--port=${port}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let driverLog = '';
  driverProc.stdout.on('data', (c) => (driverLog += c));
  driverProc.stderr.on('data', (c) => (driverLog += c));
  const caps = new webdriver.Capabilities();
  caps.set('browserName', 'MiniBrowser');
  // `args`: MiniBrowser's own, e.g. `--private` (an ephemeral session, as Safari's private mode).
  caps.set('webkitgtk:browserOptions', { binary: miniBrowser(), args: ['--automation', ...args] });
  caps.set('acceptInsecureCerts', true);
  let driver;
  for (let i = 0; i < 50 && !driver; i += 1) {
    try {
      driver = await new webdriver.Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities(caps).build();
    } catch (e) {
      if (i === 49) throw new Error(`webkit: no session: ${e.message}\n${driverLog}`);
      await sleep(200);
    }
  }
  await driver.manage().setTimeouts({ script: 60_000, pageLoad: 30_000 });
  const version = (await driver.getCapabilities()).get('browserVersion');
  let open = null;
  return {
    name: 'webkit',
    version,
    observes: OBSERVES.webkit,
    driver,
    /** WebKitWebDriver drives one window per session: one page at a time. */
    async newPage({ width = 1280, height = 900 } = {}) {
      if (open) await open.close();
      open = new WebKitPage(driver, webdriver);
      await driver.get('about:blank');
      await open.setViewport(width, height);
      return open;
    },
    async close() {
      await driver.quit().catch(() => {});
      driverProc.kill();
      xvfb.kill();
      if (!keptHome) rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Launches the named engine. */
export function launchEngine(name, options = {}) {
  if (name === 'chromium') return launchChromium(options);
  if (name === 'firefox') return launchFirefox(options);
  if (name === 'webkit') return launchWebKit(options);
  throw new Error(`unknown engine ${name}`);
}

