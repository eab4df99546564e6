#!/usr/bin/env node
/**
 * Sealing benchmark, wasm in Node and in headless Chromium, next to OpenPGP.js 6 doing the same
 * job in the same run: encrypt the same bytes to the same key (RSA-4096 and Curve25519 v4 keys of
 * bench/keys/), ASCII-armored, SEIPDv1 with AES-256. Two sizes: a 2 KB report, and that report
 * with a 10 MiB binary attachment. Prints medians and peak memory, side by side, and the native
 * medians of `cargo bench --bench seal` when target/criterion holds them.
 *
 *   node bench/seal.mjs                 everything (about 2-3 minutes on 2 cores)
 *   node bench/seal.mjs --quick         fewer iterations
 *   node bench/seal.mjs --no-browser    Node only (--no-node: Chromium only)
 *   node bench/seal.mjs --json FILE     also write the figures as JSON
 *   node bench/seal.mjs --large-only    only the 2 KB + 10 MiB cases (make bench-check)
 *   PSIRT_BENCH_PKG=DIR                 another build of the npm package (default pkg/)
 *
 * What is timed, per iteration (key parsing included on both sides, as a page would do it):
 *   psirt-report  `await seal(report, {key, pin, attachments})` — validation, key policy, MIME
 *                 entity, padding, encryption, armor, and the .eml (the product's whole job) —
 *                 exactly as the README shows a user calling it: in Node `seal` from the package
 *                 (node:crypto's AES), in Chromium `await init()` then `await seal()` from the web
 *                 entry (WebCrypto's AES; the seal module loaded by seal() if init() left it idle)
 *   OpenPGP.js    readKey + createMessage + encrypt(armored) of the same plaintext bytes
 *                 (report JSON + attachment bytes: OpenPGP.js has no MIME step)
 * Memory, measured on the first seal of each case alone (after a forced GC, inputs already
 * allocated, VmHWM reset through /proc/PID/clear_refs): Node — each case in its own process;
 * peak Δ = VmHWM after that seal minus VmRSS before it. Chromium — each case in its own browser context; the same on the page's renderer
 * process. Beside it, the wasm linear memory at the end (it never shrinks: its final size is its
 * peak). Peak Δ includes the output (armored text and, for psirt-report, the .eml) held as JS strings.
 * Never a test: it prints figures, it asserts nothing.
 */

import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PKG = process.env.PSIRT_BENCH_PKG ?? join(ROOT, 'pkg');
const MiB = 1024 * 1024;
const ATTACHMENT_BYTES = 10 * MiB;
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const ITER = { small: QUICK ? 10 : 40, large: QUICK ? 3 : 7 };
const WARMUP = { small: QUICK ? 3 : 8, large: 1 };

// ---------------------------------------------------------------- shared by Node and the page
// (serialised into the page with Function.prototype.toString: keep it self-contained)

