// Brainpool: with the keys `gpg --quick-gen-key … brainpoolP256r1` / `brainpoolP384r1`
// made (tests/keys/generate-brainpool.sh; ECDSA primary, ECDH subkey), what `psirt-report seal`
// writes is decrypted by GnuPG and by rnp (both required), and `psirt-report open` reads it with
// the secret key. What Sequoia (sqop) and OpenPGP.js do with the same messages is recorded as a
// fact: the test pins it, so a change in either tool (or in our output) shows up here.
// brainpoolP512r1 is refused with key-brainpool512-unsupported. Needs `make wasm`.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { skipUnless } from '../lib/require.mjs';
import { PEERS } from '../lib/interop/peers.mjs';
import { cleanup } from '../lib/interop/keys.mjs';
import { leaves } from '../lib/interop/mime.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
if (!existsSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm'))) throw new Error('build pkg/wasm with `make wasm` first');
const { seal, open, loadRecipient } = await import('../../../pkg/node.mjs');

const versions = Object.fromEntries(await Promise.all(PEERS.map(async (p) => [p.name, await p.version()])));
const skip = skipUnless(versions.gpg && versions.rnp && versions.sqop, 'gpg, rnp or sqop is not installed (scripts/setup.sh installs them)');

const KEYS = join(ROOT, 'tests/keys');
const report = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));
const peer = (name) => PEERS.find((p) => p.name === name);
const dir = mkdtempSync(join(tmpdir(), 'psirt-bp-'));
after(async () => {
  await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Observed and pinned (Debian sqop 0.27.3, Sequoia on Nettle; OpenPGP.js 6.3.2 in Node 20+): neither
 * reads brainpool messages. sqop: "Unable to decrypt". OpenPGP.js in Node: "Could not find valid
 * self-signature … Cannot find module 'eckey-utils'" (its Node path for brainpool ECDSA needs a
 * module its package does not ship; the browser build was not tried). Both are the tools' limits,
 * not ours: each is also given a message GnuPG encrypted to the same key and must fare the same.
 */
const RECORDED = { sqop: false, 'openpgp.js': false };

for (const bits of [256, 384]) {
  test(`brainpoolP${bits}r1 (GnuPG key): gpg and rnp decrypt what seal writes; open reads it`, { skip }, async () => {
    const publicKey = readFileSync(join(KEYS, `brainpool-p${bits}.pub.asc`), 'utf8');
    const secretFile = join(KEYS, `brainpool-p${bits}.sec.asc`);
    const info = loadRecipient(publicKey, { pin: fingerprintOf(publicKey) });
    assert.equal(info.algorithm, `brainpoolP${bits}r1`);
    const sealed = seal(report, { key: publicKey, pin: info.fingerprint, profile: 'demo' });
    const key = { id: `bp${bits}`, secretKey: secretFile, publicKey: join(KEYS, `brainpool-p${bits}.pub.asc`) };
    for (const name of ['gpg', 'rnp']) {
      const r = await peer(name).decrypt(key, Buffer.from(sealed.armored));
      assert.ok(r.ok, `${name} must decrypt brainpoolP${bits}r1: ${r.error}`);
      const json = leaves(r.plaintext).find((part) => part.filename === 'report.json');
      assert.equal(JSON.parse(json.data.toString('utf8')).title, report.title, name);
    }
    const opened = open(sealed.eml, { secretKey: readFileSync(secretFile, 'utf8'), profile: 'demo' });
    assert.equal(opened.report.title, report.title);
    // And the other way: GnuPG encrypts to the brainpool key, open decrypts.
    writeFileSync(join(dir, 'plain.txt'), 'from gpg to a brainpool key\n');
    const { gnupgHome, gpg } = await import('../lib/interop/keys.mjs');
    const home = gnupgHome();
    assert.equal((await gpg(home, ['--import', join(KEYS, `brainpool-p${bits}.pub.asc`)])).status, 0);
    const enc = await gpg(home, ['--trust-model', 'always', '--armor', '--encrypt', '-r', info.fingerprint, '--output', join(dir, `gpg-${bits}.asc`), join(dir, 'plain.txt')]);
    assert.equal(enc.status, 0, String(enc.stderr));
    const fromGpg = open(readFileSync(join(dir, `gpg-${bits}.asc`)), { secretKey: readFileSync(secretFile, 'utf8'), profile: 'demo' });
    assert.deepEqual([fromGpg.structured, fromGpg.text], [false, 'from gpg to a brainpool key\n']);
    // Sequoia and OpenPGP.js: what each does with ours, and with GnuPG's message to the same key.
    const control = readFileSync(join(dir, `gpg-${bits}.asc`));
    for (const [name, expected] of Object.entries(RECORDED)) {
      const ours = await peer(name).decrypt(key, Buffer.from(sealed.armored));
      const theirs = await peer(name).decrypt(key, control);
      assert.equal(ours.ok, expected, `${versions[name]} on brainpoolP${bits}r1: recorded ${expected}, got ${ours.ok ? 'ok' : ours.error}`);
      assert.equal(theirs.ok, ours.ok, `${versions[name]} treats GnuPG's message and ours differently`);
    }
  });
}

test('brainpoolP512r1: refused with its own code, in English and French', () => {
  const publicKey = readFileSync(join(KEYS, 'brainpool-p512.pub.asc'), 'utf8');
  for (const [language, words] of [['en', /brainpoolP512r1/], ['fr', /courbe brainpoolP512r1/]]) {
    assert.throws(
      () => loadRecipient(publicKey, { pin: fingerprintOf(publicKey), language }),
      (e) => e.code === 'key-brainpool512-unsupported' && words.test(e.message),
    );
  }
});

/** The primary fingerprint, read from a refusal that names it (the pin is the fixture's own). */
function fingerprintOf(armored) {
  try {
    loadRecipient(armored, { pin: '0'.repeat(40) });
  } catch (e) {
    const m = /its fingerprint is ([0-9A-F ]+),/.exec(e.message);
    if (m) return m[1].replace(/ /g, '');
    throw e;
  }
  throw new Error('the zero pin was accepted');
}
