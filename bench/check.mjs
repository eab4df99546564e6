#!/usr/bin/env node
/**
 * `make bench-check`: the quick seal, load and scan cases, each beside its peer in the same run,
 * and a verdict per ratio. Exits 1 when any gated ratio crosses its limit, so a change that
 * makes sealing, loading or scanning slower is caught before it is called done. Ratios in one
 * run, never absolute times: the machine may be loaded (its load average is printed).
 *
 *   node bench/check.mjs [--no-browser] [--pkg DIR]
 *     --no-browser  Node cases only (no Chromium)
 *     --pkg DIR     check another build of the package (e.g. an old commit's pkg/), with this
 *                   commit's benchmark scripts: how `make bench-check` is shown to fail on a
 *                   regression
 *
 * Every case goes through the public API as the README shows a user calling it (bench/seal.mjs,
 * bench/load.mjs, bench/scan-speed.mjs):
 *   seal   Node: `seal(report, {key, pin, attachments})` from `psirt-report`; Chromium:
 *          `await init(); await seal(…)` from the web entry; beside OpenPGP.js 6 (readKey +
 *          createMessage + encrypt, armored, SEIPDv1, AES-256) of the same bytes to the same keys
 *   load   Chromium, `import()` → `await init()` → first `validate()` answered, beside
 *          OpenPGP.js `import()` → first `readKey`; and the gzip bytes fetched until then
 *   scan   dense text (the labelled corpus joined) through `scanText`; no peer: gated on a floor
 *          of throughput measured in the same run as a calibration loop (see below)
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const BROWSER = !argv.includes('--no-browser') && existsSync('/usr/bin/chromium');
const pkgAt = argv.indexOf('--pkg');
const PKG = pkgAt >= 0 ? resolve(argv[pkgAt + 1]) : null;
const tmp = mkdtempSync(join(tmpdir(), 'bench-check-'));

/**
 * The limits. `max`: the ratio psirt-report / peer must stay at or under it (the issue's targets);
 * for bytes, KiB of gzip. Scanning has no peer in the same run: its target (≥ 20 MB/s on dense
 * text) is printed, and the gate is a floor under today's speed, so a regression fails.
 */
const LIMITS = {
  'Node seal 2 KB + 10 MiB RSA-4096': 1.0,
  'Node seal 2 KB + 10 MiB Curve25519': 1.0,
  'Chromium seal 2 KB + 10 MiB RSA-4096': 1.0,
  'Chromium import → first validate()': 1.5,
  'bytes before the first validate() (KiB gzip)': 748,
  'dense-text scan (MB/s, floor)': 4.0,
};

function run(what, file, args, env = {}) {
  process.stderr.write(`bench-check: ${what}…\n`);
  const r = spawnSync(process.execPath, [join(ROOT, file), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`${file} failed (${r.status})`);
  return r.stdout;
}

const pkgEnv = PKG ? { PSIRT_BENCH_PKG: PKG } : {};
const rows = [];
const before = loadavg();

// seal: Node (and Chromium), quick
const sealJson = join(tmp, 'seal.json');
run('seal (quick)', 'bench/seal.mjs', ['--quick', '--large-only', ...(BROWSER ? [] : ['--no-browser']), '--json', sealJson], pkgEnv);
const seal = JSON.parse(readFileSync(sealJson, 'utf8'));
const pairs = new Map();
for (const r of seal.rows) {
  const k = `${r.where.startsWith('Node') ? 'Node' : 'Chromium'} seal ${r.workload}`;
  if (!pairs.has(k)) pairs.set(k, {});
  pairs.get(k)[r.impl] = r;
}
for (const [name, p] of pairs) {
  if (!(name in LIMITS) || !p['psirt-report'] || !p['OpenPGP.js']) continue;
  const ours = p['psirt-report'].median;
  const theirs = p['OpenPGP.js'].median;
  rows.push({ name, detail: `${ours.toFixed(0)} ms vs OpenPGP.js ${theirs.toFixed(0)} ms`, value: ours / theirs, unit: '×', max: LIMITS[name] });
}

// load: Chromium
if (BROWSER) {
  const loadJson = join(tmp, 'load.json');
  run('load (5 page loads each)', 'bench/load.mjs', ['5', '--json', loadJson, '--no-node'], pkgEnv);
  const load = JSON.parse(readFileSync(loadJson, 'utf8'));
  const ours = load.rows.find((r) => r.name.startsWith('psirt-report: init()'));
  const theirs = load.rows.find((r) => r.name.startsWith('OpenPGP.js'));
  rows.push({
    name: 'Chromium import → first validate()',
    detail: `${ours.ready.median.toFixed(0)} ms vs OpenPGP.js ${theirs.ready.median.toFixed(0)} ms (import → first readKey)`,
    value: ours.ready.median / theirs.ready.median,
    unit: '×',
    max: LIMITS['Chromium import → first validate()'],
  });
  rows.push({
    name: 'bytes before the first validate() (KiB gzip)',
    detail: `${(ours.gzip / 1024).toFixed(0)} KiB vs OpenPGP.js ${(theirs.gzip / 1024).toFixed(0)} KiB`,
    value: ours.gzip / 1024,
    unit: ' KiB',
    max: LIMITS['bytes before the first validate() (KiB gzip)'],
  });
}

// scan: dense text
const scan = JSON.parse(run('scan (dense text)', 'bench/scan-speed.mjs', ['--json', '--runs', '30'], pkgEnv).trim().split('\n').pop());
rows.push({
  name: 'dense-text scan (MB/s, floor)',
  detail: `labelled corpus joined: ${scan.joined.toFixed(1)} MB/s (target ≥ 20 MB/s; prose ${scan.prose.toFixed(1)} MB/s)`,
  value: scan.joined,
  unit: ' MB/s',
  min: LIMITS['dense-text scan (MB/s, floor)'],
});

rmSync(tmp, { recursive: true, force: true });
const after = loadavg();
console.log(`bench-check ${PKG ? `(package ${PKG}) ` : ''}— load average ${before.map((x) => x.toFixed(2)).join(' ')} before, ${after.map((x) => x.toFixed(2)).join(' ')} after`);
console.log('| case | measured | limit | verdict | detail |\n|---|---|---|---|---|');
let failed = 0;
for (const r of rows) {
  const ok = r.max !== undefined ? r.value <= r.max : r.value >= r.min;
  if (!ok) failed++;
  const v = r.unit === '×' ? `${r.value.toFixed(2)}×` : `${r.value.toFixed(1)}${r.unit}`;
  const limit = r.max !== undefined ? `≤ ${r.max}${r.unit === '×' ? '×' : r.unit}` : `≥ ${r.min}${r.unit}`;
  console.log(`| ${r.name} | ${v} | ${limit} | ${ok ? 'ok' : 'FAIL'} | ${r.detail} |`);
}
if (failed) {
  console.log(`\nbench-check: ${failed} case(s) over the limit.`);
  process.exit(1);
}
console.log('\nbench-check: every case within its limit.');
