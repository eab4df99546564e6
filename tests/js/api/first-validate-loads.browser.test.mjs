// What a page waits for before its first validate(): the browser entry's static module graph is
// two levels deep (web.js, then everything it needs, requested together), and it holds neither
// the seal nor the open module's glue nor the WebCrypto sealing code, which load on first use.
// Checked statically (the import statements) and in headless Chromium (what was fetched).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, skipWithoutChromium } from '../lib/chromium.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PKG = join(ROOT, 'pkg');

/** The relative modules a file names in static `import … from`, `import '…'` and `export … from`. */
function staticImports(file) {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out = new Set();
  for (const m of text.matchAll(/(?:^|[\n;])\s*(?:import|export)\s+(?:[^;'"()]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/g)) {
    out.add(join(dirname(file), m[1]));
  }
  return out;
}

test('web.js names every module its first validate() loads: the static graph is two levels deep', () => {
  const entry = join(PKG, 'web.js');
  const direct = staticImports(entry);
  const seen = new Set([entry]);
  const queue = [...direct];
  while (queue.length) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    for (const dep of staticImports(file)) {
      assert.ok(direct.has(dep), `${relative(PKG, file)} imports ${relative(PKG, dep)}, which web.js does not name: one more round trip before the first validate()`);
      queue.push(dep);
    }
  }
  const names = [...seen].map((f) => relative(PKG, f));
  for (const lazy of ['wasm/psirt_report_seal.js', 'wasm/psirt_report_open.js', 'lib/webcrypto-seal.js']) {
    assert.ok(!names.includes(lazy), `${lazy} is in the static graph of web.js`);
  }
  assert.ok(names.includes('wasm/psirt_report.js'), 'the core glue is');
});

test('in Chromium, import → init() → validate() fetches no seal code; seal() then loads it', { skip: skipWithoutChromium, timeout: 120_000 }, async () => {
  assert.ok(existsSync(join(PKG, 'wasm/psirt_report_seal_bg.wasm')), 'make wasm first');
  const chrome = await launch();
  try {
    const page = await (await chrome.browser.newContext()).newPage();
    const fetched = [];
    await page.route('http://localhost:8123/**', async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') return route.fulfill({ body: '<!doctype html><title>first validate</title>', contentType: 'text/html' });
      const file = join(PKG, path.slice(5));
      if (!path.startsWith('/pkg/') || !existsSync(file)) return route.fulfill({ status: 404, body: '' });
      fetched.push(path.slice(5));
      return route.fulfill({ body: readFileSync(file), contentType: path.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
    });
    await page.goto('http://localhost:8123/');
    const report = readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8');
    const valid = await page.evaluate(async (r) => {
      globalThis.api = await import('/pkg/web.js');
      // seal: 'idle' would load the seal module once the page is idle; this checks what the
      // first validate() itself waited for, so it stops the idle load from racing the check.
      globalThis.requestIdleCallback = () => 0;
      await api.init();
      return api.validate(r).valid;
    }, report);
    assert.equal(valid, true);
    const before = [...fetched];
    assert.ok(before.includes('wasm/psirt_report_bg.wasm'));
    // The lazy files: the seal and open modules (glue and wasm) and the WebCrypto code. lib/seal.js
    // and lib/open.js are the API's JavaScript wrappers, in web.js's static graph like index.js.
    for (const f of before) assert.doesNotMatch(f, /^wasm\/.*(seal|open)|webcrypto-seal/, `${f} was fetched before the first validate()`);

    const key = readFileSync(join(ROOT, 'keys/demo-psirt.pub.asc'), 'utf8');
    const armored = await page.evaluate(async ([r, key]) => (await api.seal(r, { key, profile: 'demo' })).armored, [report, key]);
    assert.match(armored, /^-----BEGIN PGP MESSAGE-----\r\n/);
    for (const f of ['wasm/psirt_report_seal.js', 'wasm/psirt_report_seal_bg.wasm', 'lib/webcrypto-seal.js']) {
      assert.ok(fetched.includes(f), `seal() loaded ${f}`);
    }
    assert.ok(!fetched.some((f) => f.startsWith('wasm/') && f.includes('open')), 'the open module is never fetched by a reporter\'s page');
  } finally {
    await chrome.close();
  }
});
