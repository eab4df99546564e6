// The JavaScript core: the core and seal modules translated from WebAssembly to JavaScript with
// binaryen's wasm2js, for browsers where WebAssembly is switched off (Tor Browser "Safer",
// Chromium --jitless, enterprise policies). Run by `make jscore` on the wasm32 builds made
// without reference types and multivalue (wasm2js handles one table only; wasm-bindgen then keeps
// JS values in its heap slab instead of an externref table). For each variant:
//   wasm-bindgen (target web, reset-state function)  →  check: no externref table in the glue
//   wasm-opt: lower bulk memory, sign-ext and saturating float→int (wasm2js knows none), -O1
//   wasm2js -O (asm.js-style JavaScript, data segments inline)
//   one ES module: the wasm-bindgen glue (patched, see `patchGlue`) + the translated module,
//   whose `initJs()` instantiates it without WebAssembly; then minified (rolldown's minifier).
// Writes pkg/jscore/psirt_report_<variant>.js (+ .gz, .br through compress-wasm.mjs) and prints
// each file's bytes and SRI hash.
//   node scripts/build-jscore.mjs core target/jscore/core.wasm seal target/jscore/seal.wasm

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const WORK = join(ROOT, 'target/jscore/build');
const OUT = join(ROOT, 'pkg/jscore');
const bin = (name) => join(ROOT, 'node_modules/.bin', name);

const LOWER = [
  '--enable-bulk-memory',
  '--enable-sign-ext',
  '--enable-nontrapping-float-to-int',
  '--enable-mutable-globals',
  '--llvm-memory-copy-fill-lowering',
  '--signext-lowering',
  '--llvm-nontrapping-fptoint-lowering',
];

function run(cmd, args) {
  const t0 = performance.now();
  execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  return performance.now() - t0;
}

/** Every replacement must apply exactly as expected: a glue that changed shape fails the build. */
function replaceOnce(text, from, to, what) {
  const n = text.split(from).length - 1;
  if (n !== 1) throw new Error(`build-jscore: expected one "${what}" in the glue, found ${n}`);
  return text.replace(from, to);
}

/**
 * The wasm-bindgen glue, made to run on the translated module:
 * - `initJs(instantiate)`: instantiates with the glue's imports through the translated module's
 *   factory (no WebAssembly object needed), and `__wbg_reset_state` re-instantiates the same way;
 * - memory views: wasm2js grows memory by copying into a new ArrayBuffer and leaves the old one
 *   attached, so the glue's "byteLength === 0 means grown" test never fires: compare buffers.
 */
