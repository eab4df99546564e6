// What a browser user gets by default, run in Node through the browser entry
// (pkg/web.js): `await init()` resolves with the core only (the seal module comes when idle),
// and `seal()` is asynchronous, loads the seal module when it is not in yet, and runs the bulk
// AES on WebCrypto (not AES compiled to WebAssembly); the receipt hashes the armored text.
// Needs `make wasm` first.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gpgHome, hasGpg } from '../lib/gpg-home.mjs';
import { skipUnless } from '../lib/require.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const key = readFileSync(join(ROOT, 'keys/demo-psirt.pub.asc'), 'utf8');
const report = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));

// Counts the WebCrypto AES calls (seal()'s bulk encryption goes through crypto.subtle.encrypt).
let subtleEncrypts = 0;
const subtle = globalThis.crypto.subtle;
const encrypt = subtle.encrypt.bind(subtle);
subtle.encrypt = (...args) => {
  subtleEncrypts++;
  return encrypt(...args);
};

const { installed } = await import('../../../pkg/lib/registry.js');
const web = await import('../../../pkg/web.js');

test('seal() before init() rejects with not-initialized', async () => {
  const p = web.seal(report, { key, profile: 'demo' });
  assert.ok(p instanceof Promise, 'seal() of the browser entry returns a promise');
  await assert.rejects(p, (e) => e.code === 'not-initialized');
});

test('init() resolves with the core; seal() loads the seal module and encrypts on WebCrypto', { skip: skipUnless(hasGpg, 'gpg is not installed') }, async () => {
  await web.init();
  assert.equal(web.validate(report).valid, true, 'validate() answers as soon as init() resolves');
  assert.equal(installed('seal'), null, 'the seal module is not loaded before init() resolves');
  assert.throws(() => web.limits(), (e) => e.code === 'not-initialized', 'synchronous seal-module calls wait for `ready`');

  const data = new Uint8Array(200_000);
  for (let i = 0; i < data.length; i += 65536) crypto.getRandomValues(data.subarray(i, i + 65536));
  const before = subtleEncrypts;
  const pending = web.seal(report, { key, profile: 'demo', attachments: [{ name: 'capture.bin', data }] });
  assert.ok(pending instanceof Promise);
  const sealed = await pending;
  assert.ok(subtleEncrypts - before > 0, 'the bulk AES ran on WebCrypto');
  assert.notEqual(installed('seal'), null, 'seal() loaded the seal module');
  assert.equal(sealed.receipt.sha256, createHash('sha256').update(sealed.armored).digest('hex'));
  assert.ok(sealed.eml.includes(sealed.armored));

  await web.ready;
  assert.equal(typeof web.limits().key_bytes, 'number', 'ready: the synchronous seal-module calls work');

  // GnuPG opens it, attachment bytes exact.
  const home = gpgHome(join(ROOT, 'keys/demo-psirt.sec.asc'));
  try {
    const r = home.run(['--decrypt'], { input: sealed.armored });
    assert.equal(r.status, 0, r.stderr?.toString());
    const plain = r.stdout.toString('latin1');
    const b64 = Buffer.from(data).toString('base64');
    const body = plain.slice(plain.indexOf('filename="capture.bin"'));
    const joined = body.split('\r\n\r\n').slice(1).join('').replace(/\r\n/g, '');
    assert.ok(joined.startsWith(b64), 'the attachment decrypts to its bytes');
  } finally {
    home.close();
  }
});

test('an invalid report rejects with the diagnostics, as seal() threw them', async () => {
  await web.init();
  const bad = { ...report, reporter: { ...report.reporter, email: 'not an address' } };
  await assert.rejects(web.seal(bad, { key, profile: 'demo' }), (e) => e.code === 'report-invalid' && Array.isArray(e.diagnostics.errors));
});
