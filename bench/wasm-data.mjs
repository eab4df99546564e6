#!/usr/bin/env node
/**
 * What a WebAssembly module's data section holds, by what it is: reads the linker's map
 * (`-C link-arg=-Map=FILE`, wasm-ld) and the module it describes, and sums every data input by
 *   - its symbol's crate, when the linker kept a name (`regex_syntax::unicode_tables::…`);
 *   - for anonymous constants (`.Lanon.*`, merged strings): the file whose text holds them —
 *     this crate's sources, schemas and profiles, or a dependency's sources (a panic's
 *     `Location` names its file: `…/regex-automata-0.4.x/src/…`); else "binary" or "short text".
 * Never a test: it prints a table. How to get the map without rebuilding every crate:
 *   cargo rustc --release --lib --target wasm32-unknown-unknown --no-default-features \
 *     --features core -- -C link-arg=-Map=/tmp/core.map
 *   node bench/wasm-data.mjs target/wasm32-unknown-unknown/release/psirt_report.wasm /tmp/core.map [--top N]
 */

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const [wasmFile, mapFile] = process.argv.slice(2).filter((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const top = process.argv.includes('--top') ? Number(process.argv[process.argv.indexOf('--top') + 1]) : 30;
const wasm = readFileSync(wasmFile);
const lines = readFileSync(mapFile, 'utf8').split('\n');

/** Active data segments of the module: [{base, start, size}] (memory address → file offset). */
function segments(buf) {
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
  const out = [];
  while (p < buf.length) {
    const id = buf[p++];
    const size = leb();
    const end = p + size;
    if (id === 11) {
      const n = leb();
      for (let i = 0; i < n; i++) {
        const flags = leb();
        if (flags === 2) leb();
        let base = 0;
        if (flags !== 1) {
          p++; // i32.const
          base = leb();
          p++; // end
        }
        const len = leb();
        out.push({ base, start: p, size: len });
        p += len;
      }
    }
    p = end;
  }
  return out;
}
const segs = segments(wasm);
const fileOffset = (addr) => {
  const s = segs.find((x) => addr >= x.base && addr < x.base + x.size);
  return s ? s.start + (addr - s.base) : -1;
};

// Inputs of the data sections: "addr off size<9 spaces>object:(section)", then "<17 spaces>symbol".
const inputs = [];
let inData = false;
for (let i = 0; i < lines.length; i++) {
  const m = /^\s+([0-9a-f]+|-)\s+([0-9a-f]+)\s+([0-9a-f]+)( +)(.*)$/.exec(lines[i]);
  if (!m) continue;
  const depth = m[4].length;
  if (depth === 1) {
    inData = /^\.(rodata|data)$/.test(m[5]);
    continue;
  }
  if (!inData || depth !== 9) continue;
  const next = /^\s+[0-9a-f-]+\s+[0-9a-f]+\s+[0-9a-f]+ {17}(.*)$/.exec(lines[i + 1] ?? '');
  inputs.push({ off: fileOffset(parseInt(m[1], 16)), size: parseInt(m[3], 16), obj: m[5], sym: next ? next[1] : '' });
}

/** The crate a mangled symbol belongs to (legacy `_ZN<len><name>…` or v0 `_R…Cs<hash>_<len><name>`). */
function crateOfSymbol(sym) {
  const s = sym.replace(/^\.Lswitch\.table\./, '');
  let m = /^_ZN(\d+)/.exec(s);
  if (m) {
    let name = s.slice(3 + m[1].length, 3 + m[1].length + Number(m[1]));
    if (name.startsWith('_$LT$')) {
      const inner = /^_\$LT\$([a-z_][a-z0-9_]*)\.\./.exec(name);
      name = inner ? inner[1] : '(impl)';
    }
    return name;
  }
  m = /C[sv]?[0-9A-Za-z]*_(\d+)([A-Za-z_][A-Za-z0-9_]*)/.exec(s);
  if (s.startsWith('_R') && m) return m[2].slice(0, Number(m[1]));
  return null;
}

// Text sources to attribute anonymous constants to: ours, then the dependencies in the registry.
function walk(dir, out, exts) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    const st = statSync(p);
    if (st.isDirectory()) {
      if (!['target', 'tests', 'benches', 'examples', '.git', 'node_modules'].includes(e)) walk(p, out, exts);
    } else if (exts.some((x) => e.endsWith(x))) out.push(p);
  }
  return out;
}
const ours = [
  ...walk('src', [], ['.rs']),
  ...walk('schema', [], ['.json']),
  ...walk('profiles', [], ['.json']),
].map((p) => ({ label: p, text: readFileSync(p, 'utf8') }));
const registry = execFileSync('bash', ['-c', 'echo $HOME/.cargo/registry/src/*/'], { encoding: 'utf8' }).trim();
const meta = JSON.parse(
  execFileSync('cargo', ['metadata', '--format-version', '1', '--filter-platform', 'wasm32-unknown-unknown'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  }),
);
// regex-syntax's Unicode tables (`&[(char, char)]` constants), as the bytes the linker would keep.
const tables = new Map();
const charOf = (lit) => {
  const u = /^\\u\{([0-9A-Fa-f]+)\}$/.exec(lit);
  if (u) return parseInt(u[1], 16);
  const esc = { '\\t': 9, '\\n': 10, '\\r': 13, "\\'": 39, '\\\\': 92, '\\0': 0 };
  if (lit in esc) return esc[lit];
  return lit.codePointAt(0);
};
for (const pkg of meta.packages.filter((p) => p.name === 'regex-syntax')) {
  const dir = join(registry, `${pkg.name}-${pkg.version}`, 'src', 'unicode_tables');
  let files = [];
  try {
    files = readdirSync(dir);
  } catch {
    continue;
  }
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const m of text.matchAll(/pub const (\w+): &'static \[\(char, char\)\] = &\[([^\]]*)\];/g)) {
      const pairs = [...m[2].matchAll(/\('((?:\\u\{[0-9A-Fa-f]+\}|\\.|[^'\\])+)', '((?:\\u\{[0-9A-Fa-f]+\}|\\.|[^'\\])+)'\)/g)];
      const buf = Buffer.alloc(pairs.length * 8);
      pairs.forEach((p, i) => {
        buf.writeUInt32LE(charOf(p[1]), i * 8);
        buf.writeUInt32LE(charOf(p[2]), i * 8 + 4);
      });
      if (buf.length) tables.set(buf.toString('hex'), `${f.replace('.rs', '')}::${m[1]}`);
    }
  }
}
const escapeRust = (s) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
function findText(t) {
  const probe = t.length > 400 ? t.slice(0, 400) : t;
  for (const variant of [probe, escapeRust(probe), JSON.stringify(probe).slice(1, -1)]) {
    for (const f of ours) if (f.text.includes(variant)) return `ours: ${f.label}`;
  }
  return null;
}

