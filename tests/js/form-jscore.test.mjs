// The whole form where WebAssembly is off: the demo form in Chromium with V8 --jitless and in
// Firefox ESR with Tor Browser's "Safer" preferences loads the core and the seal module
// translated to JavaScript (pkg/jscore/, `make jscore`), and the vulnerability flow completes:
// an e-mail error (validation), a secret found and redacted (scan), review with the pinned
// fingerprint, seal; gpg decrypts report.json exactly as typed; no request carries the marker
// typed into the report; no .wasm is fetched. Also: in Node, the JavaScript variants give the
// same answers as the wasm, and a JavaScript core that is not the pinned one is refused.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { skipUnless } from './lib/require.mjs';
import { CHROMIUM, demoGpg, reportFromPlaintext, DEMO_FPR, HAS_GPG } from './lib/form-harness.mjs';
import { ROOT, FIREFOX, startRecordedServer, launchNoWasm, vulnerabilityFlow, expectedReport, leaks } from './lib/jscore-flow.mjs';

const JS_CORE = join(ROOT, 'pkg/jscore/psirt_report_js_core.js');
const JS_SEAL = join(ROOT, 'pkg/jscore/psirt_report_js_seal.js');
const built = skipUnless(existsSync(JS_CORE) && existsSync(JS_SEAL), 'pkg/jscore/ is not built (make jscore)');
const gpgSkip = skipUnless(HAS_GPG, 'gpg is not installed');
const chromiumSkip = built || gpgSkip || skipUnless(existsSync(CHROMIUM), `${CHROMIUM} is not installed`);
const firefoxSkip = built || gpgSkip || skipUnless(existsSync(FIREFOX), `${FIREFOX} is not installed (apt-get install firefox-esr)`);

let server;
let gpg;
let policyVersion;

