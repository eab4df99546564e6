// The vulnerability flow of the demo form, driven the same way in two engines without
// WebAssembly: Chromium with V8 --jitless (playwright-core) and Firefox ESR with Tor Browser's
// "Safer" preferences (puppeteer-core over WebDriver BiDi). Shared by tests/js/engines/wasm-off.browser.test.mjs
// and bench/jscore.mjs. Every request the browser makes to the demo goes through a recording
// proxy in front of www/serve.mjs, so what leaves the browser is seen the same way in both engines
// (page and worker alike) whatever each driver lets a test observe.

import http from 'node:http';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ROOT, startServer } from './form-harness.mjs';
import { launch as launchChromium } from './chromium.mjs';

export const FIREFOX = '/usr/bin/firefox-esr';

/** Tor Browser's "Safer" level, as Firefox preferences (WebAssembly, asm.js and both JITs off). */
export const TOR_SAFER = {
  'javascript.options.wasm': false,
  'javascript.options.asmjs': false,
  'javascript.options.baselinejit': false,
  'javascript.options.ion': false,
};

/** Firefox's own traffic off, so the proxy sees only the page's. */
const QUIET_FIREFOX = {
  'app.update.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'extensions.update.enabled': false,
  'browser.download.dir': tmpdir(),
};

/**
 * www/serve.mjs behind a proxy that records each request (method, URL, headers, body):
 * `{origin, requests: [{method, url, headers, body}], close()}`.
 */
