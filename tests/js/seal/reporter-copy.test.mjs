// The npm package in Node: seal() with `reporter.pgp_key` on the platform
// paths (node:crypto AES, RSA key packets by node:crypto through PlatformRsa: one per RSA
// recipient), the receipt's SHA-256, loadReporterKey()'s codes, and generateKey() (the open
// module): GnuPG imports the generated key with its passphrase, and decrypts the reporter's copy
// with it; with each secret key, in its own home. (The WebCrypto path: seal/reporter-copy-web-entry.test.mjs.)
// The reporter's key packet names nobody (wildcard key ID): their key ID and fingerprints appear
// nowhere in the message, and GnuPG, Sequoia (sq, sqop), OpenPGP.js — and rnp where it can —
// still decrypt each copy. `reporterCopy: false` refuses a report that asks for a copy.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gpgHome, hasGpg } from '../lib/gpg-home.mjs';
import { skipUnless } from '../lib/require.mjs';
import { keyFingerprints, keyNamedIn, recipientsOf } from '../lib/pkesk.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const { install, setPlatformCipher } = await import('../../../pkg/lib/registry.js');
const core = await import('../../../pkg/wasm/psirt_report.js');
core.initSync({ module: readFileSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm')) });
install(core, 'core');
const open = await import('../../../pkg/wasm/psirt_report_open.js');
open.initSync({ module: readFileSync(join(ROOT, 'pkg/wasm/psirt_report_open_bg.wasm')) });
install(open, 'seal');
install(open, 'open');
const { nodeCipher } = await import('../../../pkg/lib/node-cipher.js');
let rsaCalls = 0;
setPlatformCipher((key) => {
  const c = nodeCipher(key);
  return { ...c, rsaEncrypt: (n, e, m) => (rsaCalls++, c.rsaEncrypt(n, e, m)) };
});
const api = await import('../../../pkg/index.js');

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

const REPORTER_PUB = readFileSync(join(ROOT, 'tests/keys/valid.pub.asc'), 'utf8');
const REPORTER_SEC = join(ROOT, 'tests/keys/valid.sec.asc');
const has = (cmd, args = ['--version']) => !spawnSync(cmd, args).error;

test('the reporter\'s key packet names nobody: no key ID or fingerprint of theirs in the message; the PSIRT\'s is named', () => {
  // The demo key: an Ed25519 primary key and one ECDH encryption subkey, the one to name.
  const psirtSubkeyId = keyFingerprints(DEMO_PUB)[1].keyId.toString('hex').toUpperCase();
  for (const [label, pub] of [['Curve25519', REPORTER_PUB], ['RSA', RSA_PUB]]) {
    const sealed = api.seal(reportWith(pub), { key: DEMO_PUB, profile: 'demo' });
    const packets = recipientsOf(sealed.armored);
    assert.deepEqual(packets.map((p) => [p.version, p.keyId]), [[3, psirtSubkeyId], [3, '0000000000000000']], label);
    assert.deepEqual(keyNamedIn(sealed.armored, pub), [], `${label}: the reporter's key is named in the .asc`);
    assert.deepEqual(keyNamedIn(sealed.eml, pub), [], `${label}: the reporter's key is named in the .eml`);
    // Named locally, with its role: the reporter's own machine may know its own key.
    assert.equal(sealed.recipients[1].role, 'reporter');
    assert.equal(sealed.recipients[1].fingerprint, api.loadReporterKey(pub).fingerprint);
  }
});

test('each copy decrypts with its own secret key in GnuPG, sq, sqop and OpenPGP.js; rnp as far as it can', { skip: skipUnless(hasGpg && has('sq') && has('sqop', ['version']) && has('rnp'), 'gpg, sq, sqop or rnp is not installed') }, async (t) => {
  const openpgp = await import('openpgp');
  const sealed = api.seal(reportWith(REPORTER_PUB), { key: DEMO_PUB, profile: 'demo' });
  const id = `X-Psirt-Report-Id: ${sealed.receipt.reportId}\r\n`;
  const dir = mkdtempSync(join(tmpdir(), 'anon-'));
  chmodSync(dir, 0o700);
  const msg = join(dir, 'message.asc');
  writeFileSync(msg, sealed.armored);
  const check = (who, r) => {
    assert.equal(r.status, 0, `${who}: ${r.stderr}`);
    assert.ok(r.stdout.toString('utf8').includes(id), `${who}: not the report`);
  };
  try {
    for (const [whose, secret] of [['PSIRT', DEMO_SEC], ['reporter', REPORTER_SEC]]) {
      const home = gpgHome(secret);
      try {
        // GnuPG tries its secret keys on a wildcard packet by itself (no option needed).
        check(`gpg (${whose})`, home.run(['--decrypt'], { input: sealed.armored }));
      } finally {
        home.close();
      }
      // Sequoia: sq tries every key it is given; sqop likewise.
      check(`sq (${whose})`, spawnSync('sq', ['decrypt', '--recipient-key', secret, msg]));
      check(`sqop (${whose})`, spawnSync('sqop', ['decrypt', secret], { input: sealed.armored }));
      const decryptionKeys = await openpgp.readPrivateKey({ armoredKey: readFileSync(secret, 'utf8') });
      const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: sealed.armored }), decryptionKeys, format: 'binary' });
      assert.ok(Buffer.from(data).toString('utf8').includes(id), `OpenPGP.js (${whose})`);
    }
    // rnp: the PSIRT's copy is named, so any rnp reads it. The reporter's copy needs rnp's
    // --allow-hidden (rnp >= 0.17, rnpgp/rnp#1940); Debian's rnp 0.16 has no such option and
    // cannot read it at all.
    const rnpHome = (secret) => {
      const home = mkdtempSync(join(dir, 'rnp-'));
      const r = spawnSync('rnpkeys', ['--homedir', home, '--import', secret]);
      assert.equal(r.status, 0, r.stderr.toString());
      return home;
    };
    check('rnp (PSIRT)', spawnSync('rnp', ['--homedir', rnpHome(DEMO_SEC), '--decrypt', msg, '--output', '-']));
    const hidden = spawnSync('rnp', ['--help']).stdout.toString().includes('--allow-hidden');
    const version = spawnSync('rnp', ['--version']).stdout.toString().split('\n')[0];
    const reporterHome = rnpHome(REPORTER_SEC);
    if (hidden) {
      check('rnp --allow-hidden (reporter)', spawnSync('rnp', ['--homedir', reporterHome, '--allow-hidden', '--decrypt', msg, '--output', '-']));
    } else {
      const r = spawnSync('rnp', ['--homedir', reporterHome, '--decrypt', msg, '--output', '-']);
      assert.notEqual(r.status, 0, `${version} read a hidden recipient without --allow-hidden: update SECURITY.md`);
      t.diagnostic(`${version}: no --allow-hidden, the reporter's copy is not readable with rnp (as documented)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('reporterCopy: false refuses a report that carries the reporter\'s key (reporter-copy-refused), and seals one without', () => {
  const opts = { key: DEMO_PUB, profile: 'demo', reporterCopy: false };
  assert.throws(() => api.seal(reportWith(REPORTER_PUB), opts), (e) => e.name === 'SealError' && e.code === 'reporter-copy-refused' && /reporter\.pgp_key/.test(e.message));
  assert.throws(() => api.seal({ ...reportWith(REPORTER_PUB), language: 'fr' }, opts), (e) => e.code === 'reporter-copy-refused' && /copie/.test(e.message));
  const alone = api.seal(reportWith(undefined), opts);
  assert.deepEqual(alone.recipients.map((r) => r.role), ['psirt']);
  assert.equal(recipientsOf(alone.armored).length, 1);
  // A bare fingerprint encrypts nothing: no copy, nothing to refuse.
  const fpr = api.loadReporterKey(REPORTER_PUB).fingerprint;
  assert.deepEqual(api.seal(reportWith(fpr), opts).recipients.map((r) => r.role), ['psirt']);
  // The default (and true) keep the copy.
  assert.equal(api.seal(reportWith(REPORTER_PUB), { ...opts, reporterCopy: true }).recipients.length, 2);
  assert.throws(() => api.seal(reportWith(REPORTER_PUB), { ...opts, reporterCopy: 'no' }), { code: 'input-type' });
});
