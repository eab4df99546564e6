// inspectMessage(): a message looked at without decrypting (the core's packet walk), checked
// against GnuPG's own reading of the same packets (`gpg --list-packets`, no key needed for the
// recipients): the PKESK recipients, the encrypted data packet; the .eml and the binary forms;
// a message with the reporter's own copy (two PKESKs); refusals with the stable code.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from '../../../pkg/node.mjs';
import { ROOT, makeReport } from '../lib/bulk.mjs';
import { dearmor } from '../lib/intake.mjs';
import { gpgHome, hasGpg } from '../lib/gpg-home.mjs';
import { skipUnless } from '../lib/require.mjs';

const KEY = readFileSync(join(ROOT, 'keys/demo-psirt.pub.asc'), 'utf8');
const sealed = api.seal(makeReport('PLAINTEXT-MARKER'), { profile: 'demo', key: KEY });

/** Key IDs of the PKESKs as GnuPG lists them (empty home: it decrypts nothing). */
function gpgRecipients(armored) {
  const home = gpgHome();
  try {
    const r = home.run(['--list-packets'], { input: armored, encoding: 'utf8' });
    return { ids: [...r.stdout.matchAll(/^:pubkey enc packet: version (\d+), algo \d+, keyid ([0-9A-F]{16})/gm)].map((m) => m[2]), out: r.stdout };
  } finally {
    home.close();
  }
}

test('a sealed report: one PKESK for the demo subkey, SEIPD v1, nothing readable; as gpg --list-packets sees it', { skip: skipUnless(hasGpg, 'gpg is not installed') }, () => {
  const seen = api.inspectMessage(sealed.armored);
  assert.equal(seen.form, 'armored');
  assert.deepEqual(seen.packets, ['pkesk', 'seipd-v1']);
  assert.equal(seen.encrypted, 'seipd-v1');
  assert.equal(seen.skesk, 0);
  assert.equal(seen.literal || seen.compressed || seen.signed, false);
  assert.equal(seen.size, dearmor(sealed.armored).length, 'size: the binary message');
  const info = api.loadRecipient(KEY, { profile: 'demo' });
  assert.equal(seen.recipients[0].keyId, info.encryptionKey.slice(-16));
  const gpg = gpgRecipients(sealed.armored);
  assert.deepEqual(seen.recipients.map((r) => r.keyId), gpg.ids, gpg.out);
  assert.match(gpg.out, /:encrypted data packet:/);
});

test('the .eml, a mail around it, and the binary message', () => {
  const eml = api.inspectMessage(sealed.eml);
  assert.equal(eml.form, 'pgp-mime');
  assert.equal(eml.armored.replace(/\r\n/g, '\n').trim(), sealed.armored.replace(/\r\n/g, '\n').trim());
  const bin = api.inspectMessage(new Uint8Array(dearmor(sealed.armored)));
  assert.equal(bin.form, 'binary');
  assert.deepEqual(bin.recipients, api.inspectMessage(sealed.armored).recipients);
});

test("with the reporter's own copy: two PKESKs, the PSIRT's naming its key", { skip: skipUnless(hasGpg, 'gpg is not installed') }, () => {
  const kg = api.generateKey({ name: 'R', email: 'r@example.org', passphrase: 'correct horse battery' });
  const report = { ...makeReport('PLAINTEXT-MARKER-2'), reporter: { ...makeReport('x').reporter, pgp_key: kg.publicKey } };
  const two = api.seal(report, { profile: 'demo', key: KEY });
  const seen = api.inspectMessage(two.armored);
  assert.equal(seen.recipients.length, 2);
  const info = api.loadRecipient(KEY, { profile: 'demo' });
  assert.ok(seen.recipients.some((r) => r.keyId === info.encryptionKey.slice(-16) && !r.wildcard));
  // Wildcard or not, what is counted is what gpg lists.
  assert.equal(seen.wildcardRecipients, gpgRecipients(two.armored).ids.filter((id) => id === '0000000000000000').length);
});

test('not OpenPGP: InputError inspect-not-openpgp, in the language asked', () => {
  for (const bad of ['hello', '', '-----BEGIN PGP MESSAGE-----\n\n!!!\n-----END PGP MESSAGE-----\n', KEY, new Uint8Array([0xff, 0xff, 0x00])]) {
    assert.throws(() => api.inspectMessage(bad), (e) => e instanceof api.InputError && e.code === 'inspect-not-openpgp', String(bad).slice(0, 30));
  }
  assert.throws(() => api.inspectMessage('hello', { language: 'fr' }), /Ce n'est pas un message OpenPGP/);
  assert.throws(() => api.inspectMessage(42), (e) => e.code === 'input-type');
});
