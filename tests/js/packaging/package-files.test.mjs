// The npm package's file list, as `npm pack` reads pkg/package.json `files` (folders and globs, not
// a name per file): every module a shipped module imports ships too, every target of `exports` and
// `bin` ships, and nothing that is a test, a map, a compressed copy or a scratch file does.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packedFiles } from '../lib/packed.mjs';

const PKG = fileURLToPath(new URL('../../../pkg/', import.meta.url));
const manifest = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));

/** Every './…' string an object of the manifest holds (exports conditions, bin). */
function targets(value, out = []) {
  if (typeof value === 'string') {
    if (value.startsWith('./')) out.push(value.slice(2));
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) targets(v, out);
  }
  return out;
}

/**
 * The relative files a module names: static and dynamic imports, `export … from`, `require()`,
 * and `new URL('…', import.meta.url)` (how the wasm glue and the widget find their assets).
 */
function references(file) {
  const text = readFileSync(join(PKG, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out = new Set();
  const patterns = [
    /(?:^|[\n;])\s*(?:import|export)\s+(?:[^;'"()]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/g,
    /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
    /\bnew URL\(\s*['"](\.{1,2}\/[^'"$]+|[\w.-]+\.(?:wasm|json|js))['"]\s*,\s*import\.meta\.url\s*\)/g,
  ];
  for (const re of patterns) {
    for (const m of text.matchAll(re)) out.add(relative(PKG, join(PKG, dirname(file), m[1])).split('\\').join('/'));
  }
  return out;
}

test('every module the package ships finds the modules and assets it names in the tarball', () => {
  const packed = packedFiles();
  assert.ok(packed.size > 40, `npm pack lists ${packed.size} files`);
  const missing = [];
  for (const file of packed) {
    if (!/\.(m?js|cjs)$/.test(file)) continue;
    for (const dep of references(file)) {
      // A name the source builds at run time (a template) is not checked here.
      if (dep.includes('${')) continue;
      if (!packed.has(dep)) missing.push(`${file} → ${dep}`);
    }
  }
  assert.deepEqual(missing, [], 'shipped modules name files the tarball lacks');
});

test('every target of exports, bin, main, module, browser and types is in the tarball', () => {
  const packed = packedFiles();
  const named = [
    ...targets(manifest.exports),
    ...targets(manifest.bin),
    ...targets({ main: manifest.main, module: manifest.module, browser: manifest.browser, types: manifest.types }),
  ];
  assert.ok(named.length > 20, `${named.length} targets`);
  for (const t of named) {
    if (t === 'package.json') continue;
    assert.ok(packed.has(t), `${t} is named by pkg/package.json but not packed`);
  }
  for (const s of manifest.sideEffects) assert.ok(packed.has(s.replace(/^\.\//, '')), `sideEffects names ${s}, not packed`);
});

test('the tarball holds no test, source map, compressed copy, scratch file or tarball', () => {
  const dev = [...packedFiles()].filter(
    (f) => /(^|\/)(tests?|__tests__|fixtures|node_modules)\//.test(f) || /\.(test|spec)\.[cm]?[jt]s$/.test(f) || /\.(map|tgz|gz|br|tmp|log)$/.test(f) || /(^|\/)\./.test(f),
  );
  assert.deepEqual(dev, []);
  // Every packed file exists in pkg/ (npm pack lists what it would read).
  for (const f of packedFiles()) assert.ok(existsSync(join(PKG, f)), f);
});

test('the tarball carries the npm page and the licence', () => {
  const files = packedFiles();
  assert.ok(files.has('README.md'), 'pkg/README.md is the npm page');
  assert.ok(files.has('LICENSE'), 'pkg/LICENSE (copied from the root by make wasm) ships');
  assert.equal(readFileSync(join(PKG, 'LICENSE'), 'utf8'), readFileSync(join(PKG, '..', 'LICENSE'), 'utf8'), 'the licence shipped is the repository\'s');
});
