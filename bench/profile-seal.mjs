#!/usr/bin/env node
/**
 * Where the time goes when the wasm seals a 10 MiB attachment: a V8 CPU profile of `seal` in Node,
 * self time grouped by wasm function and by kind of work (AES in software, SHA-1 of the MDC,
 * base64 of MIME and armor, CRC-24, copies, the JS side).
 *
 * The shipped wasm has no function names (wasm-opt drops them), so this runs `wasm-bindgen` on
 * the release build in target/ (made by `make wasm`) into a temporary folder, keeping the names:
 * the same code, without the -Oz pass.
 *
 *   node bench/profile-seal.mjs [--key rsa4096|cv25519] [--size 10m|2k] [--runs N] [--soft]
 * By default the bulk AES runs on node:crypto, as the Node entry does; --soft keeps the module's.
 * Never a test: it prints a table.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Session } from 'node:inspector/promises';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const KEY = opt('--key', 'cv25519');
const SMALL = opt('--size', '10m') === '2k';
const RUNS = Number(opt('--runs', SMALL ? '40' : '3'));
const PINS = { rsa4096: 'DF88A7268A5D1C37300F7423CE6427AE579D9D0B', cv25519: '838503E5311D32441354498F257D76FFA6AC3775' };

// The modules as cargo built them (with their names), kept by `make wasm` in target/wasm-raw/.
const rawDir = join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'wasm-raw');
const { installSync, setPlatformCipher } = await import(pathToFileURL(join(ROOT, 'pkg/lib/registry.js')).href);
if (!argv.includes('--soft')) {
  const { nodeCipher } = await import(pathToFileURL(join(ROOT, 'pkg/lib/node-cipher.js')).href);
  setPlatformCipher(nodeCipher);
}
const outDirs = [];
for (const [feature, name] of [['core', 'psirt_report'], ['seal', 'psirt_report_seal']]) {
  const raw = join(rawDir, `${feature}.wasm`);
  if (!existsSync(raw)) {
    console.error(`${raw} is missing: run \`make wasm\` first`);
    process.exit(2);
  }
  const out = mkdtempSync(join(tmpdir(), 'wasm-names-'));
  outDirs.push(out);
  const bindgen = spawnSync('wasm-bindgen', ['--target', 'web', '--out-dir', out, '--out-name', name, raw], { encoding: 'utf8' });
  if (bindgen.status !== 0) {
    console.error(`wasm-bindgen failed: ${bindgen.stderr}`);
    process.exit(2);
  }
  installSync(await import(pathToFileURL(join(out, `${name}.js`)).href), readFileSync(join(out, `${name}_bg.wasm`)), feature);
}
const api = await import(pathToFileURL(join(ROOT, 'pkg/index.js')).href);

const report = readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8');
const key = readFileSync(join(ROOT, `bench/keys/${KEY}.pub.asc`), 'utf8');
const data = new Uint8Array(SMALL ? 0 : 10 * 1024 * 1024);
for (let i = 0; i < data.length; i += 65536) crypto.getRandomValues(data.subarray(i, i + 65536));
const options = { key, pin: PINS[KEY], attachments: SMALL ? [] : [{ name: 'capture.bin', data }] };
api.seal(report, options); // warm-up (compilation tiers)

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
const t0 = performance.now();
for (let i = 0; i < RUNS; i++) api.seal(report, options);
const elapsed = (performance.now() - t0) / RUNS;
const { profile } = await session.post('Profiler.stop');
session.disconnect();
for (const out of outDirs) rmSync(out, { recursive: true, force: true });

// Self time per node: samples × their time deltas.
const selfUs = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const perFunction = new Map();
let total = 0;
for (const [id, us] of selfUs) {
  const n = byId.get(id);
  const name = n.callFrame.functionName || `(${n.callFrame.url.split('/').pop() || 'anonymous'})`;
  if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') {
    perFunction.set(name, (perFunction.get(name) ?? 0) + us);
    total += us;
    continue;
  }
  const where = n.callFrame.url.startsWith('wasm://') ? 'wasm' : 'js';
  const k = `${where}\u0000${name}`;
  perFunction.set(k, (perFunction.get(k) ?? 0) + us);
  total += us;
}

const KINDS = [
  ['AES-256 (software, fixslice)', /aes|fixslice|cfb/i],
  ['SHA-1 (MDC)', /sha1|sha_1|Sha1|compress/i],
  ['base64 (MIME part and armor)', /base64|b64|encode_to_slice|encoded_len/i],
  ['CRC-24 (armor checksum)', /crc24|crc/i],
  ['line wrapping / armor writer', /armor|line_writer|LineWriter/i],
  ['copies (memcpy/memmove, Vec growth)', /memcpy|memmove|memset|reserve|extend_from_slice|copy_from_slice|realloc|RawVec|alloc/i],
  ['public-key operation (RSA/ECDH)', /rsa|BigUint|monty|x25519|curve25519|ecdh|scalar|field/i],
  ['MIME / padding / report', /mime|pad|report|serde|json/i],
];
// Kind of a sample: that of the nearest frame (itself, then its callers) whose name says what it
// does, so a generic helper (an iterator, a copy) counts for the work that called it.
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
function kindOf(id) {
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const f = byId.get(cur).callFrame;
    if (['(idle)', '(program)', '(garbage collector)'].includes(f.functionName)) return f.functionName;
    if (f.url.startsWith('wasm://')) {
      for (const [label, re] of KINDS) if (re.test(f.functionName)) return label;
    }
  }
  const own = byId.get(id).callFrame;
  return own.url.startsWith('wasm://') ? 'other wasm' : 'JavaScript side (glue, TextDecoder, strings)';
}
const kinds = new Map();
for (const [id, us] of selfUs) {
  const kind = kindOf(id);
  kinds.set(kind, (kinds.get(kind) ?? 0) + us);
}

const pct = (us) => `${((100 * us) / total).toFixed(1)}%`;
console.log(`seal(${SMALL ? '2 KB report' : 'report + 10 MiB attachment'}) to ${KEY}, wasm in Node ${process.version}: ${elapsed.toFixed(0)} ms a run (${RUNS} runs, profiled)\n`);
console.log('| kind of work | share of samples |\n|---|---|');
for (const [k, us] of [...kinds].sort((a, b) => b[1] - a[1])) console.log(`| ${k} | ${pct(us)} |`);
console.log('\n| top functions (self time) | where | share |\n|---|---|---|');
for (const [k, us] of [...perFunction].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
  const [where, name] = k.includes('\u0000') ? k.split('\u0000') : ['', k];
  console.log(`| ${name.replace(/\|/g, '\\|').slice(0, 110)} | ${where} | ${pct(us)} |`);
}
