// What the WebAssembly module is made of, by crate: runs `twiggy top` (cargo install twiggy)
// on a module that still has its name section (cargo's output, before wasm-bindgen/wasm-opt),
// groups functions by the crate of their Rust path, and prints bytes and shares.
//   node bench/wasm-crates.mjs [target/wasm32-unknown-unknown/release/psirt_report.wasm]   (make size)
// Sizes are before wasm-opt (which shrinks code ~15-25% and drops the name section), so read
// them as proportions.

import { execFileSync } from 'node:child_process';

const file = process.argv[2] ?? 'target/wasm32-unknown-unknown/release/psirt_report.wasm';
const rows = JSON.parse(
  execFileSync('twiggy', ['top', '-n', '1000000', '--format', 'json', file], { encoding: 'utf8', maxBuffer: 1 << 28 }),
);

/** The crate a demangled Rust item belongs to. */
function crateOf(name) {
  if (/^(data segment|custom section|"function names"|type\[|table\[|elem\[|global\[|import |export |memory\[|code\[)/.test(name)) {
    return name.startsWith('data segment') ? name : name.startsWith('custom section') || name.startsWith('"function names"') ? `(section) ${name}` : '(wasm structure)';
  }
  let n = name.replace(/^<+/, '');
  // `<T as Trait>::f`: the implementing type decides; `<&T as …>`: strip references.
  n = n.replace(/^(&mut |&|\*const |\*mut |dyn |\[)+/, '');
  const m = /^([A-Za-z_][A-Za-z0-9_]*)::/.exec(n);
  if (m) return m[1];
  if (/^(core|alloc|std)\b/.test(n)) return 'std';
  return '(other)';
}

const groups = new Map();
let total = 0;
for (const r of rows.items ?? rows) {
  const name = r.name;
  const size = r.shallow_size;
  if (typeof size !== 'number') continue;
  total += size;
  const c = crateOf(name);
  groups.set(c, (groups.get(c) ?? 0) + size);
}
const sorted = [...groups].sort((a, b) => b[1] - a[1]);
console.log(`${file}: ${total} bytes`);
console.log('   bytes      %   crate / item');
for (const [c, size] of sorted.slice(0, 30)) {
  console.log(`${String(size).padStart(8)}  ${((100 * size) / total).toFixed(1).padStart(5)}   ${c}`);
}
