// Issue 16 item 5 through the npm package in Node: seal() with `reporter.pgp_key` on the platform
// paths (node:crypto AES, RSA key packets by node:crypto through PlatformRsa: one per RSA
// recipient), the receipt's SHA-256, loadReporterKey()'s codes, and generateKey() (the open
// module): GnuPG imports the generated key with its passphrase, and decrypts the reporter's copy
// with it; with each secret key, in its own home. (The WebCrypto path: reporter-copy-web.test.mjs.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gpgHome, hasGpg } from './lib/gpg-home.mjs';
import { skipUnless } from './lib/require.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { install, setPlatformCipher } = await import('../../pkg/internal.js');
const core = await import('../../pkg/wasm/psirt_report.js');
core.initSync({ module: readFileSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm')) });
install(core, 'core');
const open = await import('../../pkg/wasm/psirt_report_open.js');
open.initSync({ module: readFileSync(join(ROOT, 'pkg/wasm/psirt_report_open_bg.wasm')) });
install(open, 'seal');
install(open, 'open');
const { nodeCipher } = await import('../../pkg/node-cipher.js');
let rsaCalls = 0;
setPlatformCipher((key) => {
  const c = nodeCipher(key);
  return { ...c, rsaEncrypt: (n, e, m) => (rsaCalls++, c.rsaEncrypt(n, e, m)) };
});
const api = await import('../../pkg/index.js');

const DEMO_PUB = readFileSync(join(ROOT, 'keys/demo-psirt.pub.asc'), 'utf8');
const DEMO_SEC = join(ROOT, 'keys/demo-psirt.sec.asc');
const RSA_PUB = readFileSync(join(ROOT, 'tests/keys/primary-encrypts.pub.asc'), 'utf8');
const RSA_SEC = join(ROOT, 'tests/keys/primary-encrypts.sec.asc');
const gpgSkip = skipUnless(hasGpg, 'gpg is not installed: the reporter\'s copy is not checked by GnuPG');

function reportWith(pgpKey) {
  const r = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));
  if (pgpKey !== undefined) r.reporter.pgp_key = pgpKey;
  return r;
}
const sha256 = (t) => createHash('sha256').update(t).digest('hex');

test('seal() on node:crypto: one RSA key packet per RSA recipient, both secret keys decrypt, the receipt hashes the armor', { skip: gpgSkip }, () => {
  const before = rsaCalls;
  api.seal(reportWith(undefined), { key: DEMO_PUB, profile: 'demo' });
  const alone = rsaCalls - before;
  const mid = rsaCalls;
  const sealed = api.seal(reportWith(RSA_PUB), { key: DEMO_PUB, profile: 'demo' });
  assert.equal(rsaCalls - mid, alone + 1, 'the reporter\'s RSA key packet was made by node:crypto too');
  assert.deepEqual(sealed.recipients.map((r) => r.role), ['psirt', 'reporter']);
  assert.equal(sealed.receipt.sha256, sha256(sealed.armored));
  assert.equal(sealed.receipt.psirtFingerprint, sealed.fingerprint);
  for (const secret of [DEMO_SEC, RSA_SEC]) {
    const home = gpgHome(secret);
    try {
      const r = home.run(['--decrypt'], { input: sealed.armored });
      assert.equal(r.status, 0, `${secret}: ${r.stderr}`);
      assert.ok(r.stdout.toString().includes(`X-Psirt-Report-Id: ${sealed.receipt.reportId}\r\n`));
    } finally {
      home.close();
    }
  }
  // open() returns the id from inside.
  const opened = api.open(sealed.armored, { secretKey: readFileSync(DEMO_SEC), profile: 'demo' });
  assert.equal(opened.reportId, sealed.receipt.reportId);
});

test('loadReporterKey(): the policy\'s codes, and null for a bare fingerprint', () => {
  const info = api.loadReporterKey(RSA_PUB);
  assert.match(info.fingerprint, /^[0-9A-F]{40}$/);
  assert.equal(api.loadReporterKey(info.fingerprint.replace(/(.{4})/g, '$1 ')), null);
  const code = (k) => {
    try {
      api.loadReporterKey(k, { language: 'fr' });
      return 'accepted';
    } catch (e) {
      assert.equal(e.name, 'KeyError', String(e));
      return e.code;
    }
  };
  assert.equal(code(readFileSync(join(ROOT, 'tests/keys/revoked.pub.asc'), 'utf8')), 'reporter-key-revoked');
  assert.equal(code(readFileSync(join(ROOT, 'tests/keys/expired.pub.asc'), 'utf8')), 'reporter-key-expired');
  assert.equal(code(readFileSync(DEMO_SEC, 'utf8')), 'reporter-key-secret-given');
  assert.equal(code('see keys.openpgp.org'), 'reporter-key-unreadable');
  // seal() refuses the same key with the same code, and encrypts nothing.
  assert.throws(() => api.seal(reportWith(readFileSync(join(ROOT, 'tests/keys/revoked.pub.asc'), 'utf8')), { key: DEMO_PUB, profile: 'demo' }), { code: 'reporter-key-revoked' });
});

test('generateKey(): a Curve25519 key GnuPG imports with its passphrase and decrypts the reporter\'s copy with', { skip: gpgSkip }, () => {
  assert.throws(() => api.generateKey({ passphrase: 'short' }), { code: 'reporter-key-passphrase-short' });
  const passphrase = 'un cheval correct agrafe batterie';
  const key = api.generateKey({ name: 'Camille', email: 'camille@labo.example', passphrase });
  assert.equal(key.userId, 'Camille <camille@labo.example>');
  assert.equal(api.loadReporterKey(key.publicKey).algorithm, 'Curve25519');
  assert.ok(!key.secretKey.includes(passphrase));
  const sealed = api.seal(reportWith(key.publicKey), { key: DEMO_PUB, profile: 'demo' });
  assert.equal(sealed.recipients[1].fingerprint, key.fingerprint);
  const home = mkdtempSync(join(tmpdir(), 'gpg-gen-'));
  chmodSync(home, 0o700);
  const gpg = (args, input) => spawnSync('gpg', ['--homedir', home, '--batch', '--no-tty', '--pinentry-mode', 'loopback', ...args], { input });
  try {
    writeFileSync(join(home, 'k.asc'), key.secretKey);
    assert.equal(gpg(['--import', join(home, 'k.asc')]).status, 0);
    const listed = gpg(['--with-colons', '--list-secret-keys']).stdout.toString();
    assert.ok(listed.includes(key.fingerprint), listed);
    assert.notEqual(gpg(['--passphrase', 'wrong', '--decrypt'], sealed.armored).status, 0);
    const r = gpg(['--passphrase', passphrase, '--decrypt'], sealed.armored);
    assert.equal(r.status, 0, r.stderr.toString());
    assert.ok(r.stdout.toString().includes(`X-Psirt-Report-Id: ${sealed.receipt.reportId}`));
  } finally {
    spawnSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']);
    rmSync(home, { recursive: true, force: true });
  }
});
