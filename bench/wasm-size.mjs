#!/usr/bin/env node
/**
 * Where a WebAssembly module's code bytes go, by crate, without twiggy: reads the code section
 * (each function body's size) and the name section (its mangled Rust path) of a module as cargo
 * built it (target/wasm-raw/*.wasm, kept by `make wasm`: before wasm-bindgen and wasm-opt, which
 * shrinks code ~15-25 % and drops the names), and sums by the crate named first in the path.
 * Generic code is counted for the crate that defines it (`<pgp::X as core::fmt::Debug>` is pgp's
 * when the path starts with it; trait impls on foreign types count as "(impl)").
 *
 *   node bench/wasm-size.mjs [FILE] [--top N] [--json]   (default target/wasm-raw/seal.wasm, top 25)
 * Never a test: it prints a table.
 */

import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const file = argv.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? 'target/wasm-raw/seal.wasm';
const top = argv.includes('--top') ? Number(argv[argv.indexOf('--top') + 1]) : 25;

/** {code: {crate: bytes}, codeTotal, data, other} of the module in `buf`. */
export function crates(buf) {
  let p = 8;
  const leb = () => {
    let r = 0;
    let s = 0;
    let b;
    do {
      b = buf[p++];
      r += (b & 0x7f) * 2 ** s;
      s += 7;
    } while (b & 0x80);
    return r;
  };
  let imported = 0;
  const bodies = [];
  const names = new Map();
  let data = 0;
  let other = 0;
  while (p < buf.length) {
    const id = buf[p++];
    const size = leb();
    const end = p + size;
    if (id === 2) {
      // Imports: functions among them shift the function index space.
      const n = leb();
      for (let i = 0; i < n; i++) {
        // (`p += leb()` would add to p as it was before leb() advanced it.)
        for (let part = 0; part < 2; part++) {
          const len = leb();
          p += len;
        }
        const kind = buf[p++];
        if (kind === 0) {
          leb();
          imported++;
        } else if (kind === 1) {
          p++;
          if (leb() & 1) leb();
          leb();
        } else if (kind === 2) {
          if (leb() & 1) leb();
          leb();
        } else if (kind === 3) p += 2;
      }
    } else if (id === 10) {
      const n = leb();
      for (let i = 0; i < n; i++) {
        const s = leb();
        bodies.push(s);
        p += s;
      }
    } else if (id === 11) data += size;
    else if (id === 0) {
      const len = leb();
      const name = buf.subarray(p, p + len).toString();
      p += len;
      if (name === 'name') {
        while (p < end) {
          const sub = buf[p++];
          const subSize = leb();
          const subEnd = p + subSize;
          if (sub === 1) {
            const n = leb();
            for (let i = 0; i < n; i++) {
              const idx = leb();
              const l = leb();
              names.set(idx, buf.subarray(p, p + l).toString());
              p += l;
            }
          }
          p = subEnd;
        }
      } else other += size;
    } else other += size;
    p = end;
  }
  const code = {};
  let codeTotal = 0;
  bodies.forEach((s, i) => {
    const c = crateOf(names.get(i + imported) ?? '?');
    code[c] = (code[c] ?? 0) + s;
    codeTotal += s;
  });
  return { code, codeTotal, data, other };
}

const STD = new Set(['core', 'alloc', 'std']);
/** Module names of the standard library, which the scan below must skip to reach a crate. */
const STD_MODULES = new Set(
  ('vec ops iter fmt io collections option result ptr slice str string boxed rc sync cell mem num ' +
    'convert clone cmp hash marker default borrow array any error char panic raw_vec btree map set ' +
    'hash_map function range adapters traits spec_extend spec_from_iter node navigate drop_in_place ' +
    'into_iter chunks sort stable unstable buffered dedup splice drain append extend cursor impls ' +
    'uninit alloc_impl maybe_uninit sip arith bit deref index try_trait control_flow')
    .split(' '),
);

/**
 * The crate that owns a symbol: the first crate of its path, except that generic code of the
 * standard library (`core::ptr::drop_in_place<pgp::…>`, `alloc::vec::Vec<pgp::…>`) and trait
 * impls on references count for the first other crate named inside it.
 */
function crateOf(name) {
  const first = firstCrate(name);
  if (!STD.has(first) && first !== '(impl)') return first;
  for (const m of name.matchAll(/([a-z_][a-z0-9_]*)(?:\.\.|::)/g)) {
    if (!STD.has(m[1]) && !STD_MODULES.has(m[1]) && !/^(u20|lt|gt|rf|bp|c|u7b|u7d)$/.test(m[1])) return m[1];
  }
  return first;
}

/** The first crate of a (legacy-mangled or demangled) Rust symbol's path. */
function firstCrate(name) {
  const mangled = /^_ZN(\d+)/.exec(name);
  if (mangled) {
    const first = name.substr(mangled[0].length, Number(mangled[1]));
    if (!first.startsWith('_$LT$')) return first;
    const inner = /^_\$LT\$(?:\$RF\$|mut\$u20\$)*([A-Za-z_][A-Za-z0-9_]*)\.\./.exec(first);
    return inner ? inner[1] : '(impl)';
  }
  const m = /^<*(?:&mut |&)?([A-Za-z_][A-Za-z0-9_]*)::/.exec(name);
  return m ? m[1] : '(other)';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = crates(readFileSync(file));
  if (argv.includes('--json')) {
    console.log(JSON.stringify(r));
  } else {
    console.log(`${file}: code ${r.codeTotal} bytes, data ${r.data}, other sections ${r.other} (before wasm-opt)`);
    console.log('   bytes      %   crate');
    for (const [c, s] of Object.entries(r.code).sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${String(s).padStart(8)}  ${((100 * s) / r.codeTotal).toFixed(1).padStart(5)}   ${c}`);
    }
  }
}