const groups = new Map();
const add = (key, bytes, buf) => {
  const g = groups.get(key) ?? { bytes: 0, parts: [] };
  g.bytes += bytes;
  g.parts.push(buf);
  groups.set(key, g);
};
// Anonymous constants keep the hash of the crate that defined them (`.Lanon.<hash>.N`), even
// after LTO: a hash is named after the crate whose constants were recognised (a regex-syntax
// table, a string of this crate's sources).
const hashOf = (sym) => /^\.Lanon\.([0-9a-f]+)\./.exec(sym)?.[1];
const hashCrate = new Map();
for (const inp of inputs) {
  if (inp.off < 0 || !hashOf(inp.sym)) continue;
  const buf = wasm.subarray(inp.off, inp.off + inp.size);
  if (tables.has(buf.toString('hex'))) hashCrate.set(hashOf(inp.sym), 'regex_syntax');
  else if (!hashCrate.has(hashOf(inp.sym)) && inp.size >= 24 && findText(buf.toString('utf8'))) {
    hashCrate.set(hashOf(inp.sym), 'psirt_report');
  }
}
const ownerOf = (inp) => {
  const h = hashOf(inp.sym);
  return h ? (hashCrate.get(h) ?? `crate .Lanon.${h.slice(0, 8)}`) : '(merged strings)';
};

for (const inp of inputs) {
  if (inp.off < 0) continue; // .bss: zeros, not in the file
  const buf = wasm.subarray(inp.off, inp.off + inp.size);
  const crate = inp.sym && !inp.sym.startsWith('.Lanon') ? crateOfSymbol(inp.sym) : null;
  if (crate) {
    const what = /unicode_tables|unicode_data|UNICODE|CASE_FOLD|PERL_/i.test(inp.sym) ? ' (Unicode tables)' : '';
    add(`${crate}${what}`, inp.size, buf);
    continue;
  }
  const table = tables.get(buf.toString('hex'));
  if (table) {
    add(`regex-syntax Unicode tables (${table.split('::')[0]})`, inp.size, buf);
    continue;
  }
  const text = buf.toString('utf8');
  const printable = text.replace(/[^\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]/g, '').length / Math.max(1, text.length);
  if (inp.obj.startsWith('<internal>') || printable < 0.9) {
    // Merged strings (one input holding many) or binary: split merged strings at NULs.
    if (printable >= 0.9 || inp.obj.startsWith('<internal>')) {
      for (const s of text.split('\0')) {
        if (!s) continue;
        const src = s.length >= 6 ? findText(s) : null;
        add(src ? `${src} (strings)` : `${ownerOf(inp)}: other text`, Buffer.byteLength(s), Buffer.from(s));
      }
    } else add(`${ownerOf(inp)}: other constants`, inp.size, buf);
    continue;
  }
  const path = /\/(?:registry\/src\/[^/]+|rustlib\/src\/rust\/library|rustc\/[0-9a-f]+\/library)\/([^/]+)\//.exec(text);
  if (path) {
    add(`panic locations: ${path[1].replace(/-[0-9][^-]*$/, '')}`, inp.size, buf);
    continue;
  }
  const src = text.length >= 6 ? findText(text) : null;
  add(src ?? `${ownerOf(inp)}: other text`, inp.size, buf);
}

const total = inputs.reduce((a, i) => a + i.size, 0);
const rows = [...groups].sort((a, b) => b[1].bytes - a[1].bytes);
console.log(`${wasmFile}: data inputs ${total} bytes (${inputs.length} inputs), gzip of each group alone`);
console.log('   bytes      %     gzip   what');
for (const [k, g] of rows.slice(0, top)) {
  const gz = gzipSync(Buffer.concat(g.parts), { level: 9 }).length;
  console.log(`${String(g.bytes).padStart(8)}  ${((100 * g.bytes) / total).toFixed(1).padStart(5)}  ${String(gz).padStart(7)}   ${k}`);
}