/** The body of one benchmark case, run where the implementation lives (Node or the page). */
async function runCase({ impl, keyArmored, pin, reportText, large, iterations, warmup, attachmentBytes }, env) {
  const now = () => performance.now();
  const attachment = new Uint8Array(large ? attachmentBytes : 0);
  for (let off = 0; off < attachment.length; off += 65536) {
    env.random(attachment.subarray(off, Math.min(off + 65536, attachment.length)));
  }
  const reportBytes = new TextEncoder().encode(reportText);
  let job;
  let mode = 'n/a';
  if (impl === 'psirt-report') {
    const api = await env.loadPsirt();
    const probe = new Uint8Array(256 * 1024);
    let attachmentsOption = true;
    try {
      const s = await api.seal(reportText, { key: keyArmored, pin, attachments: [{ name: 'probe.bin', data: probe }] });
      attachmentsOption = s.armored.length > probe.length;
    } catch {
      attachmentsOption = false;
    }
    let report = reportText;
    let options = { key: keyArmored, pin };
    if (large && attachmentsOption) {
      mode = 'attachments option (MIME part)';
      options = { ...options, attachments: [{ name: 'capture.bin', mediaType: 'application/octet-stream', data: attachment }] };
    } else if (large) {
      // The API of the first seal has no byte attachments: carry it in report.attachments (base64).
      mode = 'report.attachments (base64 in JSON)';
      let b64 = '';
      for (let off = 0; off < attachment.length; off += 3 * 16384) {
        b64 += btoa(String.fromCharCode(...attachment.subarray(off, off + 3 * 16384)));
      }
      const r = JSON.parse(reportText);
      r.attachments = [{ name: 'capture.bin', media_type: 'application/octet-stream', content_base64: b64 }];
      report = JSON.stringify(r);
    }
    // seal(), as a user calls it: asynchronous in browsers (WebCrypto's AES), synchronous in Node
    // (node:crypto's); `await` serves both, and older builds whose browser seal() was synchronous.
    job = async () => {
      const sealed = await api.seal(report, options);
      return sealed.armored.length + (sealed.eml ? sealed.eml.length : 0);
    };
  } else {
    const openpgp = await env.loadOpenpgp();
    const plaintext = new Uint8Array(reportBytes.length + attachment.length);
    plaintext.set(reportBytes, 0);
    plaintext.set(attachment, reportBytes.length);
    const config = { aeadProtect: false, preferredSymmetricAlgorithm: openpgp.enums.symmetric.aes256 };
    mode = 'encrypt (armored, SEIPDv1, AES-256)';
    job = async () => {
      const encryptionKeys = await openpgp.readKey({ armoredKey: keyArmored });
      const message = await openpgp.createMessage({ binary: plaintext });
      const armored = await openpgp.encrypt({ message, encryptionKeys, config, format: 'armored' });
      return armored.length;
    };
  }
  // Memory first, on one seal alone: collect garbage, read the baseline, seal once, read the peak
  // (a high-water mark only grows, so later runs could not be measured apart).
  globalThis.gc?.();
  await env.beforeRuns();
  let outputChars = await job();
  await env.afterFirstRun();
  for (let i = 1; i < warmup; i++) outputChars = await job();
  const times = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = now();
    outputChars = await job();
    times.push(now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
  return { impl, mode, median, min: times[0], max: times[times.length - 1], iterations, outputChars, wasmMemory: await env.wasmMemory() };
}

// ---------------------------------------------------------------- Node: one process per case

function procStatus(pid = 'self') {
  let s = '';
  try {
    s = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    // The process is gone: NaN figures, filtered out by the caller.
  }
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

async function nodeChild(spec) {
  const { webcrypto } = await import('node:crypto');
  let before;
  let peak;
  const env = {
    random: (a) => webcrypto.getRandomValues(a),
    async loadPsirt() {
      // The Node entry, as a Node user gets it: sealing's bulk AES on node:crypto (issue #11);
      // PSIRT_REPORT_SOFT_CIPHER=1 keeps the seal module's own. (The wasm linear memory is not
      // reachable through node.cjs: Node's column shows the process's peak only.)
      return import(join(PKG, 'node.mjs'));
    },
    loadOpenpgp: () => import('openpgp'),
    async beforeRuns() {
      resetPeak();
      before = procStatus();
    },
    async afterFirstRun() {
      peak = procStatus().hwm;
    },
    wasmMemory: async () => null,
  };
  const result = await runCase(spec, env);
  result.peakDelta = peak - before.rss;
  result.arrayBuffers = process.memoryUsage().arrayBuffers;
  return result;
}

function runNodeCase(spec) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`bench child exited ${code}`));
      else resolve(JSON.parse(out));
    });
    child.stdin.end(JSON.stringify(spec));
  });
}

// ---------------------------------------------------------------- Chromium

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

/** Resets a process's VmHWM to its current RSS (Linux ≥ 4.0: `5` into clear_refs), so a peak can be read for one step. */
function resetPeak(pid = 'self') {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Not permitted: the peak then also covers what came before (setup).
  }
}

function rendererPids() {
  const pids = new Set();
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
      if (cmd.includes('--type=renderer') && !cmd.includes('--top-chrome-webui') && cmd.includes('chrom')) pids.add(p);
    } catch {
      // gone
    }
  }
  return pids;
}

