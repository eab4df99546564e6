// The package as a user gets it: `npm pack` pkg/, install the tarball into a fresh temporary
// project (offline first: its few dependencies — nodemailer, csv-parse, cli-progress, for
// `bulk` — are in npm's cache after `npm ci` of this workspace), then use it from Node
// `import`, Node `require` (without require(esm)), TypeScript (strict, bundler and nodenext
// resolution, through the exports map) and a Vite build loaded in headless Chromium.
// Vite and TypeScript come from the workspace's node_modules (npm ci).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { serve } from '../lib/static-server.mjs';
import { launch, newPage, skipWithoutChromium } from '../lib/chromium.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DEMO_FPR = '396FA1D1E0E2C121462B0DF79B5573C2D06F7269';
const REPORT = join(ROOT, 'examples/valid-vulnerability.json');
const KEY = join(ROOT, 'keys/demo-psirt.pub.asc');
if (!existsSync(join(ROOT, 'pkg/node.cjs'))) throw new Error('pkg/ is not built: run `make wasm` first');

let dir;

function run(cmd, args, cwd = dir) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'psirt-consumer-'));
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir, join(ROOT, 'pkg')], ROOT));
  const tarball = packed[0].filename;
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { 'psirt-report': `file:./${tarball}` } }),
  );
  const install = ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'];
  // Offline first (nothing to download); a machine whose npm refuses that retries normally.
  const offline = spawnSync('npm', [...install, '--offline'], { cwd: dir, encoding: 'utf8' });
  if (offline.status !== 0) run('npm', install);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the tarball holds the entries, the declarations, the wasm and the JavaScript core, and nothing else', () => {
  const files = readdirSync(join(dir, 'node_modules/psirt-report'), { recursive: true }).sort();
  for (const f of ['node.cjs', 'node.mjs', 'web.js', 'browser.js', 'worker.js', 'worker-client.js', 'index.d.ts', 'index.d.cts', 'wasm/psirt_report_bg.wasm', 'wasm/psirt_report_seal_bg.wasm', 'wasm/psirt_report_seal.js', 'jscore/psirt_report_js_core.js', 'jscore/psirt_report_js_seal.js', 'intake/server.mjs', 'intake/armor.mjs']) {
    assert.ok(files.includes(f), f);
  }
  assert.ok(!files.some((f) => f.endsWith('.tgz') || f.includes('node-entry.js.map')), files.join(' '));
});

test('Node import (ESM)', () => {
  cpSync(join(ROOT, 'tests/packaging/esm.mjs'), join(dir, 'esm.mjs'));
  assert.equal(run(process.execPath, ['esm.mjs', REPORT, KEY]).trim(), `esm ok ${DEMO_FPR}`);
});

test('the CLI named in bin runs from the install', () => {
  const out = run(join(dir, 'node_modules/.bin/psirt-report'), ['validate', REPORT]);
  assert.match(out, /valid/i);
});

test('bulk runs from the install: its dependencies resolve from the tarball\'s own', () => {
  const src = join(dir, 'bulk-in');
  mkdirSync(src, { recursive: true });
  copyFileSync(REPORT, join(src, 'one.json'));
  const out = run(join(dir, 'node_modules/.bin/psirt-report'), ['bulk', src, '--out', join(dir, 'bulk-out'), '--demo', '--key', KEY, '--dry-run', '--json']);
  assert.equal(JSON.parse(out.trim().split('\n').at(-1)).summary.counts.sealed, 1);
  assert.ok(existsSync(join(dir, 'node_modules/nodemailer/package.json')), 'nodemailer installed as a dependency');
  cpSync(join(ROOT, 'tests/packaging/bulk.mjs'), join(dir, 'bulk.mjs'));
  assert.equal(run(process.execPath, ['bulk.mjs', src, KEY]).trim(), 'bulk ok 1');
});

test('Node require (CommonJS, without require(esm))', () => {
  cpSync(join(ROOT, 'tests/packaging/cjs.cjs'), join(dir, 'cjs.cjs'));
  const out = run(process.execPath, ['--no-experimental-require-module', 'cjs.cjs', REPORT, KEY]);
  assert.equal(out.trim(), `cjs ok ${DEMO_FPR}`);
});

test('TypeScript (strict) through the exports map: bundler and nodenext resolution', () => {
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  copyFileSync(join(ROOT, 'tests/ts/consumer.ts'), join(dir, 'consumer.ts'));
  copyFileSync(join(ROOT, 'tests/packaging/require-types.cts'), join(dir, 'require-types.cts'));
  const common = { strict: true, noEmit: true, target: 'ES2022', types: [], skipLibCheck: false, exactOptionalPropertyTypes: true };
  writeFileSync(
    join(dir, 'tsconfig.bundler.json'),
    JSON.stringify({ compilerOptions: { ...common, module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'] }, files: ['consumer.ts'] }),
  );
  writeFileSync(
    join(dir, 'tsconfig.node.json'),
    JSON.stringify({ compilerOptions: { ...common, module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'] }, files: ['require-types.cts'] }),
  );
  run(process.execPath, [tsc, '-p', 'tsconfig.bundler.json']);
  run(process.execPath, [tsc, '-p', 'tsconfig.node.json']);
});

test('a Vite build validates and seals in Chromium, on the page and in the worker', { skip: skipWithoutChromium, timeout: 180_000 }, async () => {
  const app = join(dir, 'app');
  cpSync(join(ROOT, 'tests/packaging/vite'), app, { recursive: true });
  copyFileSync(REPORT, join(app, 'report.json'));
  copyFileSync(KEY, join(app, 'demo-psirt.pub.asc'));
  // The app resolves psirt-report from the consumer project's node_modules (the tarball).
  cpSync(join(dir, 'node_modules'), join(app, 'node_modules'), { recursive: true });
  run(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], app);
  const assets = readdirSync(join(app, 'dist/assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `the wasm is emitted: ${assets.join(' ')}`);

  const server = await serve({ '/': join(app, 'dist') }, { pages: {} });
  const chrome = await launch();
  try {
    const { page, problems } = await newPage(chrome.browser);
    await page.goto(`${server.origin}/index.html`);
    await page.waitForFunction(() => document.querySelector('#result')?.textContent.startsWith('{'), null, { timeout: 60_000 });
    const result = JSON.parse(await page.textContent('#result'));
    assert.deepEqual(result, {
      valid: true,
      fingerprint: DEMO_FPR,
      refused: 'key-fingerprint-mismatch',
      workerValid: true,
      workerFingerprint: DEMO_FPR,
    });
    assert.deepEqual(problems, []);
  } finally {
    await chrome.close();
    await server.close();
  }
});
