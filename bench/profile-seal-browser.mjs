#!/usr/bin/env node
/**
 * Where the time goes when a page seals 2 KB + 10 MiB: a CPU profile (Chrome DevTools protocol,
 * through playwright-core's CDPSession) of `await seal()` from the web entry in headless
 * Chromium, beside one of OpenPGP.js 6 encrypting the same bytes in the same page. Self time per
 * function, on both sides, and the wall time of each run.
 *
 * The shipped seal module has no function names (wasm-opt drops them), so the page is served
 * the release build in target/wasm-raw/ (made by `make wasm`) through `wasm-bindgen`, names kept:
 * the same code, without the -Oz pass (so its wasm share reads a little high).
 *
 *   node bench/profile-seal-browser.mjs [--key rsa4096|cv25519] [--runs N]
 * Never a test: it prints tables.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../tests/js/lib/chromium.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const KEY = opt('--key', 'rsa4096');
const RUNS = Number(opt('--runs', '5'));
const PINS = { rsa4096: 'DF88A7268A5D1C37300F7423CE6427AE579D9D0B', cv25519: '838503E5311D32441354498F257D76FFA6AC3775' };

const raw = join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'wasm-raw', 'seal.wasm');
let named = null;
if (existsSync(raw)) {
  named = mkdtempSync(join(tmpdir(), 'wasm-names-'));
  const b = spawnSync('wasm-bindgen', ['--target', 'web', '--out-dir', named, '--out-name', 'psirt_report_seal', raw], { encoding: 'utf8' });
  if (b.status !== 0) {
    console.error(`wasm-bindgen failed (names unavailable): ${b.stderr}`);
    named = null;
  }
}

const report = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));
report.description = `${report.description} ${'The parser trusts the length field. '.repeat(40)}`;
const reportText = JSON.stringify(report);
const key = readFileSync(join(ROOT, `bench/keys/${KEY}.pub.asc`), 'utf8');

const chrome = await launch();
try {
  const page = await (await chrome.browser.newContext()).newPage();
  const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
  await page.route('http://localhost:8123/**', async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/') return route.fulfill({ body: '<!doctype html><title>profile</title>', contentType: 'text/html' });
    let file = path.startsWith('/openpgp/') ? join(ROOT, 'node_modules/openpgp/dist', path.slice(9)) : join(ROOT, 'pkg', path.slice(5));
    if (named && path.startsWith('/pkg/wasm/psirt_report_seal')) file = join(named, path.slice('/pkg/wasm/'.length));
    if (!existsSync(file)) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ body: readFileSync(file), contentType: TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream' });
  });
  await page.goto('http://localhost:8123/');
  await page.evaluate(async ([bytes]) => {
    const api = await import('/pkg/web.js');
    await api.init();
    const openpgp = await import('/openpgp/openpgp.min.mjs');
    const attachment = new Uint8Array(bytes);
    for (let off = 0; off < bytes; off += 65536) crypto.getRandomValues(attachment.subarray(off, off + 65536));
    globalThis.bench = { api, openpgp, attachment };
  }, [10 * 1024 * 1024]);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });

  const sides = {
    'psirt-report seal()': async ([report, key, pin]) => {
      const { api, attachment } = globalThis.bench;
      await api.seal(report, { key, pin, attachments: [{ name: 'capture.bin', mediaType: 'application/octet-stream', data: attachment }] });
    },
    'OpenPGP.js encrypt()': async ([report, key]) => {
      const { openpgp, attachment } = globalThis.bench;
      const head = new TextEncoder().encode(report);
      const whole = new Uint8Array(head.length + attachment.length);
      whole.set(head, 0);
      whole.set(attachment, head.length);
      const config = { aeadProtect: false, preferredSymmetricAlgorithm: openpgp.enums.symmetric.aes256 };
      const encryptionKeys = await openpgp.readKey({ armoredKey: key });
      await openpgp.encrypt({ message: await openpgp.createMessage({ binary: whole }), encryptionKeys, config, format: 'armored' });
    },
  };
  for (const [name, fn] of Object.entries(sides)) {
    const body = `(${fn.toString()})(${JSON.stringify([reportText, key, PINS[KEY]])})`;
    await page.evaluate(body); // warm-up
    await cdp.send('Profiler.start');
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      times.push(await page.evaluate(`(async () => { const t0 = performance.now(); await ${body}; return performance.now() - t0; })()`));
    }
    const { profile } = await cdp.send('Profiler.stop');
    printProfile(name, profile, times);
  }
} finally {
  await chrome.close();
  if (named) rmSync(named, { recursive: true, force: true });
}

function printProfile(name, profile, times) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const f = n.callFrame;
    const where = f.url.startsWith('wasm://') ? 'wasm' : f.url ? f.url.split('/').pop() : '';
    const k = `${f.functionName || '(anonymous)'}\u0000${where}`;
    const us = profile.timeDeltas[i] ?? 0;
    self.set(k, (self.get(k) ?? 0) + us);
    total += us;
  });
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`\n${name}, ${KEY}, 2 KB + 10 MiB: runs ${times.map((t) => t.toFixed(0)).join(', ')} ms (median ${sorted[sorted.length >> 1].toFixed(0)})`);
  console.log('| function (self time, main thread) | where | ms per run | share |\n|---|---|---|---|');
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 18)) {
    const [fn, where] = k.split('\u0000');
    console.log(`| ${fn.replace(/\|/g, '\\|').slice(0, 90)} | ${where} | ${(us / 1000 / times.length).toFixed(1)} | ${((100 * us) / total).toFixed(1)}% |`);
  }
}
