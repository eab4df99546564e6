#!/usr/bin/env node
/**
 * The scanner's first-use cost in a fresh instance of the core: the first `scan_text` of a short
 * text (the keyword automata, the digit rule set, the regexes a hit needs, V8's lazy compilation
 * of the wasm functions they run) beside the second call, then a V8 CPU profile of a first call
 * in another fresh instance, by function, total (inclusive) time for the scanner's set-up steps.
 * Runs wasm-bindgen on target/wasm-raw/core.wasm (kept by `make wasm`) for function names.
 *   node bench/profile-first-scan.mjs [--runs N] [--pkg OLD_PKG_DIR]
 * With --pkg, the first-call timings are taken for that package's core module and this one's
 * (pkg/wasm, as shipped), alternating, in one process; the profile stays this build's.
 * Never a test: it prints figures.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Session } from 'node:inspector/promises';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] || 7) || 7;
const raw = join(ROOT, 'target/wasm-raw/core.wasm');
const out = mkdtempSync(join(tmpdir(), 'wasm-first-'));
const bindgen = spawnSync('wasm-bindgen', ['--target', 'web', '--out-dir', out, '--out-name', 'core', raw], { encoding: 'utf8' });
if (bindgen.status !== 0) {
  console.error(`wasm-bindgen failed (run make wasm first): ${bindgen.stderr}`);
  process.exit(2);
}
const bytes = readFileSync(join(out, 'core_bg.wasm'));
const report = readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8');
const text = JSON.parse(report).description ?? report;
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
// Each instance needs its own glue module (wasm-bindgen's glue holds one instance): import it
// under a fresh query string.
let n = 0;
async function freshFrom(js, wasmBytes) {
  const glue = await import(`${pathToFileURL(js).href}?i=${n++}`);
  glue.initSync({ module: new WebAssembly.Module(wasmBytes) });
  return glue;
}
const fresh = () => freshFrom(join(out, 'core.js'), bytes);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const pkgIdx = args.indexOf('--pkg');
const builds = pkgIdx >= 0
  ? [['old', args[pkgIdx + 1]], ['new', join(ROOT, 'pkg')]].map(([name, dir]) => [name, join(dir, 'wasm/psirt_report.js'), readFileSync(join(dir, 'wasm/psirt_report_bg.wasm'))])
  : [['this build (with names)', join(out, 'core.js'), bytes]];
const firsts = builds.map(() => []), seconds = builds.map(() => []), vfirst = builds.map(() => []);
for (let r = 0; r < RUNS; r++) {
  for (const b of r % 2 ? [...builds.keys()].reverse() : builds.keys()) {
    const [, js, wasmBytes] = builds[b];
    const g = await freshFrom(js, wasmBytes);
    let t0 = performance.now();
    g.scan_text(text, '');
    const t1 = performance.now();
    g.scan_text(text, '');
    const t2 = performance.now();
    firsts[b].push(t1 - t0);
    seconds[b].push(t2 - t1);
    const v = await freshFrom(js, wasmBytes);
    t0 = performance.now();
    v.validate(report, '{}');
    vfirst[b].push(performance.now() - t0);
  }
}
builds.forEach(([name], b) =>
  console.log(`${name}: first scan_text ${median(firsts[b]).toFixed(1)} ms, second ${median(seconds[b]).toFixed(2)} ms; first validate ${median(vfirst[b]).toFixed(1)} ms (medians of ${RUNS} fresh instances, ${Buffer.byteLength(text)} bytes)`),
);
const g = await fresh();
const s = new Session();
s.connect();
await s.post('Profiler.enable');
await s.post('Profiler.setSamplingInterval', { interval: 50 });
await s.post('Profiler.start');
g.scan_text(text, '');
const { profile } = await s.post('Profiler.stop');
const byId = new Map(profile.nodes.map((x) => [x.id, x]));
const parent = new Map();
for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
const self = new Map(), total = new Map();
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  const name = (k) => byId.get(k).callFrame.functionName.replace(/::h[0-9a-f]{16}$/, '');
  self.set(name(id), (self.get(name(id)) ?? 0) + dt);
  const seen = new Set();
  for (let k = id; k !== undefined; k = parent.get(k)) {
    const f = name(k);
    if (seen.has(f)) continue;
    seen.add(f);
    total.set(f, (total.get(f) ?? 0) + dt);
  }
});
const all = profile.samples.length ? (profile.endTime - profile.startTime) : 1;
console.log(`profiled first call: ${(all / 1000).toFixed(1)} ms`);
console.log('inclusive ms, scanner functions:');
for (const [k, v] of [...total].filter(([k]) => /scan|regex|aho|compile|build|Compiled|OnceLock|decode/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log((v / 1000).toFixed(1).padStart(7), k.slice(0, 130));
console.log('self ms:');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log((v / 1000).toFixed(1).padStart(7), k.slice(0, 130));
rmSync(out, { recursive: true, force: true });