function patchGlue(glue) {
  if (/__wbindgen_externrefs|__externref_table_alloc/.test(glue)) {
    throw new Error('build-jscore: the glue uses an externref table: the build kept reference types');
  }
  if (!/heap\[|getObject\(|takeObject\(/.test(glue)) {
    throw new Error('build-jscore: the glue has no heap slab: unexpected wasm-bindgen output');
  }
  let out = glue.replace(/cached(\w+)Memory0\.byteLength === 0/g, 'cached$1Memory0.buffer !== wasm.memory.buffer');
  // The DataView's test trusts `buffer.detached` where the engine has it: false for the old,
  // still attached buffer, so it would keep a stale view. Compare buffers there too.
  out = out.replace(
    /cached(\w+)Memory0\.buffer\.detached === true \|\| \(cached\1Memory0\.buffer\.detached === undefined && cached\1Memory0\.buffer !== wasm\.memory\.buffer\)/g,
    'cached$1Memory0.buffer !== wasm.memory.buffer',
  );
  if (/\.detached\b|byteLength === 0/.test(out)) throw new Error('build-jscore: a memory view test was left unpatched');
  out = replaceOnce(
    out,
    'wasmInstance = new WebAssembly.Instance(wasmModule, __wbg_get_imports());',
    'wasmInstance = { exports: __wbg_js_instantiate(__wbg_get_imports()) };',
    'reset_state instantiation',
  );
  // wasm-bindgen's reset calls a start function, which a module without an externref table
  // may not have.
  out = replaceOnce(out, '    wasm.__wbindgen_start();\n}', '    wasm.__wbindgen_start?.();\n}', 'reset_state start call');
  // Nothing below may touch WebAssembly: the exports the entries read are the API functions,
  // `initJs` and `__wbg_reset_state`.
  out = out.replace(/^export \{ initSync, __wbg_init as default \};\s*$/m, '');
  out += `
/** Instantiates the translated module (no WebAssembly needed); returns its exports. */
function initJs() {
    if (wasm !== undefined) return wasm;
    return __wbg_finalize_init({ exports: __wbg_js_instantiate(__wbg_get_imports()) }, 'javascript');
}
export { initJs };
`;
  return out;
}

/**
 * wasm2js's ES module → a factory `__wbg_js_instantiate(imports)`: its helpers and `asmFunc`
 * as they are, without its import of the glue (the glue passes its imports instead) and without
 * its own instantiation and exports. A trap (`unreachable`, Rust's panic = abort) throws an
 * Error marked `psirtTrap`, which index.js treats as a WebAssembly trap (restart the instance).
 */
function asmFactory(asm) {
  const tail = asm.indexOf('var retasmFunc');
  if (!asm.includes('function asmFunc(imports)') || tail < 0) throw new Error('build-jscore: unexpected wasm2js output (no asmFunc/retasmFunc)');
  let body = asm.slice(0, tail).replace(/^import \* as [\w$]+ from '[^']+';$/gm, '');
  if (/^import /m.test(body)) throw new Error('build-jscore: unexpected import in the wasm2js output');
  body = replaceOnce(
    body,
    "function wasm2js_trap() { throw new Error('abort'); }",
    "function wasm2js_trap() { const e = new Error('unreachable executed (JavaScript core)'); e.name = 'RuntimeError'; e.psirtTrap = true; throw e; }",
    'wasm2js_trap',
  );
  return `${body}
function __wbg_js_instantiate(imports) {
    return asmFunc(imports);
}
`;
}

const args = process.argv.slice(2);
mkdirSync(WORK, { recursive: true });
mkdirSync(OUT, { recursive: true });
const written = [];
for (let i = 0; i < args.length; i += 2) {
  const [variant, raw] = [args[i], args[i + 1]];
  const name = `psirt_report_js_${variant}`;
  const times = {};
  const asmFile = join(WORK, `${name}.asm.js`);
  // JSCORE_REUSE=1: only join and minify again (after a change to this script's patches).
  if (!process.env.JSCORE_REUSE) {
    // The precompiled std was built with reference types and says so in the module's
    // target_features section, from which wasm-bindgen would choose an externref table (and fail:
    // our code has none). Without the section it keeps JS values in its heap slab.
    const plain = join(WORK, `${name}.plain.wasm`);
    times.strip = run(bin('wasm-opt'), [raw, '--strip-target-features', '-o', plain]);
    times.bindgen = run('wasm-bindgen', ['--target', 'web', '--experimental-reset-state-function', '--out-dir', WORK, '--out-name', name, plain]);
    const bg = join(WORK, `${name}_bg.wasm`);
    const lowered = join(WORK, `${name}.lowered.wasm`);
    times.lower = run(bin('wasm-opt'), [bg, ...LOWER, '-O1', '-o', lowered]);
    times.wasm2js = run(bin('wasm2js'), [lowered, '-O', '-o', asmFile]);
  }
  const glue = readFileSync(join(WORK, `${name}.js`), 'utf8');
  const asm = readFileSync(asmFile, 'utf8');
  const joined = join(WORK, `${name}.joined.js`);
  writeFileSync(joined, `${patchGlue(glue)}\n${asmFactory(asm)}`);
  // Minified with rolldown (already a devDependency, for the CommonJS entry): one ES module out.
  const t0 = performance.now();
  const { build } = await import('rolldown');
  const out = join(OUT, `${name}.js`);
  await build({
    input: joined,
    logLevel: 'silent',
    output: { file: `${out}.tmp`, format: 'es', minify: true },
    write: true,
  });
  renameSync(`${out}.tmp`, out);
  times.minify = performance.now() - t0;
  written.push(out);
  console.log(
    `jscore ${variant}: ${out.slice(ROOT.length)} ${(readFileSync(out).length / 1024).toFixed(0)} KiB — ` +
      Object.entries(times)
        .map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`)
        .join(', '),
  );
}
execFileSync(process.execPath, [join(ROOT, 'scripts/compress-wasm.mjs'), ...written], { stdio: 'inherit' });
