// The browser entry the package gives browsers and bundlers (`import … from 'psirt-report'`):
// pkg/browser.js, pkg/web.js and its static imports in one file (scripts/build-browser.mjs), so a
// page asks for three JavaScript files before the wasm, not ten. Checked: the exports map names it;
// it is built from the current sources; it exports what web.js exports, with the same error classes
// as errors.js (which `psirt-report/errors` and the worker client import); and in headless Chromium
// import → init() → validate() fetches exactly browser.js, errors.js, the core's glue and the core,
// then seal() finds the seal module and the WebCrypto code beside it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, skipWithoutChromium } from '../lib/chromium.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PKG = join(ROOT, 'pkg');
const manifest = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
const ENTRY = manifest.exports['.'].browser.default.replace(/^\.\//, '');

/** The relative modules a file names in static `import … from`, `import '…'` and `export … from`. */
function staticImports(file) {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out = new Set();
  for (const m of text.matchAll(/(?:^|[\n;])\s*(?:import|export)\s+(?:[^;'"()]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/g)) {
    out.add(relative(PKG, join(dirname(file), m[1])));
  }
  return out;
}

test('the package gives browsers and bundlers browser.js, whose whole static graph is errors.js and the core glue', () => {
  assert.equal(ENTRY, 'browser.js');
  assert.equal(manifest.exports['.'].import.default, './browser.js');
  assert.equal(manifest.exports['./web'].default, './browser.js');
  assert.equal(manifest.browser, './browser.js');
  assert.ok(manifest.files.includes('browser.js'));
  const direct = staticImports(join(PKG, ENTRY));
  assert.deepEqual([...direct].sort(), ['lib/errors.js', 'wasm/psirt_report.js']);
  for (const dep of direct) assert.deepEqual([...staticImports(join(PKG, dep))], [], `${dep} imports nothing: two levels in all`);
});

test('browser.js is what scripts/build-browser.mjs makes of the current sources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'browser-entry-'));
  try {
    const out = join(dir, 'browser.js');
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build-browser.mjs'), out], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(readFileSync(join(PKG, 'browser.js'), 'utf8') === readFileSync(out, 'utf8'), 'pkg/browser.js is stale: run make wasm');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('browser.js exports what web.js exports, and the error classes of errors.js themselves', async () => {
  const bundle = await import(pathToFileURL(join(PKG, 'browser.js')).href);
  const source = await import(pathToFileURL(join(PKG, 'web.js')).href);
  const errors = await import(pathToFileURL(join(PKG, 'lib/errors.js')).href);
  assert.deepEqual(Object.keys(bundle).sort(), Object.keys(source).sort());
  for (const name of Object.keys(errors)) assert.equal(bundle[name], errors[name], `${name} is the class errors.js defines`);
  for (const name of Object.keys(bundle)) assert.equal(typeof bundle[name], typeof source[name], name);
});

test('in Chromium, the browser entry fetches three files before the wasm; validate() and seal() work, errors are errors.js classes', { skip: skipWithoutChromium, timeout: 120_000 }, async () => {
  assert.ok(existsSync(join(PKG, 'wasm/psirt_report_seal_bg.wasm')), 'make wasm first');
  const chrome = await launch();
  try {
    const page = await (await chrome.browser.newContext()).newPage();
    const fetched = [];
    await page.route('http://localhost:8124/**', async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') return route.fulfill({ body: '<!doctype html><title>browser entry</title>', contentType: 'text/html' });
      const file = join(PKG, path.slice(5));
      if (!path.startsWith('/pkg/') || !existsSync(file)) return route.fulfill({ status: 404, body: '' });
      fetched.push(path.slice(5));
      return route.fulfill({ body: readFileSync(file), contentType: path.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
    });
    await page.goto('http://localhost:8124/');
    const report = readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8');
    const first = await page.evaluate(
      async ([entry, r]) => {
        globalThis.api = await import(`/pkg/${entry}`);
        globalThis.requestIdleCallback = () => 0; // no idle seal load racing the check
        let early;
        try {
          api.validate(r);
        } catch (e) {
          early = e.code;
        }
        await api.init();
        return { early, valid: api.validate(r).valid };
      },
      [ENTRY, report],
    );
    assert.deepEqual(first, { early: 'not-initialized', valid: true });
    assert.deepEqual([...fetched].sort(), ['browser.js', 'lib/errors.js', 'wasm/psirt_report.js', 'wasm/psirt_report_bg.wasm']);

    const key = readFileSync(join(ROOT, 'keys/demo-psirt.pub.asc'), 'utf8');
    const sealed = await page.evaluate(
      async ([r, key]) => {
        const { KeyError, PsirtError } = await import('/pkg/lib/errors.js');
        const armored = (await api.seal(r, { key, profile: 'demo' })).armored;
        let refused;
        try {
          await api.seal(r, { key: 'not a key', profile: 'demo' });
        } catch (e) {
          refused = { psirt: e instanceof PsirtError, key: e instanceof KeyError, code: e.code };
        }
        return { armored, refused };
      },
      [report, key],
    );
    assert.match(sealed.armored, /^-----BEGIN PGP MESSAGE-----\r\n/);
    assert.equal(sealed.refused.psirt, true, JSON.stringify(sealed.refused));
    for (const f of ['wasm/psirt_report_seal.js', 'wasm/psirt_report_seal_bg.wasm', 'lib/webcrypto-seal.js']) {
      assert.ok(fetched.includes(f), `seal() loaded ${f} beside browser.js`);
    }
    // (own.js comes with webcrypto-seal.js, which imports it; it holds no state.)
    for (const f of ['web.js', 'index.js', 'lib/registry.js', 'lib/stamp.js', 'lib/discover.js', 'lib/cve.js']) {
      assert.ok(!fetched.includes(f), `${f} is inside browser.js, never fetched`);
    }
  } finally {
    await chrome.close();
  }
});