export async function startRecordedServer() {
  const demo = await startServer();
  const target = new URL(demo.origin);
  const requests = [];
  const proxy = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method, url: req.url, headers: req.headers, body: body.toString('latin1') });
      if (req.url === '/__blank.html' || req.url === '/__blank.html?blob') {
        // A page of the demo's origin that loads nothing (bench/jscore.mjs times the loading);
        // `?blob`: its CSP lets a pinned JavaScript core be imported from a blob: URL.
        const script = req.url.endsWith('?blob') ? "script-src 'self' blob:" : "script-src 'self' 'wasm-unsafe-eval'";
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': `default-src 'self'; ${script}` });
        res.end('<!doctype html><html lang="en"><title>blank</title></html>');
        return;
      }
      const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${proxy.address().port}`,
    requests,
    close() {
      proxy.close();
      demo.close();
    },
  };
}

/** The requests holding `marker` (raw, URL-encoded, base64 at any alignment, any case). */
export function leaks(requests, marker) {
  const forms = [marker, encodeURIComponent(marker)];
  for (let k = 0; k < 3; k += 1) {
    const b = Buffer.from('\0'.repeat(k) + marker).toString('base64').replace(/=+$/, '');
    forms.push(b.slice(k ? 4 : 0, b.length - 4));
  }
  return requests.filter((r) => {
    const text = `${r.method} ${r.url} ${JSON.stringify(r.headers)} ${r.body}`.toLowerCase();
    return forms.some((f) => text.includes(f.toLowerCase()));
  });
}

/**
 * A driver with the few actions the flow needs, over a playwright page (Chromium) or a puppeteer
 * page (Firefox): selectors are written inside the form's shadow root.
 */
function driver(kind, page) {
  const deep = (inner) => (kind === 'playwright' ? `psirt-report-form ${inner}` : `psirt-report-form >>> ${inner}`);
  return {
    page,
    goto: (url) => page.goto(url),
    async waitHost(attr, timeout = 120_000) {
      await page.waitForSelector(`psirt-report-form${attr}`, { timeout });
    },
    async waitIn(inner, { gone = false, timeout = 60_000 } = {}) {
      if (kind === 'playwright') await page.waitForSelector(deep(inner), { state: gone ? 'detached' : 'attached', timeout });
      else {
        // puppeteer's waitForSelector does not see into the shadow root over BiDi: poll for it.
        await page.waitForFunction((s, g) => !document.querySelector('psirt-report-form').shadowRoot.querySelector(s) === g, { timeout, polling: 100 }, inner, gone);
      }
    },
    async fill(name, text) {
      if (kind === 'playwright') {
        // Short values typed key by key, as a person does; long ones inserted at once (a paste).
        const loc = page.locator(deep(`[name="${name}"]`)).first();
        await loc.click();
        await loc.fill('');
        if (text.length <= 80) await loc.pressSequentially(text);
        else await loc.fill(text);
        await page.keyboard.press('Tab');
      } else {
        await page.locator(deep(`[name="${name}"]`)).fill(text);
        await page.keyboard.press('Tab');
      }
    },
    async click(inner) {
      if (kind === 'playwright') await page.locator(deep(inner)).first().click();
      else await page.locator(deep(inner)).click();
    },
    text: (inner) => page.evaluate((s) => document.querySelector('psirt-report-form').shadowRoot.querySelector(s)?.textContent ?? null, inner),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
  };
}

/**
 * Launches an engine: `chromium-jitless` and `firefox-tor-safer` (no WebAssembly), or `chromium`
 * and `firefox` as they come (the wasm path, for the benchmark): `{name, open() → driver, close()}`.
 */
export async function launchNoWasm(engine) {
  if (engine === 'chromium-jitless' || engine === 'chromium') {
    const chromium = await launchChromium(['--font-render-hinting=none', ...(engine === 'chromium' ? [] : ['--js-flags=--jitless'])]);
    return {
      name: engine,
      async open() {
        const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        const d = driver('playwright', page);
        d.close = () => context.close();
        return d;
      },
      close: () => chromium.close(),
    };
  }
  if (engine === 'firefox-tor-safer' || engine === 'firefox') {
    const { default: puppeteer } = await import('puppeteer-core');
    const profile = mkdtempSync(join(tmpdir(), 'ff-jscore-'));
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      userDataDir: profile,
      extraPrefsFirefox: { ...QUIET_FIREFOX, ...(engine === 'firefox' ? {} : TOR_SAFER) },
    });
    return {
      name: engine,
      async open() {
        const context = await browser.createBrowserContext();
        const page = await context.newPage();
        await page.setViewport({ width: 1280, height: 900 });
        const d = driver('puppeteer', page);
        d.close = () => context.close();
        return d;
      },
      async close() {
        await browser.close().catch(() => {});
        rmSync(profile, { recursive: true, force: true });
      },
    };
  }
  throw new Error(`unknown engine ${engine}`);
}

/** An AWS key pair the scanner flags (random, so no run types the same secret). */
function awsSecret() {
  const pick = (alphabet, n) => Array.from({ length: n }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
  return `aws_access_key_id = AKIA${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}\naws_secret_access_key = ${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 40)}`;
}

/**
 * The vulnerability flow: route, an e-mail error shown then fixed (validation), a secret found
 * and redacted (scan), review with the pinned fingerprint, seal. Returns what was typed, the
 * `psirt-sealed` detail and timings (ms from navigation): engine ready, first error shown, sealed.
 */
export async function vulnerabilityFlow(d, origin, mark) {
  const t0 = Date.now();
  const at = {};
  await d.goto(`${origin}/?lang=en`);
  await d.waitHost('[data-step="route"]');
  await d.evaluate(() => {
    globalThis.__sealed = [];
    document.addEventListener('psirt-sealed', (e) => globalThis.__sealed.push({ ...e.detail }));
  });
  await d.waitHost('[data-ready]');
  at.ready = Date.now() - t0;
  await d.click('input[name="route"][value="vulnerability"]');
  await d.click('[data-action="next"]');
  await d.waitHost('[data-step="details"]');
  const t1 = Date.now();
  await d.fill('reporter.email', 'alex.martin-at-researcher');
  await d.waitIn('#err-reporter-email');
  at.firstValidation = Date.now() - t1;
  const typed = {
    'reporter.email': 'alex.martin@researcher.example',
    title: `Stored XSS in the device console ${mark}`,
    summary: 'The device name is rendered without encoding — "<script>" runs.',
    steps_to_reproduce: '1. Log in as an operator.\n2. Rename a device to <script>alert(1)</script>.\n3. Open the inventory page.',
    'affected.0.vendor': 'Thales',
    'affected.0.product': 'Example Device Manager',
    'affected.0.versions.0': '4.2.1',
  };
  for (const [name, value] of Object.entries(typed)) await d.fill(name, value);
  await d.waitIn('#err-reporter-email', { gone: true });
  await d.click('input[name="exploited"][value="no"]');
  for (const c of ['no_exploitation', 'no_disclosure_without_consent', 'no_prohibited_attacks']) await d.click(`input[name="commitments.${c}"]`);
  const before = `The console reads its configuration ${mark}:\n`;
  const after = '\nEnd of the excerpt.';
  await d.fill('description', `${before}${awsSecret()}${after}`);
  await d.waitIn('[data-field="description"] li.finding');
  const t2 = Date.now();
  while (await d.evaluate(() => document.querySelector('psirt-report-form').shadowRoot.querySelector('[data-field="description"] li.finding [data-action="redact"]') !== null)) {
    await d.click('[data-field="description"] li.finding [data-action="redact"]');
    if (Date.now() - t2 > 60_000) throw new Error('the findings were not redacted');
    await new Promise((r) => setTimeout(r, 200));
  }
  const description = await d.evaluate(() => document.querySelector('psirt-report-form').shadowRoot.querySelector('[name="description"]').value);
  await d.click('[data-action="review"]');
  await d.waitHost('[data-step="review"]', 60_000);
  const fingerprint = await d.evaluate(() => document.querySelector('psirt-report-form').shadowRoot.querySelector('[data-fingerprint]')?.getAttribute('data-fingerprint'));
  const t3 = Date.now();
  await d.click('[data-action="seal"]');
  await d.waitHost('[data-step="sealed"]', 120_000);
  at.seal = Date.now() - t3;
  const sealed = await d.evaluate(() => globalThis.__sealed);
  return {
    typed: { ...typed, description },
    fingerprint,
    sealed,
    at,
    noWasm: await d.evaluate(() => typeof WebAssembly === 'undefined'),
  };
}

/** report.json as the form builds it from what `vulnerabilityFlow` typed. */
export function expectedReport(typed, policyVersion) {
  return {
    schema_version: '1.0',
    channel: 'vulnerability',
    language: 'en',
    reporter: { email: typed['reporter.email'] },
    title: typed.title,
    summary: typed.summary,
    description: typed.description,
    steps_to_reproduce: typed.steps_to_reproduce,
    affected: [{ vendor: 'Thales', product: typed['affected.0.product'], versions: ['4.2.1'] }],
    exploited: 'no',
    commitments: {
      no_exploitation: true,
      no_disclosure_without_consent: true,
      no_prohibited_attacks: true,
      ...(policyVersion ? { policy_version: policyVersion } : {}),
    },
  };
}

export { ROOT };
