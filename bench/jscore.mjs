#!/usr/bin/env node
/**
 * The JavaScript core (pkg/jscore/, wasm2js) beside the wasm path, in the same run: Chromium with
 * V8 --jitless and Firefox ESR with Tor Browser's "Safer" preferences (no WebAssembly: the
 * JavaScript core loads) next to the same two browsers as they come (the wasm loads). On the
 * demo server, in a fresh browser context per run, on the page's main thread:
 *   bytes          each file as served (raw, gzip, brotli): core + seal, JavaScript vs wasm
 *   first          import('/pkg/web.js') → init({seal: 'idle'}) → the first validate() answered
 *   seal module    init() until the seal module is in
 *   seal 2 KB      sealAsync() of a 2 KB report to a Curve25519 and an RSA-4096 key (key parse,
 *                  policy, MIME, encryption, armor): the first call, then the median of the next
 *   stamp          SHA-256 tries/s of the stamp's JavaScript loop and of batched WebCrypto digests,
 *                  and the expected time to mint at the demo profile's difficulty
 * Targets for the JavaScript core: first validation ≤ 2 s, seal ≤ 5 s. Medians of N runs
 * (min–max). A measurement, never a test: it asserts nothing.
 *   node bench/jscore.mjs [--runs N] [--json FILE] [--only chromium,firefox]
 */

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { ROOT, launchNoWasm, startRecordedServer, FIREFOX } from '../tests/js/lib/jscore-flow.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const RUNS = Number(opt('--runs', argv.includes('--quick') ? 2 : 5));
const ONLY = opt('--only', 'chromium,firefox').split(',');

const KEYS = {
  Curve25519: { armored: readFileSync(join(ROOT, 'bench/keys/cv25519.pub.asc'), 'utf8'), pin: '838503E5311D32441354498F257D76FFA6AC3775' },
  'RSA-4096': { armored: readFileSync(join(ROOT, 'bench/keys/rsa4096.pub.asc'), 'utf8'), pin: 'DF88A7268A5D1C37300F7423CE6427AE579D9D0B' },
};

/** A valid 2 KB vulnerability report. */
function report2k() {
  const r = {
    schema_version: '1.0',
    channel: 'vulnerability',
    language: 'en',
    reporter: { email: 'alex@researcher.example' },
    title: 'Stored XSS in the device console',
    summary: 'The device name is rendered without encoding.',
    affected: [{ vendor: 'Thales', product: 'Example Device Manager', versions: ['4.2.1'] }],
    steps_to_reproduce: '1. Log in.\n2. Rename a device.\n3. Open the inventory.',
    exploited: 'no',
    commitments: { no_exploitation: true, no_disclosure_without_consent: true, no_prohibited_attacks: true },
    description: '',
  };
  r.description = 'The console renders the name as HTML. '.repeat(60).slice(0, 2048 - JSON.stringify(r).length);
  return JSON.stringify(r);
}

/** Runs in the page: loads the entry, times the first validation, the seal module and sealing. */
async function inPage({ report, keys }) {
  const now = () => performance.now();
  const t0 = now();
  const api = await import(new URL('/pkg/web.js', location.href).href);
  await api.init({ seal: 'idle' });
  const d = api.validate(report);
  const first = now() - t0;
  if (!d.valid) throw new Error(`the bench report is invalid: ${JSON.stringify(d.errors)}`);
  const t1 = now();
  await api.init();
  const sealModule = now() - t1;
  const seal = {};
  for (const [name, k] of Object.entries(keys)) {
    const times = [];
    for (let i = 0; i < 4; i += 1) {
      const s = now();
      const out = await api.sealAsync(report, { key: k.armored, pin: k.pin });
      times.push(now() - s);
      if (!/^-----BEGIN PGP MESSAGE-----/.test(out.armored)) throw new Error('no armored message');
    }
    seal[name] = { first: times[0], next: times.slice(1).sort((a, b) => a - b)[1] };
  }
  // The anti-spam stamp: SHA-256 tries per second of each way pkg/lib/stamp.js can mint (the
  // JavaScript loop; batched WebCrypto digests, its choice where WebAssembly is off), and so the
  // expected time for the demo profile's difficulty.
  const st = await import(new URL('/pkg/lib/stamp.js', location.href).href);
  const armored = `-----BEGIN PGP MESSAGE-----\n\n${'wcBMA'.repeat(400)}\n-----END PGP MESSAGE-----\n`;
  const stamp = {};
  for (const hash of ['js', 'webcrypto']) {
    let tries = 0;
    let ms = 0;
    while (ms < 1500) {
      const s = now();
      const minted = await st.mintStamp(armored, { bits: 12, hash });
      ms += now() - s;
      tries += Number(minted.split(':').pop()) + 1;
    }
    stamp[hash] = (tries / ms) * 1000;
  }
  return { first, sealModule, seal, stamp, wasm: typeof WebAssembly === 'object' && WebAssembly !== null };
}

