#!/usr/bin/env node
// Benchmark of `<psirt-report-form>` on the demo page (a measurement, not a test): Debian's
// Chromium through playwright-core, the page served by www/serve.mjs on a free port.
//
//   node bench/form.mjs [--runs N] [--keys N] [--json]
//   BENCH_TRACE=t.json / BENCH_TRACE_KEYS=k.json: also write Chromium traces of the typing /
//   keystroke phases (open in chrome://tracing or Perfetto) to see what a long task was.
//
// Prints:
//   - load: navigation start → the route step's radios in the DOM (can be chosen), → the engine
//     ready (the "loading" line gone), → the details step's first input focusable (the route
//     chosen by script the moment it can be), → the first validation answer (an e-mail error
//     shown after a bad address is typed and left), all measured in the page (performance.now,
//     a MutationObserver on the shadow root), median and range over N fresh contexts;
//   - what the page loaded before that first answer (requests, bytes by type);
//   - keystroke → highlighted finding on a 50 KB description: each keystroke completes a secret
//     (the 20th character of an AWS key id, or the last of a password); from the keydown's
//     timestamp to the `<mark>` in the highlight backdrop; p50/p95/max;
//   - the longest main-thread task while typing (PerformanceObserver 'longtask'), and how many
//     exceeded 50 ms;
//   - the widget's bytes: pkg/widget/*.js (cwe-list.json apart; the CSS is in styles.js) and the
//     modules they import from pkg/, raw and gzip; the worker and wasm apart.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ROOT, startServer, launchChromium, sel, byName } from '../tests/js/lib/form-harness.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const RUNS = opt('runs', 5);
const KEYS = opt('keys', 30);
const JSON_OUT = args.includes('--json');

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const median = (xs) => quantile(xs, 0.5);
const ms = (x) => (Number.isFinite(x) ? `${x < 10 ? x.toFixed(1) : x.toFixed(0)} ms` : '—');
const kb = (n) => (Number.isFinite(n) ? `${(n / 1024).toFixed(1)} KB` : '—');

// ---------------------------------------------------------------------------------------------
// In-page probe: installed before the page's scripts
// ---------------------------------------------------------------------------------------------

function probe() {
  const t = (globalThis.__bench = { marks: {}, longtasks: [] });
  const mark = (k) => {
    if (!(k in t.marks)) t.marks[k] = performance.now();
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) t.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    /* no longtask API */
  }
  const auto = new URLSearchParams(location.search).has('bench-auto');
  let root = null;
  let stage = 'route';
  const check = () => {
    if (!root) return;
    if (root.querySelector('input[name="route"]')) mark('routeInDom');
    const routeStep = root.querySelector('[data-step="route"]');
    if (routeStep && root.querySelector('[data-action="next"]') && !routeStep.querySelector(':scope > p.muted')) mark('engineReady');
    if (!auto) return;
    if (stage === 'route' && t.marks.engineReady !== undefined) {
      stage = 'choosing';
      const radio = root.querySelector('input[name="route"][value="vulnerability"]');
      radio.click();
      root.querySelector('[data-action="next"]').click();
    }
    if (stage === 'choosing') {
      const first = root.querySelector('[data-step="details"] input[name="reporter.name"]');
      if (first) {
        first.focus();
        if (root.activeElement === first) {
          mark('detailsFocusable');
          stage = 'typing';
          const email = root.querySelector('input[name="reporter.email"]');
          email.focus();
          email.value = 'not-an-address';
          email.dispatchEvent(new Event('input', { bubbles: true }));
          mark('emailLeft');
          email.blur();
        }
      }
    }
    if (stage === 'typing' && root.querySelector('#err-reporter-email')) {
      mark('firstError');
      stage = 'done';
    }
  };
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const r = attach.call(this, init);
    if (this.localName === 'psirt-report-form') {
      root = r;
      new MutationObserver(check).observe(r, { childList: true, subtree: true, attributes: true });
    }
    return r;
  };
}

// ---------------------------------------------------------------------------------------------
// Load
// ---------------------------------------------------------------------------------------------

async function loadRun(browser, origin) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(probe);
  const responses = [];
  context.on('requestfinished', async (req) => {
    const sizes = await req.sizes().catch(() => null);
    responses.push({ url: req.url(), type: req.resourceType(), bytes: sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0, body: sizes?.responseBodySize ?? 0, at: Date.now() });
  });
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(`${origin}/?lang=en&bench-auto`);
  await page.waitForFunction(() => globalThis.__bench?.marks.firstError !== undefined, null, { timeout: 30_000 });
  const marks = await page.evaluate(() => globalThis.__bench.marks);
  const navToNow = await page.evaluate(() => performance.now());
  const firstErrorWall = t0 + (marks.firstError ?? navToNow);
  await page.waitForTimeout(50);
  const before = responses.filter((r) => r.at <= firstErrorWall + 50);
  await context.close();
  return { marks, before };
}

