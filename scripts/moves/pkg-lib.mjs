// Rewrites references to the library files that moved from pkg/ to pkg/lib/ (internal.js became
// lib/registry.js; own, discover, stamp, cve, errors, webcrypto-seal, node-cipher kept their names).
// Run by scripts/moves/pkg-lib.sh after branches that still name the old paths are merged.
// Idempotent: a path that already points into pkg/lib/ is left alone.
//
// Two kinds of reference are rewritten:
//   - relative specifiers in pkg/** ('./own.js', '../../errors.js'): resolved against the file's
//     folder; when they land on an old root path, replaced by the relative path to the new file;
//   - paths naming pkg/ in tests/, bench/, www/, scripts/, examples/ and pkg/ ('../../pkg/stamp.js',
//     '/pkg/errors.js', join(ROOT, 'pkg/internal.js')): pkg/NAME.js becomes pkg/lib/NEW.js.
// Declaration files (*.d.ts) keep './errors.js': it names pkg/errors.d.ts, which did not move.

import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
// --docs: also the prose that names pkg/NAME.js (Markdown at the root and under docs/, Rust doc
// comments under src/); only the `pkg/NAME.js` form is rewritten there.
const DOCS = args.includes('--docs');
const ROOT = resolve(args.find((a) => !a.startsWith('--')) ?? fileURLToPath(new URL('../../', import.meta.url)));
const PKG = join(ROOT, 'pkg');
/** Old name at pkg/ → new path under pkg/. */
const MOVED = {
  'internal.js': 'lib/registry.js',
  'own.js': 'lib/own.js',
  'discover.js': 'lib/discover.js',
  'stamp.js': 'lib/stamp.js',
  'cve.js': 'lib/cve.js',
  'errors.js': 'lib/errors.js',
  'webcrypto-seal.js': 'lib/webcrypto-seal.js',
  'node-cipher.js': 'lib/node-cipher.js',
};
const NAMES = Object.keys(MOVED).map((n) => n.replace(/[.-]/g, '\\$&')).join('|');
// Generated or vendored: never edited by hand, rebuilt by make.
const SKIP_DIRS = new Set(['node_modules', 'wasm', 'jscore', 'target', '.git', 'dist', 'schema', 'profiles', 'cve-schema']);
const SKIP_FILES = new Set([join(PKG, 'browser.js'), join(PKG, 'node.cjs'), join(PKG, 'index.d.cts')]);
const EXT = /\.(m?js|cjs|ts|mts|cts|html)$/;
const DOC_EXT = /\.(md|rs)$/;

function* files(dir, ext = EXT, deep = true) {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (deep && !SKIP_DIRS.has(e.name)) yield* files(p, ext);
    } else if (ext.test(e.name) && !SKIP_FILES.has(p)) yield p;
  }
}

/** What to rewrite: code always; with --docs, the prose too. */
function* targetsToRewrite() {
  for (const top of ['pkg', 'tests', 'bench', 'www', 'scripts', 'examples']) yield* files(join(ROOT, top));
  if (!DOCS) return;
  // History (CHANGELOG.md, docs/history/) names the files as they were then: left alone.
  for (const f of files(ROOT, /\.md$/, false)) if (!f.endsWith(`${sep}CHANGELOG.md`)) yield f;
  for (const top of ['docs', 'src']) {
    for (const f of files(join(ROOT, top), DOC_EXT)) if (!f.includes(`${sep}history${sep}`)) yield f;
  }
}

const posix = (p) => p.split(sep).join('/');
const byPkgPath = new RegExp(`(^|[^\\w./-])((?:\\.\\.?/|/)*(?:[\\w.-]+/)*?pkg/)(${NAMES})(?![\\w-])`, 'g');
const quoted = /(['"`])(\.\.?\/[^'"`\s]*?)\1/g;

let changed = 0;
{
  for (const file of targetsToRewrite()) {
    if (file === fileURLToPath(import.meta.url)) continue;
    const before = readFileSync(file, 'utf8');
    let text = before;
    // Declaration files name declarations: errors.d.ts stays at pkg/ beside the entries.
    if (file.startsWith(PKG + sep) && EXT.test(file) && !/\.d\.[cm]?ts$/.test(file)) {
      text = text.replace(quoted, (all, q, spec) => {
        const target = posix(relative(PKG, resolve(dirname(file), spec)));
        if (!Object.hasOwn(MOVED, target)) return all;
        let to = posix(relative(dirname(file), join(PKG, MOVED[target])));
        if (!to.startsWith('.')) to = `./${to}`;
        return `${q}${to}${q}`;
      });
    }
    text = text.replace(byPkgPath, (all, lead, prefix, name) => `${lead}${prefix}${MOVED[name]}`);
    if (text !== before) {
      writeFileSync(file, text);
      changed += 1;
      console.log(`rewrote ${posix(relative(ROOT, file))}`);
    }
  }
}
console.log(`${changed} file(s) rewritten`);
