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
import { skipUnless } from '../lib/require.mjs';
import { CHROMIUM, demoGpg, reportFromPlaintext, DEMO_FPR, HAS_GPG } from '../lib/form-harness.mjs';
import { ROOT, FIREFOX, startRecordedServer, launchNoWasm, vulnerabilityFlow, expectedReport, leaks } from '../lib/jscore-flow.mjs';

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

test('Chromium --jitless: the anti-spam stamp moves its search from the interpreted loop to WebCrypto, and finds the first counter', { skip: built || skipUnless(existsSync(CHROMIUM), `${CHROMIUM} is not installed`), timeout: 120_000 }, async () => {
  // Without a JIT the stamp's SHA-256 loop runs ~20 000 tries/s and batched WebCrypto digests
  // ~120 000/s (bench/jscore.mjs): mintStamp times both after 100 ms and goes on with the faster.
  // 16 bits: 65 536 tries on average. Digests counted at crypto.subtle.digest in the page.
  const browser = await launchNoWasm('chromium-jitless');
  const d = await browser.open();
  try {
    await d.goto(`${server.origin}/__blank.html`);
    const armored = '-----BEGIN PGP MESSAGE-----\n\nwV4DStampTest\n-----END PGP MESSAGE-----\n';
    const got = await d.evaluate(async (text) => {
      const subtle = globalThis.crypto.subtle;
      const digest = subtle.digest;
      let calls = 0;
      subtle.digest = function (...a) {
        calls += 1;
        return digest.apply(subtle, a);
      };
      const { mintStamp } = await import(new URL('/pkg/lib/stamp.js', location.href).href);
      const t = performance.now();
      const s = await mintStamp(text, { bits: 16 });
      return { s, calls, ms: performance.now() - t };
    }, armored);
    const { verifyStamp } = await import(join(ROOT, 'pkg/lib/stamp.js'));
    assert.equal(verifyStamp(got.s, armored, { bits: 16 }).ok, true);
    const counter = Number(got.s.split(':').pop());
    const prefix = got.s.slice(0, got.s.lastIndexOf(':') + 1);
    const zeroBits = (hex) => {
      const n = BigInt(`0x${hex}`);
      return n === 0n ? 256 : 256 - n.toString(2).length;
    };
    for (let c = 0; c < counter; c += 1) assert.ok(zeroBits(createHash('sha256').update(prefix + c).digest('hex')) < 16, `counter ${c} already met 16 bits`);
    // The one comparison comes at the first 4 096-try mark after 100 ms (4 096 at ~20 000/s):
    // past 8 192, the search must have gone on on WebCrypto — more digests than the message's
    // one and the two timed batches (2 × 1 024).
    console.log(`# chromium --jitless stamp: counter ${counter}, ${got.calls} WebCrypto digests, ${Math.round(got.ms)} ms`);
    if (counter >= 8192) assert.ok(got.calls > 1 + 2 * 1024, `the search went to WebCrypto (counter ${counter}, ${got.calls} digests)`);
  } finally {
    await d.close().catch(() => {});
    await browser.close();
  }
});

test('Chromium --jitless: the vulnerability flow through the JavaScript core; gpg decrypts report.json as typed; nothing leaks', { skip: chromiumSkip, timeout: 240_000 }, async () => {
  const run = await flowIn('chromium-jitless');
  console.log(`# chromium --jitless: ready ${run.at.ready} ms, first error shown ${run.at.firstValidation} ms, seal + anti-spam stamp ${run.at.seal} ms`);
});

test('Firefox ESR, Tor Browser "Safer": the vulnerability flow through the JavaScript core; gpg decrypts report.json as typed; nothing leaks', { skip: firefoxSkip, timeout: 300_000 }, async () => {
  const run = await flowIn('firefox-tor-safer');
  console.log(`# firefox tor-safer: ready ${run.at.ready} ms, first error shown ${run.at.firstValidation} ms, seal + anti-spam stamp ${run.at.seal} ms`);
});