function sizes(files) {
  let raw = 0;
  let gz = 0;
  let br = 0;
  for (const f of files) {
    const bytes = readFileSync(join(ROOT, f));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
    br += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { raw, gz, br };
}

const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const fmt = (xs) => `${med(xs).toFixed(0).padStart(6)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;

async function main() {
  const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
  const js = sizes(['pkg/jscore/psirt_report_js_core.js', 'pkg/jscore/psirt_report_js_seal.js']);
  const wasm = sizes(['pkg/wasm/psirt_report_bg.wasm', 'pkg/wasm/psirt_report_seal_bg.wasm']);
  console.log('== bytes (core + seal module)');
  console.log(`  JavaScript core  ${kib(js.raw)} raw, ${kib(js.gz)} gzip, ${kib(js.br)} brotli`);
  console.log(`  wasm             ${kib(wasm.raw)} raw, ${kib(wasm.gz)} gzip, ${kib(wasm.br)} brotli`);

  const engines = [];
  if (ONLY.includes('chromium') && existsSync('/usr/bin/chromium')) engines.push('chromium', 'chromium-jitless');
  if (ONLY.includes('firefox') && existsSync(FIREFOX)) engines.push('firefox', 'firefox-tor-safer');
  const server = await startRecordedServer();
  const results = {};
  const report = report2k();
  try {
    for (const engine of engines) {
      process.stderr.write(`bench jscore: ${engine}…\n`);
      const browser = await launchNoWasm(engine);
      const runs = [];
      try {
        for (let i = 0; i < RUNS; i += 1) {
          const d = await browser.open();
          try {
            await d.goto(`${server.origin}/__blank.html`);
            runs.push(await d.evaluate(inPage, { report, keys: KEYS }));
          } finally {
            await d.close().catch(() => {});
          }
        }
      } finally {
        await browser.close();
      }
      results[engine] = runs;
    }
  } finally {
    server.close();
  }
  console.log(`== in the browser, medians of ${RUNS} (min–max); targets for the JavaScript core: first validation ≤ 2000 ms, seal ≤ 5000 ms`);
  console.log(`${'engine'.padEnd(20)} ${'path'.padEnd(11)} ${'first validation'.padEnd(24)} ${'seal module'.padEnd(24)} ${'seal 2 KB Curve25519 (1st / next)'.padEnd(44)} seal 2 KB RSA-4096 (1st / next)`);
  for (const [engine, runs] of Object.entries(results)) {
    const path = runs[0].wasm ? 'wasm' : 'JavaScript';
    const cell = (k) => `${fmt(runs.map((r) => r.seal[k].first))} / ${med(runs.map((r) => r.seal[k].next)).toFixed(0)} ms`;
    console.log(`${engine.padEnd(20)} ${path.padEnd(11)} ${fmt(runs.map((r) => r.first)).padEnd(24)} ${fmt(runs.map((r) => r.sealModule)).padEnd(24)} ${cell('Curve25519').padEnd(44)} ${cell('RSA-4096')}`);
  }
  const bits = JSON.parse(readFileSync(join(ROOT, 'profiles/demo.json'), 'utf8')).stamp.bits;
  console.log(`== the stamp (proof of work) at the demo profile's ${bits} bits: SHA-256/s of each way to mint, medians, and the expected time (2^${bits} tries)`);
  for (const [engine, runs] of Object.entries(results)) {
    const cell = (k) => {
      const rate = med(runs.map((r) => r.stamp[k]));
      return `${Math.round(rate).toLocaleString('en').padStart(9)}/s → ${((2 ** bits / rate)).toFixed(1).padStart(5)} s`;
    };
    // pkg/lib/stamp.js INTERPRETED_RATE: below 150 000 tries/s the loop times WebCrypto and hands
    // over to it when it is faster.
    const [loop, web] = [med(runs.map((r) => r.stamp.js)), med(runs.map((r) => r.stamp.webcrypto))];
    const picks = loop < 150_000 && web > loop ? 'WebCrypto (after the loop\'s first 100 ms)' : 'the JavaScript loop';
    console.log(`${engine.padEnd(20)} JavaScript loop ${cell('js')}   WebCrypto batched ${cell('webcrypto')}   mintStamp uses: ${picks}`);
  }
  const jsonFile = opt('--json');
  if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ bytes: { js, wasm }, results }, null, 2));
  return { bytes: { js, wasm }, results };
}

export { main };
if (import.meta.url === `file://${process.argv[1]}`) await main();