async function browserCases(specs) {
  const { chromium } = await import('playwright-core');
  const home = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    env: { ...process.env, HOME: home },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
  const version = browser.version();
  const results = [];
  let webcrypto = null;
  try {
    for (const spec of specs) {
      const before = rendererPids();
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.route('http://localhost:8123/**', async (route) => {
        const path = new URL(route.request().url()).pathname;
        if (path === '/') return route.fulfill({ body: '<!doctype html><title>bench</title>', contentType: 'text/html' });
        const file = path.startsWith('/openpgp/') ? join(ROOT, 'node_modules/openpgp/dist', path.slice(9)) : join(PKG, path.slice(5));
        if (!(path.startsWith('/pkg/') || path.startsWith('/openpgp/')) || !existsSync(file)) return route.fulfill({ status: 404, body: '' });
        const ext = path.slice(path.lastIndexOf('.'));
        return route.fulfill({ body: readFileSync(file), contentType: TYPES[ext] ?? 'application/octet-stream' });
      });
      await page.goto('http://localhost:8123/');
      // The context's renderers (its initial blank page may have its own): the one that grows is ours.
      const renderers = [...rendererPids()].filter((p) => !before.has(p));
      const cdp = await context.newCDPSession(page);
      // The page signals when its inputs are ready, so the baseline is read just before the runs.
      let baseline = null;
      let peaks = null;
      await page.exposeFunction('__benchBeforeRuns', () => {
        renderers.forEach((p) => resetPeak(p));
        baseline = new Map(renderers.map((p) => [p, procStatus(p).rss]));
      });
      await page.exposeFunction('__benchAfterFirstRun', () => {
        peaks = new Map(renderers.map((p) => [p, procStatus(p).hwm]));
      });
      const result = await page.evaluate(
        async ([source, spec]) => {
          // eslint-disable-next-line no-new-func
          const runCaseInPage = new Function(`return (${source})`)();
          let psirtLoaded = false;
          const env = {
            random: (a) => crypto.getRandomValues(a),
            async loadPsirt() {
              // As the README: `await init()`, then `await seal()` (which loads the seal module
              // when init() left it for later).
              const api = await import('/pkg/web.js');
              await api.init();
              psirtLoaded = true;
              return api;
            },
            loadOpenpgp: () => import('/openpgp/openpgp.min.mjs'),
            beforeRuns: () => window.__benchBeforeRuns(),
            afterFirstRun: () => window.__benchAfterFirstRun(),
            async wasmMemory() {
              if (!psirtLoaded) return null;
              // The seal module's linear memory, once seal() has loaded it (already initialised:
              // the glue's default export returns its exports).
              const glue = await import('/pkg/wasm/psirt_report_seal.js');
              const wasm = await glue.default();
              return wasm.memory.buffer.byteLength;
            },
          };
          return runCaseInPage(spec, env);
        },
        [runCase.toString(), spec],
      );
      const heap = await cdp.send('Runtime.getHeapUsage');
      const deltas = baseline && peaks ? renderers.map((p) => peaks.get(p) - baseline.get(p)) : [];
      const known = deltas.filter((d) => !Number.isNaN(d));
      result.peakDelta = known.length ? Math.max(...known) : null;
      result.jsHeapUsed = heap.usedSize;
      results.push(result);
      await context.close();
    }
    // What the browser's own primitives cost on the 10 MiB case's plaintext (its MIME entity:
    // the attachment in base64 lines, ~13.7 MiB): the floor a WebCrypto-backed SEIPDv1 could reach
    // (CFB's keystream is the AES-CBC encryption of the plaintext; the MDC one SHA-1 call).
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route('http://localhost:8123/**', (route) => route.fulfill({ body: '<!doctype html>', contentType: 'text/html' }));
    await page.goto('http://localhost:8123/');
    webcrypto = await page.evaluate(async (n) => {
      const data = new Uint8Array(n);
      for (let off = 0; off < n; off += 65536) crypto.getRandomValues(data.subarray(off, Math.min(off + 65536, n)));
      const key = await crypto.subtle.importKey('raw', new Uint8Array(32), 'AES-CBC', false, ['encrypt']);
      const median = async (f) => {
        const t = [];
        for (let i = 0; i < 5; i++) {
          const t0 = performance.now();
          await f();
          t.push(performance.now() - t0);
        }
        return t.sort((a, b) => a - b)[2];
      };
      return {
        bytes: n,
        aesCbc: await median(() => crypto.subtle.encrypt({ name: 'AES-CBC', iv: new Uint8Array(16) }, key, data)),
        sha1: await median(() => crypto.subtle.digest('SHA-1', data)),
      };
    }, Math.ceil(ATTACHMENT_BYTES / 57) * 78 + 4096);
    await context.close();
  } finally {
    await browser.close();
    rmSync(home, { recursive: true, force: true });
  }
  return { version, results, webcrypto };
}