// ---------------------------------------------------------------------------------------------
// Typing on a 50 KB description
// ---------------------------------------------------------------------------------------------

/** ~50 KB of report prose without secrets (varied, so no scanner shortcut). */
function prose(bytes) {
  const words = 'the device manager console renders inventory names without output encoding an operator can rename a device and the administrator view executes the script in its session which lets the attacker change configuration on managed devices we observed this on version four point two and confirmed the behaviour after a restart'.split(' ');
  let out = '';
  let i = 0;
  const r = randomBytes(bytes);
  while (out.length < bytes) {
    out += words[r[i % r.length] % words.length];
    out += i % 17 === 16 ? '.\n' : ' ';
    i += 1;
  }
  return out.slice(0, bytes);
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const pick = (alphabet, n) => Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join('');

async function typingRun(browser, origin, keys) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(probe);
  const page = await context.newPage();
  await page.goto(`${origin}/?lang=en`);
  await page.waitForFunction(() => globalThis.__bench?.marks.engineReady !== undefined, null, { timeout: 30_000 });
  await page.locator(sel('input[name="route"][value="vulnerability"]')).check();
  await page.locator(sel('[data-action="next"]')).click();
  await page.waitForSelector('psirt-report-form[data-step="details"]');
  const base = prose(50 * 1024);
  const ta = page.locator(byName('description'));
  // The text is set as a script would (value + an input event): Chromium's own insertion of a
  // 50 KB, 700-line text (Playwright's fill, like a paste) takes 1-3 s of main thread by itself,
  // measured apart below.
  const setText = (text) =>
    ta.evaluate((el, t) => {
      el.focus();
      el.value = t;
      el.setSelectionRange(t.length, t.length);
      el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste' }));
    }, text);
  await setText(base);
  await page.waitForTimeout(800);
  const baseMarks = await page.locator(sel('[data-field="description"] .hl-backdrop mark')).count();

  // The in-page timer: keydown timestamp → first <mark> in the description's backdrop.
  await page.evaluate(() => {
    const root = document.querySelector('psirt-report-form').shadowRoot;
    const b = (globalThis.__bench.keys = { samples: [], windows: [], armed: null });
    root.addEventListener(
      'keydown',
      (e) => {
        if (e.target?.getAttribute?.('name') === 'description' && b.armed === 'wait-key') b.armed = e.timeStamp;
      },
      true,
    );
    new MutationObserver(() => {
      if (typeof b.armed !== 'number') return;
      const mark = root.querySelector('[data-field="description"] .hl-backdrop mark');
      if (mark) {
        b.samples.push(performance.now() - b.armed);
        b.windows.push([b.armed, performance.now()]);
        b.armed = null;
      }
    }).observe(root, { childList: true, subtree: true });
  });
  await page.evaluate(() => {
    globalThis.__bench.longtasks.length = 0;
  });
  // A trace of the renderer's main thread while typing: the longest task, even under 50 ms
  // (the 'longtask' API reports only those over 50 ms).
  const misses = [];
  const kinds = [];
  const traceKeys = Boolean(process.env.BENCH_TRACE_KEYS);
  if (traceKeys) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'] });
  for (let i = 0; i < keys; i += 1) {
    // Alternate: an AWS key id missing its last character, a password missing its last one.
    const aws = i % 2 === 0;
    const full = aws ? `AKIA${pick(KEY_ALPHABET, 16)}` : `password=${pick('abcdefghijkmnpqrstuvwxyz', 6)}${pick('0123456789', 3)}Zq`;
    const partial = aws ? full.slice(0, -1) : full.slice(0, -1);
    const last = full.slice(-1);
    const lead = aws ? `\naccess key ${partial}` : `\nconfig: ${partial}`;
    await setText(`${base}${lead}`);
    // Let the scan of the incomplete text settle: no mark for an incomplete secret.
    await page.waitForTimeout(350);
    await page.evaluate(() => {
      globalThis.__bench.keys.armed = 'wait-key';
    });
    const n = await page.evaluate(() => globalThis.__bench.keys.samples.length);
    await page.keyboard.type(last + (aws ? ' ' : ''));
    try {
      await page.waitForFunction((k) => globalThis.__bench.keys.samples.length > k, n, { timeout: 3000 });
      kinds.push(aws ? 'aws' : 'password');
    } catch {
      misses.push(full);
      await page.evaluate(() => {
        globalThis.__bench.keys.armed = null;
      });
    }
  }
  const samples = await page.evaluate(() => globalThis.__bench.keys.samples);
  if (traceKeys) (await import('node:fs')).writeFileSync(process.env.BENCH_TRACE_KEYS, await browser.stopTracing());

  // Long tasks that began between a keydown and its highlight (not while the test set the text).
  const keyLongtasks = await page.evaluate(() => {
    const { windows } = globalThis.__bench.keys;
    return globalThis.__bench.longtasks.splice(0).filter((t) => windows.some(([a, b]) => t.start + t.duration >= a && t.start <= b));
  });

  // Plain typing: 300 characters typed one by one at the end of the 50 KB text, traced.
  await setText(base);
  await page.waitForTimeout(500);
  await page.evaluate(() => {
    globalThis.__bench.longtasks.length = 0;
  });
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'] });
  const typed = 'the script runs in the administrator session and the console accepts the change without a second confirmation; '.repeat(3).slice(0, 300);
  const tType = Date.now();
  await page.keyboard.type(typed);
  const typeMs = Date.now() - tType;
  await page.waitForTimeout(600);
  const longtasks = await page.evaluate(() => globalThis.__bench.longtasks);
  const traceBuf = await browser.stopTracing();
  if (process.env.BENCH_TRACE) (await import('node:fs')).writeFileSync(process.env.BENCH_TRACE, traceBuf);
  const trace = JSON.parse(traceBuf.toString('utf8'));

  // Chromium's insertion of the 50 KB text (Playwright's fill = Input.insertText, as a paste):
  // into the form's description, and into a plain textarea added to the page, for comparison.
  await page.evaluate(() => {
    const t = document.createElement('textarea');
    t.id = 'bench-plain';
    t.rows = 6;
    document.body.append(t);
  });
  const paste = { form: [], plain: [] };
  for (let i = 0; i < 2; i += 1) {
    for (const [k, loc] of [['plain', page.locator('#bench-plain')], ['form', ta]]) {
      await setText('');
      await page.evaluate(() => {
        document.getElementById('bench-plain').value = '';
      });
      await page.waitForTimeout(300);
      const t0 = Date.now();
      await loc.fill(`${base}${i}`);
      paste[k].push(Date.now() - t0);
    }
  }
  await context.close();
  return { samples, misses, baseMarks, longtasks, keyLongtasks, typeMs, typedChars: typed.length, kinds, mainTasks: mainThreadTasks(trace), paste };
}