before(async () => {
  if (built) return;
  server = await startRecordedServer();
  if (HAS_GPG) gpg = demoGpg();
  const api = await import(join(ROOT, 'pkg/web.js'));
  await api.init({ module: readFileSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm')) });
  policyVersion = api.profile('demo').policy_version ?? null;
});

after(() => {
  server?.close();
  gpg?.close();
});

async function flowIn(engine) {
  const browser = await launchNoWasm(engine);
  const d = await browser.open();
  const mark = `JSCORE-${randomBytes(6).toString('hex').toUpperCase()}`;
  const from = server.requests.length;
  try {
    const run = await vulnerabilityFlow(d, server.origin, mark);
    assert.equal(run.noWasm, true, `${engine}: WebAssembly is absent in the page`);
    assert.equal(run.fingerprint, DEMO_FPR, 'review shows the pinned fingerprint');
    assert.equal(run.sealed.length, 1, 'one psirt-sealed event');
    const detail = run.sealed[0];
    assert.match(detail.armored, /^-----BEGIN PGP MESSAGE-----/);
    assert.ok(!detail.armored.includes(mark) && !detail.subject.includes(mark));
    const { plaintext } = gpg.decrypt(detail.armored);
    const { report } = reportFromPlaintext(plaintext);
    assert.deepEqual(report, expectedReport(run.typed, policyVersion), 'report.json is what was typed');
    assert.ok(run.typed.description.includes('[REDACTED:'), 'the secret was redacted');

    const seen = server.requests.slice(from);
    const paths = seen.map((r) => r.url);
    assert.ok(paths.some((p) => p.endsWith('/jscore/psirt_report_js_core.js')), `the JavaScript core was loaded: ${paths.join(' ')}`);
    assert.ok(paths.some((p) => p.endsWith('/jscore/psirt_report_js_seal.js')), 'the JavaScript seal module was loaded');
    assert.deepEqual(paths.filter((p) => /\.wasm\b/.test(p)), [], 'no .wasm fetched');
    assert.deepEqual(leaks(seen, mark).map((r) => `${r.method} ${r.url}`), [], 'no request carries the report text');
    return run;
  } finally {
    await d.close().catch(() => {});
    await browser.close();
  }
}

test('Chromium --jitless: the vulnerability flow through the JavaScript core; gpg decrypts report.json as typed; nothing leaks', { skip: chromiumSkip, timeout: 240_000 }, async () => {
  const run = await flowIn('chromium-jitless');
  console.log(`# chromium --jitless: ready ${run.at.ready} ms, first error shown ${run.at.firstValidation} ms, seal + anti-spam stamp ${run.at.seal} ms`);
});

test('Firefox ESR, Tor Browser "Safer": the vulnerability flow through the JavaScript core; gpg decrypts report.json as typed; nothing leaks', { skip: firefoxSkip, timeout: 300_000 }, async () => {
  const run = await flowIn('firefox-tor-safer');
  console.log(`# firefox tor-safer: ready ${run.at.ready} ms, first error shown ${run.at.firstValidation} ms, seal + anti-spam stamp ${run.at.seal} ms`);
});

test('the JavaScript core answers as the wasm does (Node: validate and scan, the same JSON)', { skip: built || gpgSkip, timeout: 120_000 }, async () => {
  const wasm = await import(join(ROOT, 'pkg/wasm/psirt_report.js'));
  wasm.initSync({ module: readFileSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm')) });
  const jsCore = await import(JS_CORE);
  jsCore.initJs();
  const jsSeal = await import(JS_SEAL);
  jsSeal.initJs();
  const report = JSON.stringify({
    schema_version: '1.0',
    channel: 'vulnerability',
    language: 'fr',
    reporter: { email: 'pas-une-adresse' },
    title: 'x',
    description: `token ghp_${'a1B2c3D4e5'.repeat(3)}abcdef\npassword=Hunter2!xyz`,
  });
  for (const fn of ['validate', 'scan']) {
    assert.equal(typeof jsCore[fn], 'function', `the JavaScript core exports ${fn}`);
    const args = fn === 'validate' ? [report, '{}'] : [report, '{}'];
    let a;
    let b;
    try {
      a = wasm[fn](...args);
    } catch (e) {
      a = `threw ${e.code} ${e.message}`;
    }
    try {
      b = jsCore[fn](...args);
    } catch (e) {
      b = `threw ${e.code} ${e.message}`;
    }
    assert.deepEqual(b, a, `${fn}: the same answer`);
  }
});

test('a JavaScript core that is not the pinned one is refused before it runs', { skip: built, timeout: 60_000 }, async () => {
  // The web entry decides on WebAssembly once per realm: run it in a child process without it.
  const { spawnSync } = await import('node:child_process');
  const sri = (file) => `sha256-${createHash('sha256').update(readFileSync(file)).digest('base64')}`;
  const wrong = `sha256-${createHash('sha256').update('not the core').digest('base64')}`;
  const script = (jsIntegrity, jsSealIntegrity) => `
    const { createServer } = await import('node:http');
    const { readFileSync } = await import('node:fs');
    const srv = createServer((q, r) => { r.setHeader('content-type', 'text/javascript'); r.end(readFileSync(${JSON.stringify(join(ROOT, 'pkg'))} + q.url)); });
    await new Promise((ok) => srv.listen(0, '127.0.0.1', ok));
    const base = 'http://127.0.0.1:' + srv.address().port;
    // Node's fetch compiles its HTTP parser to WebAssembly on first use: warm it, then take
    // WebAssembly away, as Tor Browser's "Safer" level does.
    await (await fetch(base + '/package.json')).text();
    delete globalThis.WebAssembly;
    const api = await import(${JSON.stringify(join(ROOT, 'pkg/web.js'))});
    try {
      await api.init({ jsUrl: base + '/jscore/psirt_report_js_core.js', jsSealUrl: base + '/jscore/psirt_report_js_seal.js',
        jsIntegrity: ${JSON.stringify(jsIntegrity)}, jsSealIntegrity: ${JSON.stringify(jsSealIntegrity)} });
      const d = api.validate({ schema_version: '1.0', channel: 'vulnerability', reporter: { email: 'x' }, title: 't' });
      console.log('OK', d.valid, d.errors.map((e) => e.path).join(','));
    } catch (e) {
      console.log('ERR', e.code);
    } finally { srv.close(); }`;
  const run = (a, b) => spawnSync(process.execPath, ['--input-type=module', '-e', script(a, b)], { encoding: 'utf8', timeout: 50_000 });
  const good = run(sri(JS_CORE), sri(JS_SEAL));
  assert.match(good.stdout, /^OK false .*\/reporter\/email/m, `pinned and matching: it runs (${good.stdout}${good.stderr})`);
  const bad = run(wrong, sri(JS_SEAL));
  assert.match(bad.stdout, /^ERR init-integrity-mismatch$/m, `a different core: refused (${bad.stdout}${bad.stderr})`);
});