// RSA-4096 where WebAssembly is off: the JavaScript core's seal module hands RSA's exponentiation
// to JavaScript's BigInt (src/seal/platform_rsa.rs); gpg, with the test key's secret, decrypts.
// The time of each seal is printed (bench/jscore.mjs measures it beside the wasm path).
const RSA_PUB = readFileSync(join(ROOT, 'tests/keys/rsa4096.pub.asc'), 'utf8');
const RSA_FPR = '28FA5BC712B562551C9DF51D030CAA20EFDC457C';
for (const [engine, skip] of [['chromium-jitless', chromiumSkip], ['firefox-tor-safer', firefoxSkip]]) {
  test(`${engine}: sealing to an RSA-4096 key through the JavaScript core; gpg decrypts report.json`, { skip, timeout: 240_000 }, async () => {
    const browser = await launchNoWasm(engine);
    const rsaGpg = demoGpg(join(ROOT, 'tests/keys/rsa4096.sec.asc'));
    try {
      const d = await browser.open();
      await d.goto(`${server.origin}/__blank.html`);
      const report = { schema_version: '1.0', channel: 'vulnerability', language: 'en', reporter: { email: 'alex@researcher.example' }, title: 'Stored XSS in the device console', summary: 'The device name is rendered without encoding.', affected: [{ vendor: 'Thales', product: 'Example Device Manager', versions: ['4.2.1'] }], description: 'The console renders the name as HTML.', steps_to_reproduce: '1. Log in.', exploited: 'no', commitments: { no_exploitation: true, no_disclosure_without_consent: true, no_prohibited_attacks: true } };
      const out = await d.evaluate(async ({ report, key, pin }) => {
        const api = await import(new URL('/pkg/web.js', location.href).href);
        await api.init({ seal: 'eager' });
        const times = [];
        let armored;
        for (let i = 0; i < 2; i += 1) {
          const t = performance.now();
          armored = (await api.sealAsync(JSON.stringify(report), { key, pin })).armored;
          times.push(Math.round(performance.now() - t));
        }
        return { armored, times, wasm: typeof WebAssembly === 'object' && WebAssembly !== null };
      }, { report, key: RSA_PUB, pin: RSA_FPR });
      await d.close();
      assert.equal(out.wasm, false, `${engine}: WebAssembly is absent in the page`);
      console.log(`# ${engine}: seal 2 KB to RSA-4096 through the JavaScript core: first ${out.times[0]} ms, next ${out.times[1]} ms`);
      const { plaintext, stderr } = rsaGpg.decrypt(out.armored);
      assert.match(stderr, /4096-bit RSA key/, 'encrypted to the RSA-4096 subkey');
      const { report: opened } = reportFromPlaintext(plaintext);
      assert.equal(opened.title, report.title);
      assert.equal(opened.description, report.description);
    } finally {
      rsaGpg.close();
      await browser.close();
    }
  });
}

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

test('Chromium --jitless: a pinned JavaScript core runs; one that is not the pinned one is refused before it runs', { skip: chromiumSkip, timeout: 120_000 }, async () => {
  const sri = (file) => `sha256-${createHash('sha256').update(readFileSync(file)).digest('base64')}`;
  const wrong = `sha256-${createHash('sha256').update('not the core').digest('base64')}`;
  const browser = await launchNoWasm('chromium-jitless');
  const attempt = async (jsIntegrity, jsSealIntegrity) => {
    const d = await browser.open();
    try {
      await d.goto(`${server.origin}/__blank.html?blob`);
      return await d.evaluate(async (opts) => {
        const api = await import(new URL('/pkg/web.js', location.href).href);
        try {
          await api.init(opts);
          const v = api.validate({ schema_version: '1.0', channel: 'vulnerability', reporter: { email: 'x' }, title: 't' });
          return `OK ${v.errors.map((e) => e.path).join(',')}`;
        } catch (e) {
          return `ERR ${e.code}`;
        }
      // seal: 'eager': init() resolves once both modules are in, so a wrong seal module refuses it
      // (by default the seal module loads when idle and would be refused only on first use).
      }, { jsIntegrity, jsSealIntegrity, seal: 'eager' });
    } finally {
      await d.close().catch(() => {});
    }
  };
  try {
    const before = server.requests.length;
    assert.match(await attempt(sri(JS_CORE), sri(JS_SEAL)), /^OK .*\/reporter\/email/, 'pinned and matching: it runs');
    assert.ok(server.requests.slice(before).some((r) => r.url.endsWith('/jscore/psirt_report_js_core.js')));
    assert.equal(await attempt(wrong, sri(JS_SEAL)), 'ERR init-integrity-mismatch', 'another core: refused');
    assert.equal(await attempt(sri(JS_CORE), wrong), 'ERR init-integrity-mismatch', 'another seal module: refused');
  } finally {
    await browser.close();
  }
});