// ---------------------------------------------------------------- native (criterion's medians)

/** The medians `cargo bench --bench seal` left in target/criterion, as rows (psirt-report only). */
function nativeRows() {
  const rows = [];
  const target = process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target');
  const groups = [
    ['seal-2KB', '2 KB'],
    ['seal-10MiB', '2 KB + 10 MiB'],
  ];
  for (const [group, workload] of groups) {
    for (const key of ['RSA-4096', 'Curve25519']) {
      const file = join(target, 'criterion', group, key, 'new/estimates.json');
      if (!existsSync(file)) continue;
      const median = JSON.parse(readFileSync(file, 'utf8')).median.point_estimate / 1e6;
      rows.push({ where: 'native (criterion)', workload: `${workload} ${key}`, impl: 'psirt-report', median, mode: 'n/a' });
    }
  }
  const parts = join(target, 'criterion/seal-10MiB-parts');
  if (existsSync(parts)) {
    for (const name of readdirSync(parts).filter((n) => existsSync(join(parts, n, 'new/estimates.json')))) {
      const median = JSON.parse(readFileSync(join(parts, name, 'new/estimates.json'), 'utf8')).median.point_estimate / 1e6;
      rows.push({ where: 'native part', workload: name, impl: 'part', median, mode: 'n/a' });
    }
  }
  return rows;
}

// ---------------------------------------------------------------- main

async function main() {
  // The keys of bench/keys/ (the native criterion bench uses the same ones).
  const keys = {
    'RSA-4096': { armored: readFileSync(join(ROOT, 'bench/keys/rsa4096.pub.asc'), 'utf8'), pin: 'DF88A7268A5D1C37300F7423CE6427AE579D9D0B' },
    Curve25519: { armored: readFileSync(join(ROOT, 'bench/keys/cv25519.pub.asc'), 'utf8'), pin: '838503E5311D32441354498F257D76FFA6AC3775' },
  };
  // A 2 KB report: the valid example, its description grown to bring the canonical JSON to ~2 KB.
  const report = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));
  const base = JSON.stringify(report).length;
  report.description = `${report.description ?? ''} ${'The parser trusts the length field. '.repeat(Math.max(0, Math.ceil((2048 - base) / 36)))}`.trim();
  const reportText = JSON.stringify(report);

  const specs = [];
  for (const large of argv.includes('--large-only') ? [true] : [false, true]) {
    for (const keyName of Object.keys(keys)) {
      for (const impl of ['psirt-report', 'OpenPGP.js']) {
        specs.push({
          impl,
          keyName,
          keyArmored: keys[keyName].armored,
          pin: keys[keyName].pin,
          reportText,
          large,
          attachmentBytes: ATTACHMENT_BYTES,
          iterations: large ? ITER.large : ITER.small,
          warmup: large ? WARMUP.large : WARMUP.small,
        });
      }
    }
  }
  const label = (s) => `${s.large ? '2 KB + 10 MiB' : '2 KB'} ${s.keyName}`;
  const rows = [];
  process.stderr.write(`bench: report ${reportText.length} bytes; attachment ${ATTACHMENT_BYTES} bytes\n`);
  for (const spec of argv.includes('--no-node') ? [] : specs) {
    process.stderr.write(`bench: node ${spec.impl} ${label(spec)}…\n`);
    const r = await runNodeCase(spec);
    rows.push({ where: `Node ${process.version}`, workload: label(spec), ...r });
  }
  let browserVersion = null;
  let webcryptoFloor = null;
  if (!argv.includes('--no-browser') && existsSync('/usr/bin/chromium')) {
    process.stderr.write('bench: chromium…\n');
    const b = await browserCases(specs);
    browserVersion = b.version;
    b.results.forEach((r, i) => rows.push({ where: `Chromium ${b.version}`, workload: label(specs[i]), ...r }));
    webcryptoFloor = b.webcrypto;
  }
  rows.push(...nativeRows());
  print(rows);
  if (webcryptoFloor) {
    console.log(
      `Chromium WebCrypto on ${(webcryptoFloor.bytes / MiB).toFixed(1)} MiB (the 10 MiB case's MIME entity): AES-256-CBC ${ms(webcryptoFloor.aesCbc)} ms, SHA-1 ${ms(webcryptoFloor.sha1)} ms (medians of 5).`,
    );
  }
  const jsonAt = argv.indexOf('--json');
  if (jsonAt >= 0 && argv[jsonAt + 1]) writeFileSync(argv[jsonAt + 1], JSON.stringify({ rows, browserVersion, webcryptoFloor, date: new Date().toISOString() }, null, 2));
}

