// Load benchmark (make bench-load): what a page downloads (gzip, as a server with compression
// sends it) and the time from `import()` to ready, in headless Chromium, median of N fresh
// page loads from a localhost static server, for psirt-report and for OpenPGP.js 6 loaded
// the same way in the same run.
//   psirt-report ready = `await init()` resolved and a first validate() answered (the first
//                        call also compiles the schema); init alone is printed apart
//   OpenPGP.js ready   = the module imported and a first key parsed (readKey)
// Every load is a new browser context on a server that sends `Cache-Control: no-store`: no HTTP
// cache, no cached wasm compilation. Also prints the Node figure: require() of the CommonJS
// entry (synchronous compile + instantiate), median of fresh processes.
//   node bench/load.mjs [N] [--json FILE] [--no-node] [--sources]   (default N = 15; make bench-load uses 21,
//                                           or N=…; make bench 9, and reads FILE; make bench-check 9)
//   PSIRT_BENCH_PKG=DIR                     another build of the npm package (default pkg/)
// The page imports the file the package's `exports` map gives a browser (`import … from
// 'psirt-report'`): pkg/browser.js, or web.js for a build that has no browser.js.

import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { cpus, loadavg } from 'node:os';
import { serve } from '../tests/js/lib/static-server.mjs';
import { launch } from '../tests/js/lib/chromium.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PKG = process.env.PSIRT_BENCH_PKG ?? join(ROOT, 'pkg');
const N = Number(process.argv[2] ?? 15);
const jsonAt = process.argv.indexOf('--json');
const JSON_OUT = jsonAt > 0 ? process.argv[jsonAt + 1] : null;
const key = readFileSync(join(ROOT, 'keys/demo-psirt.pub.asc'), 'utf8');
/** What `import … from 'psirt-report'` resolves to in a browser, per the package's exports map. */
const ENTRY = (() => {
  const manifest = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
  const root = manifest.exports?.['.'];
  const file = root?.browser?.default ?? root?.browser ?? manifest.browser ?? './web.js';
  return `/pkg/${String(file).replace(/^\.\//, '')}`;
})();
const report = readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8');

/** A JS string literal safe inside an HTML <script> (the example report quotes a </script>). */
const literal = (text) => JSON.stringify(text).replace(/</g, '\\u003c');

const page = (body) => `<!doctype html><meta charset="utf-8"><title>load</title><script type="module">
const t0 = performance.now();
try {
${body}
  window.__ready = performance.now() - t0;
} catch (e) { window.__error = String(e && e.stack || e); }
</script>`;