/** Durations (ms) of the top-level tasks on the renderer main threads of a Chromium trace. */
function mainThreadTasks(trace) {
  const events = trace.traceEvents ?? trace;
  const main = new Set();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') main.add(`${e.pid}:${e.tid}`);
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`) || !['RunTask', 'ThreadControllerImpl::RunTask'].includes(e.name)) continue;
    const k = `${e.pid}:${e.tid}`;
    if (!byThread.has(k)) byThread.set(k, []);
    byThread.get(k).push(e.dur / 1000);
  }
  // The page's thread is the busiest one.
  let best = [];
  for (const list of byThread.values()) if (list.reduce((a, b) => a + b, 0) > best.reduce((a, b) => a + b, 0)) best = list;
  return best;
}

// ---------------------------------------------------------------------------------------------
// Bytes
// ---------------------------------------------------------------------------------------------

function bytesOf(files) {
  let raw = 0;
  let gz = 0;
  const rows = [];
  for (const f of files) {
    const buf = readFileSync(f);
    const z = gzipSync(buf, { level: 9 }).length;
    raw += buf.length;
    gz += z;
    rows.push({ file: f.slice(ROOT.length), raw: buf.length, gzip: z });
  }
  return { raw, gzip: gz, rows, gzipConcat: gzipSync(Buffer.concat(files.map((f) => readFileSync(f))), { level: 9 }).length };
}

function widgetBytes() {
  const dir = join(ROOT, 'pkg/widget');
  // What a page loads up front: the static import graph from widget/index.js. Modules imported
  // with import() (isolation, attachment metadata) load only when used, and are listed apart.
  const graph = [join(dir, 'index.js')];
  for (let i = 0; i < graph.length; i++) {
    const src = readFileSync(graph[i], 'utf8');
    for (const m of src.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+'(\.{1,2}\/[^']+)'/gms)) {
      const p = join(graph[i], '..', m[1]);
      if (!graph.includes(p)) graph.push(p);
    }
  }
  const widget = graph.filter((f) => f.startsWith(dir));
  const more = graph.filter((f) => !f.startsWith(dir));
  const lazy = readdirSync(dir, { recursive: true })
    .filter((f) => /\.(m?js|css)$/.test(f))
    .map((f) => join(dir, f))
    .filter((f) => !graph.includes(f));
  const cwe = join(dir, 'cwe-list.json');
  const wasmDir = join(ROOT, 'pkg/wasm');
  const wasmFiles = (() => {
    try {
      return readdirSync(wasmDir).filter((f) => /\.(wasm|js)$/.test(f)).map((f) => join(wasmDir, f));
    } catch {
      return [];
    }
  })();
  return {
    widget: bytesOf(widget),
    imports: bytesOf(more),
    lazy: bytesOf(lazy),
    cwe: bytesOf([cwe]),
    worker: bytesOf([join(ROOT, 'pkg/worker.js'), ...wasmFiles.filter((f) => f.endsWith('.js'))]),
    wasm: bytesOf(wasmFiles.filter((f) => f.endsWith('.wasm'))),
  };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const server = await startServer();
  const chromium = await launchChromium();
  try {
    // Warm-up (the server's first reads, Chromium's first process).
    await loadRun(chromium.browser, server.origin);
    const loads = [];
    for (let i = 0; i < RUNS; i += 1) loads.push(await loadRun(chromium.browser, server.origin));
    const typing = await typingRun(chromium.browser, server.origin, KEYS);
    const bytes = widgetBytes();

    const col = (k) => loads.map((l) => l.marks[k]).filter(Number.isFinite);
    const loadRows = [
      ['navigation → route step in the DOM (radios can be chosen)', col('routeInDom')],
      ['navigation → engine ready (wasm in the worker, profile, key)', col('engineReady')],
      ['navigation → details step, first input focusable', col('detailsFocusable')],
      ['navigation → first validation answer (e-mail error shown)', col('firstError')],
      ['  e-mail left (blur) → its error shown', loads.map((l) => l.marks.firstError - l.marks.emailLeft).filter(Number.isFinite)],
    ];
    const before = loads.at(-1).before;
    const byType = {};
    for (const r of before) {
      const ext = (/\.(\w+)(?:\?|$)/.exec(new URL(r.url).pathname)?.[1] ?? (new URL(r.url).pathname === '/' ? 'html' : 'other')).toLowerCase();
      const e = (byType[ext] ??= { n: 0, bytes: 0, body: 0 });
      e.n += 1;
      e.bytes += r.bytes;
      e.body += r.body;
    }
    const totalBefore = before.reduce((n, r) => n + r.bytes, 0);
    const ks = typing.samples;
    const longest = Math.max(typing.longtasks.reduce((m, t) => Math.max(m, t.duration), 0), ...typing.mainTasks);
    const tasksP99 = quantile(typing.mainTasks, 0.99);
    const over50 = typing.longtasks.filter((t) => t.duration > 50).length;
    const keyOver50 = typing.keyLongtasks.filter((t) => t.duration > 50);

    if (JSON_OUT) {
      console.log(JSON.stringify({ loads: loads.map((l) => l.marks), before, typing, bytes }, null, 2));
      return;
    }
    const out = [];
    out.push(`<psirt-report-form> benchmark — Chromium ${chromium.browser.version()}, ${RUNS} runs (+1 warm-up), ${KEYS} keystrokes; ${new Date().toISOString()}`);
    out.push('');
    out.push('| load (in the page, from navigation start)                      | median  | min     | max     |');
    out.push('|----------------------------------------------------------------|---------|---------|---------|');
    for (const [label, xs] of loadRows) out.push(`| ${label.padEnd(62)} | ${ms(median(xs)).padStart(7)} | ${ms(Math.min(...xs)).padStart(7)} | ${ms(Math.max(...xs)).padStart(7)} |`);
    out.push('');
    out.push(`Loaded before the first validation answer: ${before.length} requests, ${kb(totalBefore)} (bodies ${kb(before.reduce((n, r) => n + r.body, 0))}, no compression by the demo server)`);
    out.push('| type  | requests | bytes (headers+body) |');
    out.push('|-------|----------|----------------------|');
    for (const [ext, e] of Object.entries(byType).sort((a, b) => b[1].bytes - a[1].bytes)) out.push(`| ${ext.padEnd(5)} | ${String(e.n).padStart(8)} | ${kb(e.bytes).padStart(20)} |`);
    out.push('');
    out.push(`| typing on a 50 KB description                                  | value   |`);
    out.push('|----------------------------------------------------------------|---------|');
    out.push(`| keystroke → highlighted finding, p50 (${ks.length} samples${typing.misses.length ? `, ${typing.misses.length} missed` : ''})`.padEnd(65) + `| ${ms(quantile(ks, 0.5)).padStart(7)} |`);
    out.push(`| keystroke → highlighted finding, p95`.padEnd(65) + `| ${ms(quantile(ks, 0.95)).padStart(7)} |`);
    out.push(`| keystroke → highlighted finding, max`.padEnd(65) + `| ${ms(Math.max(...ks)).padStart(7)} |`);
    out.push(`| long tasks > 50 ms from keydown to highlight (count, longest)`.padEnd(65) + `| ${(keyOver50.length ? `${keyOver50.length}, ${ms(Math.max(...keyOver50.map((t) => t.duration)))}` : '0').padStart(7)} |`);
    out.push(`| longest main-thread task typing ${typing.typedChars} chars at its end (trace)`.padEnd(65) + `| ${ms(longest).padStart(7)} |`);
    out.push(`|   p99 of its ${typing.mainTasks.length} tasks`.padEnd(65) + `| ${ms(tasksP99).padStart(7)} |`);
    out.push(`|   long tasks > 50 ms ('longtask' observer)`.padEnd(65) + `| ${String(over50).padStart(7)} |`);
    out.push(`| insertText of the 50 KB text (as a paste): the form's textarea`.padEnd(65) + `| ${ms(median(typing.paste.form)).padStart(7)} |`);
    out.push(`|   the same into a plain <textarea> on the page`.padEnd(65) + `| ${ms(median(typing.paste.plain)).padStart(7)} |`);
    out.push(`| ${typing.typedChars} characters typed one by one (driver included)`.padEnd(65) + `| ${ms(typing.typeMs).padStart(7)} |`);
    out.push('');
    out.push('| bytes                                                  | raw       | gzip (per file) | gzip (one stream) |');
    out.push('|--------------------------------------------------------|-----------|-----------------|-------------------|');
    const row = (label, b) => out.push(`| ${label.padEnd(54)} | ${kb(b.raw).padStart(9)} | ${kb(b.gzip).padStart(15)} | ${kb(b.gzipConcat).padStart(17)} |`);
    row('widget/index.js and its static imports (CSS in styles.js)', bytes.widget);
    row('+ pkg modules the widget imports (main thread)', bytes.imports);
    row('= the widget on the main thread', { raw: bytes.widget.raw + bytes.imports.raw, gzip: bytes.widget.gzip + bytes.imports.gzip, gzipConcat: NaN });
    row('widget modules loaded only when used (import())', bytes.lazy);
    row('cwe-list.json (loaded on the CWE box\'s first focus)', bytes.cwe);
    row('worker.js + wasm-bindgen glue (worker)', bytes.worker);
    row('pkg/wasm/*.wasm (worker)', bytes.wasm);
    out.push('');
    for (const r of bytes.widget.rows) out.push(`  ${r.file.padEnd(28)} ${kb(r.raw).padStart(9)} raw ${kb(r.gzip).padStart(9)} gzip`);
    for (const r of bytes.imports.rows) out.push(`  ${r.file.padEnd(28)} ${kb(r.raw).padStart(9)} raw ${kb(r.gzip).padStart(9)} gzip`);
    for (const r of bytes.lazy.rows) out.push(`  ${r.file.padEnd(28)} ${kb(r.raw).padStart(9)} raw ${kb(r.gzip).padStart(9)} gzip  (when used)`);
    const src = readFileSync(join(ROOT, 'pkg/widget/checks.js'), 'utf8'); // the live checks' debounce
    const delay = (name) => /(\d+)/.exec(new RegExp(`${name}\\s*=\\s*(\\d+)`).exec(src)?.[0] ?? '')?.[1] ?? '?';
    out.push(`\nnote: keystroke → highlight includes the widget's debounce (SCAN_DELAY = ${delay('SCAN_DELAY')} ms; validation: VALIDATE_DELAY = ${delay('VALIDATE_DELAY')} ms while typing, 30 ms on blur).`);
    out.push('note: 2-core machine shared with Rust builds: figures vary by ±30 %; compare runs on the same machine only.');
    if (typing.baseMarks) out.push(`\nnote: the 50 KB base text itself had ${typing.baseMarks} finding(s) highlighted`);
    if (typing.misses.length) out.push(`note: no highlight within 3 s for: ${typing.misses.join(', ')}`);
    console.log(out.join('\n'));
  } finally {
    await chromium.close();
    server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