const ms = (x) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
const mib = (x) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x < 0.05 * MiB ? '≈0' : (x / MiB).toFixed(1));

function print(rows) {
  const lines = [];
  lines.push('| where | workload | psirt-report median ms | OpenPGP.js median ms | ratio | psirt-report peak Δ MiB (wasm mem) | OpenPGP.js peak Δ MiB |');
  lines.push('|---|---|---|---|---|---|---|');
  const groups = new Map();
  for (const r of rows) {
    const k = `${r.where}\u0000${r.workload}`;
    if (!groups.has(k)) groups.set(k, {});
    groups.get(k)[r.impl] = r;
  }
  for (const [k, g] of groups) {
    const [where, workload] = k.split('\u0000');
    const ours = g['psirt-report'];
    const theirs = g['OpenPGP.js'];
    if (!ours) continue;
    lines.push(
      `| ${where} | ${workload} | ${ms(ours.median)} | ${theirs ? ms(theirs.median) : '—'} | ${theirs ? `${(ours.median / theirs.median).toFixed(2)}×` : '—'} | ${mib(ours.peakDelta)} (${mib(ours.wasmMemory)}) | ${theirs ? mib(theirs.peakDelta) : '—'} |`,
    );
  }
  const parts = rows.filter((r) => r.impl === 'part');
  if (parts.length) {
    lines.push('', 'Native, the parts of the 10 MiB case alone, on a buffer the size of the MIME entity (13.3 MiB):', '');
    lines.push('| part | median ms |', '|---|---|', ...parts.map((r) => `| ${r.workload} | ${ms(r.median)} |`));
  }
  const modes = [...new Set(rows.filter((r) => r.impl === 'psirt-report').map((r) => r.mode))].filter((m) => m !== 'n/a');
  console.log(lines.join('\n'));
  console.log(`\npsirt-report large input carried as: ${modes.join(', ') || 'n/a'}; iterations: 2 KB ${ITER.small}, 10 MiB ${ITER.large} (after ${WARMUP.small}/${WARMUP.large} warm-up).`);
  console.log('Targets (issue #4): ≤ 50 ms for a 2 KB report; within 1.5× of OpenPGP.js in Chromium for 10 MiB; peak ≤ 3× the attachment.');
}

if (argv.includes('--child')) {
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (c) => {
    input += c;
  });
  process.stdin.on('end', async () => {
    const result = await nodeChild(JSON.parse(input));
    process.stdout.write(JSON.stringify(result));
  });
} else {
  await main();
}
