#!/usr/bin/env node
/**
 * `make bench` (never part of `make test`): every speed and weight figure beside its peer, in one run,
 * on this machine, written to BENCHMARKS.md (with bench/chart.svg) and printed. It runs the
 * existing scripts and reads their JSON:
 *   bench/load.mjs        bytes and import → first validation in headless Chromium, beside
 *                         OpenPGP.js 6 (node_modules) loaded the same way, N fresh page loads
 *   bench/seal.mjs        seal 2 KB and 2 KB + 10 MiB to RSA-4096 and Curve25519, Node and
 *                         Chromium, beside OpenPGP.js; peak memory
 *   bench/scan-speed.mjs  scanner throughput (7 fresh processes)
 *   bench/memory.mjs      peak memory of sealing 10 MiB in Node (7 fresh processes)
 *   bench/bulk.mjs        bulk submission throughput (300 reports; no peer)
 *   bench/intake.mjs      the intake's throughput on 8 KB sealed reports beside its floor (a
 *                         server that only stores the body the same way), p99, CPU per request
 *   bench/jscore.mjs      the JavaScript core (no WebAssembly) beside the wasm, Chromium and Firefox
 * Medians of at least 7, with min–max. A missed target says by how much.
 *   node bench/run.mjs [--quick]     (--quick: fewer runs, for trying the script)
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, release, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const QUICK = process.argv.includes('--quick');
const RUNS = 7;
const tmp = mkdtempSync(join(tmpdir(), 'psirt-bench-'));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });
const f0 = (x) => x.toFixed(0);
const f1 = (x) => x.toFixed(1);
const f2 = (x) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
const range = (s, f = f0) => `${f(s.median)} (${f(s.min)}–${f(s.max)})`;

function step(what, file, args) {
  process.stderr.write(`bench: ${what}…\n`);
  const r = spawnSync(process.execPath, [join(ROOT, file), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${file} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

function machine() {
  const cpu = cpus();
  let chromium = '';
  try {
    chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    chromium = 'not found';
  }
  const openpgp = JSON.parse(readFileSync(join(ROOT, 'node_modules/openpgp/package.json'), 'utf8')).version;
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    commit = 'unknown';
  }
  return {
    cpu: `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free at start)`,
    os: `Linux ${release()}`,
    node: process.version,
    chromium,
    openpgp,
    commit,
    loadStart: loadavg(),
    date: new Date().toISOString(),
  };
}

const m = machine();

// ---- load
const loadFile = join(tmp, 'load.json');
step('load (Chromium, fresh page loads)', 'bench/load.mjs', [String(QUICK ? 3 : 9), '--json', loadFile]);
const load = JSON.parse(readFileSync(loadFile, 'utf8'));

// ---- seal
const sealFile = join(tmp, 'seal.json');
step('seal (Node and Chromium, beside OpenPGP.js)', 'bench/seal.mjs', [...(QUICK ? ['--quick'] : []), '--json', sealFile]);
const seal = JSON.parse(readFileSync(sealFile, 'utf8'));

// ---- scan speed, fresh processes
const scans = [];
for (let i = 0; i < (QUICK ? 2 : RUNS); i++) {
  scans.push(JSON.parse(step(`scan speed ${i + 1}`, 'bench/scan-speed.mjs', ['--runs', '100', '--json']).trim().split('\n').pop()));
}
const scan = Object.fromEntries(Object.keys(scans[0]).map((k) => [k, stats(scans.map((s) => s[k]))]));

// ---- memory, 10 MiB, fresh processes
const mems = [];
for (let i = 0; i < (QUICK ? 2 : RUNS); i++) {
  const line = step(`memory ${i + 1}`, 'bench/memory.mjs', ['10']).trim().split('\n').pop().split(' ').map(Number);
  mems.push({ peak: line[1], ratio: line[2], wasm: line[3], ms: line[6] });
}
const mem = Object.fromEntries(Object.keys(mems[0]).map((k) => [k, stats(mems.map((s) => s[k]))]));
// Bulk submission: its own table, one run (it has no peer).
const BULK_N = QUICK ? 100 : 300;
const bulk = step(`bulk (${BULK_N} reports)`, 'bench/bulk.mjs', [String(BULK_N)]).trim();
// The intake: beside its floor in the same run (target ≥ 0.70×).
const INTAKE_N = QUICK ? 2000 : 6000;
const intake = step(`intake load (${INTAKE_N} requests per server, in 24 alternating rounds)`, 'bench/intake.mjs', [String(INTAKE_N)]).trim();
// The form on the demo page (Chromium) and the anti-spam stamp's minting speed: their own tables.
const form = step('form (Chromium, the demo page)', 'bench/form.mjs', ['--runs', QUICK ? '3' : '5']).trim();
process.env.N = QUICK ? '5' : '9';
const stamp = step('stamp (Node and Chromium)', 'bench/stamp.mjs', []).trim();
rmSync(tmp, { recursive: true, force: true });
m.loadEnd = loadavg();

// ---- tables
const row = (name) => load.rows.find((r) => r.name.startsWith(name));
const core = row('psirt-report: init() →');
const both = row("psirt-report: init({ seal: 'eager' })");
const peer = row('OpenPGP.js');
const mods = load.modules;
const coreMod = mods['psirt_report_bg.wasm'];
const sealMod = mods['psirt_report_seal_bg.wasm'];
const BEFORE_GZIP = 1496 * 1024; // the single module the package had before the core/seal split

const sealRows = seal.rows.filter((r) => r.impl === 'psirt-report' && !r.where.startsWith('native'));
const peerOf = (r) => seal.rows.find((x) => x.impl === 'OpenPGP.js' && x.where === r.where && x.workload === r.workload);

const verdict = (ok, how) => (ok ? `met (${how})` : `**missed** (${how})`);
const targets = [
  ['core module ≤ 600 KB gzip', verdict(coreMod.gzip <= 600e3, `${kib(coreMod.gzip)} gzip, ${kib(coreMod.br)} brotli`)],
  ['seal module ≤ 550 KiB gzip', verdict(sealMod.gzip <= 550 * 1024, `${kib(sealMod.gzip)} gzip, ${kib(sealMod.br)} brotli`)],
  [
    'core + seal (what a reporter\'s page loads) ≤ 1 000 KiB gzip',
    verdict(coreMod.gzip + sealMod.gzip <= 1000 * 1024, `${kib(coreMod.gzip + sealMod.gzip)} gzip, ${kib(coreMod.br + sealMod.br)} brotli`),
  ],
  [
    'bytes before the first validation ≤ 748 KiB gzip (0.5× the 1 496 KiB of one module)',
    verdict(core.gzip <= 0.5 * BEFORE_GZIP, `${kib(core.gzip)} gzip = ${(core.gzip / BEFORE_GZIP).toFixed(2)}×`),
  ],
  [
    'core import → first validation ≤ 1.5× OpenPGP.js import → first key',
    verdict(core.ready.median <= 1.5 * peer.ready.median, `${f0(core.ready.median)} vs ${f0(peer.ready.median)} ms = ${(core.ready.median / peer.ready.median).toFixed(2)}×`),
  ],
];
for (const r of sealRows) {
  const p = peerOf(r);
  if (!p) continue;
  const ratio = r.median / p.median;
  if (/10 MiB/.test(r.workload)) targets.push([`10 MiB seal ≤ 1.0× OpenPGP.js — ${r.where}, ${r.workload}`, verdict(ratio <= 1, `${ratio.toFixed(2)}×`)]);
  else if (/RSA/.test(r.workload)) targets.push([`2 KB RSA-4096 ≤ 2× OpenPGP.js — ${r.where}`, verdict(ratio <= 2, `${ratio.toFixed(2)}×`)]);
}
targets.push(['peak memory ≤ 3× the payload (10 MiB, Node)', verdict(mem.ratio.median <= 3, `${mem.ratio.median.toFixed(2)}×`)]);
targets.push(['scanning the labelled corpus ≥ 20 MB/s', verdict(scan.corpus.median >= 20, `${f2(scan.corpus.median)} MB/s`)]);
targets.push(['report text ≥ 40 MB/s', verdict(scan.prose.median >= 40, `${f2(scan.prose.median)} MB/s`)]);

const md = [];
md.push('# Benchmarks', '');
md.push('Written by `make bench` (bench/run.mjs); never edited by hand. Medians with min–max.', '');
md.push('## Machine', '');
md.push(`- ${m.cpu}; ${m.memory}; ${m.os}`);
md.push(`- Node ${m.node}; ${m.chromium} (headless); OpenPGP.js ${m.openpgp} from node_modules`);
md.push(`- load average ${m.loadStart.map(f2).join(' ')} at the start, ${m.loadEnd.map(f2).join(' ')} at the end (other work shares these cores)`);
md.push(`- commit ${m.commit}, ${m.date}`, '');
md.push('## Targets', '', 'Each target beside its peer or its limit, in this run.', '', '| target | result |', '|---|---|', ...targets.map(([t, v]) => `| ${t} | ${v} |`), '');
md.push('![psirt-report and OpenPGP.js side by side](bench/chart.svg)', '');
md.push('## Load', '', `Headless Chromium, ${load.n} fresh page loads each, gzip transfer, no cache.`, '');
md.push('| what | files | raw | gzip | import → ready ms | of which import + init ms |', '|---|---|---|---|---|---|');
for (const r of load.rows) md.push(`| ${r.name} | ${r.files.length} | ${kib(r.raw)} | ${kib(r.gzip)} | ${range(r.ready)} | ${range(r.init)} |`);
md.push('', 'psirt-report ready = a first `validate()` answered; OpenPGP.js ready = a first key parsed (`readKey`).', '');
md.push('| module | raw | gzip -9 | brotli 11 |', '|---|---|---|---|');
for (const [name, s] of Object.entries(mods)) md.push(`| ${name} | ${kib(s.raw)} | ${kib(s.gzip)} | ${kib(s.br)} |`);
md.push('', `Node: \`require('psirt-report')\` (the core and the open module, read + compile + instantiate): ${range(load.node.require)} ms.`, '');
md.push('## Seal', '', 'Same bytes, same key, armored SEIPDv1 AES-256; key parsing included.', '');
md.push('| where | workload | psirt-report ms | OpenPGP.js ms | ratio | psirt-report peak Δ MiB | OpenPGP.js peak Δ MiB |', '|---|---|---|---|---|---|---|');
const mib = (x) => (x === null || x === undefined || Number.isNaN(x) ? '—' : (x / 2 ** 20).toFixed(1));
for (const r of sealRows) {
  const p = peerOf(r);
  md.push(
    `| ${r.where} | ${r.workload} | ${f2(r.median)} (${f2(r.min)}–${f2(r.max)}) | ${p ? `${f2(p.median)} (${f2(p.min)}–${f2(p.max)})` : '—'} | ${p ? `${(r.median / p.median).toFixed(2)}×` : '—'} | ${mib(r.peakDelta)} | ${p ? mib(p.peakDelta) : '—'} |`,
  );
}
md.push('', `Iterations per case: 2 KB ${sealRows.find((r) => !/MiB/.test(r.workload))?.iterations ?? '?'}, 10 MiB ${sealRows.find((r) => /MiB/.test(r.workload))?.iterations ?? '?'} (after warm-up).`);
if (seal.webcryptoFloor) {
  const w = seal.webcryptoFloor;
  md.push(`Chromium WebCrypto alone on the 10 MiB case's ${(w.bytes / 2 ** 20).toFixed(1)} MiB MIME entity: AES-256-CBC ${f2(w.aesCbc)} ms, SHA-1 ${f2(w.sha1)} ms (the floor of a WebCrypto-backed SEIPDv1).`);
}
md.push('');
md.push('## Scanner', '', `wasm in Node, ${scans.length} fresh processes.`, '');
md.push('| measure | median (min–max) |', '|---|---|');
md.push(`| report text, 1 MiB (prose, logs, HTTP) | ${range(scan.prose, f2)} MB/s |`);
md.push(`| labelled corpus, one call per case | ${range(scan.corpus, f2)} MB/s |`);
md.push(`| labelled corpus joined into one text | ${range(scan.joined, f2)} MB/s |`);
md.push(`| 50 KB report, p50 / p95 | ${range(scan.p50, f2)} / ${range(scan.p95, f2)} ms |`);
md.push(`| first scanText() call | ${range(scan.first, f2)} ms |`, '');
md.push('## Memory', '', `Node, sealing a 10 MiB attachment, ${mems.length} fresh processes.`, '');
md.push('| measure | median (min–max) |', '|---|---|');
md.push(`| peak RSS growth | ${range(mem.peak, f1)} MiB = ${range(mem.ratio, f2)}× the attachment |`);
md.push(`| wasm linear memory growth | ${range(mem.wasm, f1)} MiB |`);
md.push(`| seal time in that process | ${range(mem.ms)} ms |`, '');
md.push('## Bulk submission', '', `\`psirt-report bulk\`, ${BULK_N} reports of ~5 KB, one run.`, '', '```text', bulk, '```', '');
md.push('## The intake', '', 'Beside its floor (`bench/intake.mjs`, target ≥ 0.70×).', '', '```text', intake.split('\n').filter((l) => !l.startsWith('sealing')).join('\n'), '```', '');
md.push('## The form', '', 'The demo page in headless Chromium (`bench/form.mjs`).', '', '```text', form, '```', '');
md.push('## The anti-spam stamp', '', 'Minting speed in Node and in a Chromium worker (`bench/stamp.mjs`).', '', '```text', stamp, '```', '');

// ---- weight: where the bytes go (bench/wasm-size.mjs on the modules as cargo built them), and
// the levers measured by hand (bench/weight-levers.md, with the command that measured each)
md.push('## Weight: where the code bytes go', '');
md.push('Code bytes by crate, before wasm-bindgen and wasm-opt (which shrinks code ~15-25 %), from each module\'s name section (`node bench/wasm-size.mjs target/wasm-raw/MODULE.wasm`).', '');
const { crates } = await import('./wasm-size.mjs');
const rawDir = join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'wasm-raw');
for (const mod of ['core', 'seal']) {
  let r;
  try {
    r = crates(readFileSync(join(rawDir, `${mod}.wasm`)));
  } catch {
    continue;
  }
  md.push(`**${mod}** (${kib(r.codeTotal)} code, ${kib(r.data)} data):`, '');
  md.push('| crate | code | share |', '|---|---|---|');
  for (const [c, b] of Object.entries(r.code).sort((a, b) => b[1] - a[1]).slice(0, 14)) {
    md.push(`| ${c} | ${kib(b)} | ${((100 * b) / r.codeTotal).toFixed(1)} % |`);
  }
  md.push('');
}
try {
  md.push(readFileSync(join(ROOT, 'bench/weight-levers.md'), 'utf8').trim(), '');
} catch {
  // no hand-measured levers
}

// ---- chart: psirt-report / OpenPGP.js per measure (log scale around 1×)
const bars = [
  ['gzip bytes before first validation', core.gzip / peer.gzip],
  ['import → first validation (Chromium)', core.ready.median / peer.ready.median],
  ...sealRows.filter(peerOf).map((r) => [`seal ${r.workload} (${r.where.split(' ')[0]})`, r.median / peerOf(r).median]),
  ...sealRows
    .filter((r) => /MiB/.test(r.workload) && peerOf(r)?.peakDelta > 0 && r.peakDelta > 0)
    .map((r) => [`peak memory ${r.workload} (${r.where.split(' ')[0]})`, r.peakDelta / peerOf(r).peakDelta]),
];
const W = 720;
const H = 40 + bars.length * 26;
const x0 = 330;
const span = W - x0 - 60;
const lg = (v) => Math.log10(Math.max(v, 0.05));
const lo = -1;
const hi = Math.max(1.3, ...bars.map(([, v]) => lg(v)));
const X = (v) => x0 + ((lg(v) - lo) / (hi - lo)) * span;
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const svg = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  `<rect width="${W}" height="${H}" fill="#fff"/>`,
  `<text x="10" y="18" font-weight="bold">psirt-report ÷ OpenPGP.js ${esc(m.openpgp)} (log scale; left of the line = psirt-report better)</text>`,
  `<line x1="${X(1)}" y1="26" x2="${X(1)}" y2="${H - 6}" stroke="#333" stroke-dasharray="4 3"/>`,
  `<text x="${X(1) + 3}" y="36" fill="#333">1×</text>`,
  ...bars.map(([label, v], i) => {
    const y = 44 + i * 26;
    const a = Math.min(X(1), X(v));
    const b = Math.max(X(1), X(v));
    const color = v <= 1 ? '#2a7d2a' : '#b03a2e';
    return `<text x="10" y="${y + 12}">${esc(label)}</text><rect x="${a}" y="${y}" width="${Math.max(b - a, 1)}" height="16" fill="${color}"/><text x="${b + 4}" y="${y + 12}">${v.toFixed(2)}×</text>`;
  }),
  '</svg>',
].join('\n');
// Where WebAssembly is off: the JavaScript core beside the wasm path (bench/jscore.mjs).
const jscore = step('JavaScript core (Chromium --jitless, Firefox Tor "Safer", beside the wasm)', 'bench/jscore.mjs', ['--runs', String(QUICK ? 2 : 5)]);
md.push('', '## Without WebAssembly: the JavaScript core', '', '`bench/jscore.mjs`.', '', '```', jscore.trim(), '```');
writeFileSync(join(ROOT, 'bench/chart.svg'), `${svg}\n`);
writeFileSync(join(ROOT, 'BENCHMARKS.md'), `${md.join('\n')}\n`);
console.log(md.join('\n'));
console.log('\nwrote BENCHMARKS.md and bench/chart.svg');