const libraries = {
  // As the README shows a user: `await init()`, then validate(). What a page needs before its
  // first validation is the core module; the seal module loads later (when idle: the default
  // since issue 24), after `ready` is measured, so its bytes are not counted here. (With an
  // older build, whose init() loaded both, this row counts both: what its users got.)
  'psirt-report: init() → validate()': page(`
  const m = await import('${ENTRY}');
  await m.init();
  window.__init = performance.now() - t0;
  if (m.validate(${literal(report)}).valid !== true) throw new Error('not valid');`),
  "psirt-report: init({ seal: 'eager' }) (core + seal) → validate()": page(`
  const m = await import('${ENTRY}');
  await m.init({ seal: 'eager' });
  window.__init = performance.now() - t0;
  if (m.validate(${literal(report)}).valid !== true) throw new Error('not valid');`),
  // --sources: the same through pkg/web.js, one module per file (what browser.js bundles), to
  // show in one run what the single file buys.
  ...(process.argv.includes('--sources') && ENTRY !== '/pkg/web.js'
    ? {
        'web.js, one module per file: init() → validate()': page(`
  const m = await import('/pkg/web.js');
  await m.init();
  window.__init = performance.now() - t0;
  if (m.validate(${literal(report)}).valid !== true) throw new Error('not valid');`),
      }
    : {}),
  'OpenPGP.js 6.3.2 (full build)': page(`
  const openpgp = await import('/openpgp/openpgp.min.mjs');
  window.__init = performance.now() - t0;
  await openpgp.readKey({ armoredKey: ${literal(key)} });`),
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const pages = {};
const names = Object.keys(libraries);
names.forEach((name, i) => {
  pages[`/load-${i}.html`] = libraries[name];
});
const server = await serve(
  { '/pkg/': PKG, '/openpgp/': join(ROOT, 'node_modules/openpgp/dist') },
  { gzip: true, pages },
);
const chrome = await launch();
const results = names.map(() => ({ times: [], inits: [], gzip: 0, raw: 0, files: [] }));
try {
  for (let round = 0; round < N + 1; round++) {
    // Alternate the order each round; round 0 is a warm-up (not counted).
    const order = round % 2 ? [...names.keys()].reverse() : [...names.keys()];
    for (const i of order) {
      const context = await chrome.browser.newContext();
      const tab = await context.newPage();
      const files = [];
      // The sizes are read asynchronously; the list is complete once every read has settled
      // (summing it at once missed the wasm, which answers last).
      const reads = [];
      let done = false;
      tab.on('response', (res) => {
        const url = new URL(res.url());
        if (url.pathname.endsWith('.html') || done) return;
        reads.push(res.request().sizes().then((sizes) => files.push({ path: url.pathname, gzip: sizes.responseBodySize })));
      });
      await tab.goto(`${server.origin}/load-${i}.html`);
      await tab.waitForFunction(() => window.__ready !== undefined || window.__error !== undefined, null, { timeout: 60_000 });
      // Files that answered after ready (the seal module loading when idle) are not counted.
      done = true;
      await Promise.all(reads);
      const { ready, init, error } = await tab.evaluate(() => ({ ready: window.__ready, init: window.__init, error: window.__error }));
      if (error) throw new Error(`${names[i]}: ${error}`);
      if (round > 0) {
        results[i].times.push(ready);
        results[i].inits.push(init);
      }
      if (round === 1) {
        results[i].files = files;
        results[i].gzip = files.reduce((a, f) => a + f.gzip, 0);
      }
      await context.close();
    }
  }
} finally {
  await chrome.close();
  await server.close();
}

// Raw (uncompressed) sizes of the same files, from disk.
for (const r of results) {
  r.raw = r.files.reduce((a, f) => {
    const p = f.path.startsWith('/pkg/') ? join(PKG, f.path.slice(5)) : join(ROOT, 'node_modules/openpgp/dist', f.path.slice(9));
    return a + statSync(p).size;
  }, 0);
}

const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(`Load in headless Chromium (${N} fresh page loads each, localhost, gzip transfer, no cache)`);
console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('library                                   files  raw        gzip       import→ready median (min-max)   of which import+init');
names.forEach((name, i) => {
  const r = results[i];
  const t = r.times;
  console.log(
    `${name.padEnd(42)}${String(r.files.length).padStart(5)}  ${kb(r.raw).padEnd(10)} ${kb(r.gzip).padEnd(10)} ` +
      `${`${median(t).toFixed(0)} ms (${Math.min(...t).toFixed(0)}-${Math.max(...t).toFixed(0)})`.padEnd(32)} ${median(r.inits).toFixed(0)} ms`,
  );
  for (const f of r.files) console.log(`    ${f.path.padEnd(40)} ${kb(f.gzip)} gzip`);
});

const modules = {};
for (const name of ['psirt_report_bg.wasm', 'psirt_report_seal_bg.wasm', 'psirt_report_open_bg.wasm']) {
  const wasm = readFileSync(join(PKG, 'wasm', name));
  const br = brotliCompressSync(wasm, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 } }).length;
  modules[name] = { raw: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length, br };
  console.log(`${name}: ${wasm.length} bytes, ${modules[name].gzip} gzip -9, ${br} brotli`);
}

const nodeTimes = [];
for (let i = 0; i < (process.argv.includes('--no-node') ? 0 : 7); i++) {
  const script = `const t=performance.now(); require(${JSON.stringify(join(PKG, 'node.cjs'))}); console.log(performance.now()-t)`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  nodeTimes.push(Number(r.stdout));
}
if (nodeTimes.length) console.log(`Node ${process.version}: require('psirt-report') (read + compile + instantiate) median ${median(nodeTimes).toFixed(0)} ms of 7 processes`);
if (JSON_OUT) {
  const stats = (t) => ({ median: median(t), min: Math.min(...t), max: Math.max(...t), n: t.length });
  writeFileSync(
    JSON_OUT,
    JSON.stringify(
      {
        n: N,
        loadavg: loadavg(),
        rows: names.map((name, i) => ({ name, files: results[i].files, raw: results[i].raw, gzip: results[i].gzip, ready: stats(results[i].times), init: stats(results[i].inits) })),
        modules,
        node: nodeTimes.length ? { require: stats(nodeTimes) } : null,
      },
      null,
      2,
    ),
  );
}
