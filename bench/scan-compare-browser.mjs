#!/usr/bin/env node
/**
 * `bench/scan-compare.mjs` in headless Chromium: two builds of the core module (an old package's
 * pkg/wasm and this checkout's) instantiated in ONE page, scanning the dense labelled corpus
 * joined into one text and one call per case, alternating which goes first; medians of wall
 * time in the page (the browser gives no per-thread CPU time). Also the first `scan_text` of a
 * short text in a fresh instance of each (the scanner's first-use cost: its keyword automaton,
 * the digit rule set, the regexes a hit needs, V8's lazy compilation of the wasm it runs).
 *
 *   node bench/scan-compare-browser.mjs --pkg OLD_PKG_DIR [--new NEW_PKG_DIR] [--rounds N]
 *
 * Never a test: it prints figures.
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../tests/js/lib/chromium.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
if (!opt('--pkg')) {
  console.error('usage: node bench/scan-compare-browser.mjs --pkg OLD_PKG_DIR [--new NEW_PKG_DIR] [--rounds N]');
  process.exit(2);
}
const ROUNDS = Number(opt('--rounds', 9));
const dirs = { old: opt('--pkg'), new: opt('--new', join(ROOT, 'pkg')) };
const cases = readFileSync(join(ROOT, 'tests/corpus/cases.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l).text);

const server = createServer((req, res) => {
  const [, which, ...rest] = decodeURIComponent(new URL(req.url, 'http://x').pathname).split('/');
  if (req.url === '/') {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>scan</title>');
    return;
  }
  const base = dirs[which];
  const file = base && normalize(join(base, 'wasm', ...rest));
  if (!file || !file.startsWith(normalize(join(base, 'wasm')))) return res.writeHead(404).end();
  try {
    const body = readFileSync(file);
    const type = file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
    res.writeHead(200, { 'content-type': type }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const { browser, close } = await launch();
try {
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const result = await page.evaluate(
    async ({ cases, rounds }) => {
      const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
      const builds = ['old', 'new'];
      const bytes = {};
      for (const b of builds) bytes[b] = await (await fetch(`/${b}/psirt_report_bg.wasm`)).arrayBuffer();
      let n = 0;
      const fresh = async (b) => {
        const glue = await import(`/${b}/psirt_report.js?i=${n++}`);
        glue.initSync({ module: new WebAssembly.Module(bytes[b]) });
        return glue;
      };
      const first = { old: [], new: [] };
      for (let r = 0; r < rounds; r++) {
        for (const b of r % 2 ? [...builds].reverse() : builds) {
          const g = await fresh(b);
          const t0 = performance.now();
          g.scan_text('user password=Soleil1394* and card 4111 1111 1111 1111, AKIA3SNUEZL4ZY35G276', '');
          first[b].push(performance.now() - t0);
        }
      }
      const glue = { old: await fresh('old'), new: await fresh('new') };
      const joined = cases.join('\n');
      const bytesOf = new TextEncoder().encode(joined).length;
      for (const b of builds) for (let i = 0; i < 2; i++) glue[b].scan_text(joined, '');
      const out = {};
      for (const [label, texts] of [
        ['dense corpus joined (one text)', [joined]],
        ['dense corpus, one call per case', cases],
      ]) {
        const t = { old: [], new: [] };
        for (let r = 0; r < rounds; r++) {
          for (const b of r % 2 ? [...builds].reverse() : builds) {
            const t0 = performance.now();
            for (const x of texts) glue[b].scan_text(x, '');
            t[b].push(performance.now() - t0);
          }
        }
        out[label] = { old: bytesOf / 1e6 / (median(t.old) / 1000), new: bytesOf / 1e6 / (median(t.new) / 1000) };
      }
      return { out, first: { old: median(first.old), new: median(first.new) } };
    },
    { cases, rounds: ROUNDS },
  );
  for (const [label, r] of Object.entries(result.out)) {
    console.log(`${label.padEnd(34)} Chromium wall  old ${r.old.toFixed(2).padStart(6)} MB/s   new ${r.new.toFixed(2).padStart(6)} MB/s   ${(r.new / r.old).toFixed(2)}× (medians of ${ROUNDS} alternating)`);
  }
  console.log(`first scan_text in a fresh instance   old ${result.first.old.toFixed(1)} ms   new ${result.first.new.toFixed(1)} ms (medians of ${ROUNDS})`);
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
} finally {
  await close();
  server.close();
}
