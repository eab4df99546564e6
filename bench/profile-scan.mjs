#!/usr/bin/env node
/**
 * Where the time goes when the wasm scans dense text (the labelled corpus, a value every ~130
 * bytes): throughput joined and per case, then a V8 CPU profile of scanText, self time by wasm
 * function. The shipped core has no function names (wasm-opt drops them), so this runs
 * wasm-bindgen on the release build kept by `make wasm` in target/wasm-raw/core.wasm.
 *   node bench/profile-scan.mjs
 * Never a test: it prints figures.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Session } from 'node:inspector/promises';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'wasm-names-'));
const raw = join(ROOT, 'target/wasm-raw/core.wasm');
const bindgen = spawnSync('wasm-bindgen', ['--target', 'web', '--out-dir', out, '--out-name', 'core', raw], { encoding: 'utf8' });
if (bindgen.status !== 0) {
  console.error(`wasm-bindgen failed (run make wasm first): ${bindgen.stderr}`);
  process.exit(2);
}
const glue = await import(pathToFileURL(join(out, 'core.js')).href);
glue.initSync({ module: readFileSync(join(out, 'core_bg.wasm')) });
const cases = readFileSync(join(ROOT, 'tests/corpus/cases.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).text);
const joined = cases.join('\n\n');
glue.scan_text(joined, '');
let t0 = performance.now(); for (let i = 0; i < 5; i++) glue.scan_text(joined, ''); let dt = (performance.now() - t0) / 5;
console.log('joined', (Buffer.byteLength(joined) / 1e6).toFixed(2), 'MB', dt.toFixed(0), 'ms', (Buffer.byteLength(joined) / 1e6 / (dt / 1000)).toFixed(1), 'MB/s');
t0 = performance.now(); for (const c of cases) glue.scan_text(c, ''); dt = performance.now() - t0;
console.log('per case', (Buffer.byteLength(joined) / 1e6 / (dt / 1000)).toFixed(1), 'MB/s');
rmSync(out, { recursive: true, force: true });
const s = new Session(); s.connect(); await s.post('Profiler.enable'); await s.post('Profiler.setSamplingInterval', { interval: 100 }); await s.post('Profiler.start');
for (let i = 0; i < 10; i++) glue.scan_text(joined, '');
const { profile } = await s.post('Profiler.stop');
const self = new Map(); const byId = new Map(profile.nodes.map((n) => [n.id, n]));
profile.samples.forEach((id, i) => { const n = byId.get(id); const k = n.callFrame.functionName; self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0)); });
const total = [...self.values()].reduce((a, b) => a + b, 0);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((100 * v / total).toFixed(1).padStart(5), k.slice(0, 140));
