// Recipient key policy against real keys made now by GnuPG: a revoked key, an expired one, a
// sign-only one, one whose only encryption subkey expired (or was revoked), and a key that is not
// the pinned one although its user id is the same — each refused by `psirt-report seal` with exit
// 3, its own code (contract: key-revoked, key-expired, key-no-encryption-key,
// key-encryption-subkey-expired, key-fingerprint-mismatch), a message in English and in French,
// and nothing written to --out. And what must be accepted: a key certified by a third party, and
// a key with expired and revoked subkeys beside a valid one — sealed to the valid one.
// Skipped (with a message) only when gpg is not installed.

import { test, before, after } from 'node:test';
import { skipUnless } from '../lib/require.mjs';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { run, toolVersion } from '../lib/interop/run.mjs';
import {
  cleanup,
  gnupgAddSubkey,
  gnupgCertifyByThirdParty,
  gnupgKey,
  gnupgRevoke,
  gnupgRevokeSubkey,
  gnupgSubkeys,
  gpg,
  tempDir,
} from '../lib/interop/keys.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'pkg/cli/main.mjs');
if (!existsSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm'))) {
  throw new Error('pkg/wasm/ is missing: build it with `make wasm` before running the JS tests');
}
const skip = skipUnless(toolVersion('gpg'), 'gpg is not installed (scripts/setup.sh installs gnupg): key policy interop not checked');

const PAST = '20200101T000000';
const PAST_LATER = '20200102T000000';
const keys = {};
let work;

before(async () => {
  if (skip) return;
  work = tempDir('policy-');
  writeFileSync(join(work, 'report.json'), readFileSync(join(ROOT, 'examples/valid-vulnerability.json')));
  const ecc = { primary: 'ed25519', sub: 'cv25519' };
  const made = await Promise.all([
    gnupgKey({ id: 'revoked', label: 'Revoked', ...ecc }).then(gnupgRevoke),
    // Created in 2020, expiring after a year: expired today (certificate and subkey).
    gnupgKey({ id: 'expired', label: 'Expired', ...ecc, fakedTime: PAST, expire: '1y', subExpire: '1y' }),
    gnupgKey({ id: 'sign-only', label: 'Sign only', primary: 'ed25519', usage: 'cert,sign', sub: null }),
    // A certificate valid forever whose only encryption subkey lived one day in 2020.
    gnupgKey({ id: 'subkey-expired', label: 'Subkey expired', ...ecc, fakedTime: PAST, subFakedTime: PAST_LATER, subExpire: '1d' }),
    // A valid certificate whose only encryption subkey was revoked.
    gnupgKey({ id: 'subkey-revoked', label: 'Subkey revoked', ...ecc }).then((k) => gnupgRevokeSubkey(k, 1)),
    // Two keys with the same user id: the pin names the first, the second is offered.
    gnupgKey({ id: 'pinned', label: 'PSIRT', ...ecc }),
    gnupgKey({ id: 'impostor', label: 'PSIRT', ...ecc }),
    // Accepted: certified by a third party.
    gnupgKey({ id: 'certified', label: 'Certified', ...ecc }).then(gnupgCertifyByThirdParty),
    // Accepted: an expired subkey (2020), a valid one, then a newer one revoked: the valid one is used.
    gnupgKey({ id: 'rotated', label: 'Rotated', primary: 'ed25519', sub: 'cv25519', fakedTime: PAST, subFakedTime: PAST_LATER, subExpire: '1d' })
      .then((k) => gnupgAddSubkey(k, 'cv25519'))
      .then(async (k) => {
        await new Promise((r) => setTimeout(r, 1100)); // a strictly newer creation time for the third
        return gnupgAddSubkey(k, 'cv25519');
      })
      .then((k) => gnupgRevokeSubkey(k, 3)),
  ]);
  for (const k of made) keys[k.id] = k;
  // The impostor's user id is the pinned key's, word for word.
  keys.impostor.label = keys.pinned.label;
});

after(cleanup);

/** `psirt-report seal` of the example to `key` pinned to `pin`: `{status, code, message, files}`. */
async function seal(key, pin, lang = 'en') {
  const out = join(work, `out-${key.id}-${lang}`);
  mkdirSync(out, { recursive: true });
  const r = await run(process.execPath, [
    CLI, 'seal', join(work, 'report.json'), '--key', key.publicKey, '--pin', pin ?? key.fingerprint,
    '--out', out, '--json', '--lang', lang,
  ]);
  let parsed = {};
  try {
    parsed = JSON.parse(r.stdout.toString());
  } catch {
    // Not JSON: the assertions below show stderr.
  }
  return { status: r.status, stderr: r.stderr, code: parsed.error?.code, message: parsed.error?.message, files: readdirSync(out), out, parsed };
}

const REFUSALS = [
  { key: 'revoked', code: 'key-revoked', why: 'its revocation certificate was imported' },
  { key: 'expired', code: 'key-expired', why: 'created in 2020, expired in 2021' },
  { key: 'sign-only', code: 'key-no-encryption-key', why: 'no key may encrypt' },
  { key: 'subkey-expired', code: 'key-encryption-subkey-expired', why: 'its only encryption subkey expired in 2020' },
  { key: 'subkey-revoked', code: 'key-encryption-subkey-expired', why: 'its only encryption subkey is revoked' },
  { key: 'impostor', pinOf: 'pinned', code: 'key-fingerprint-mismatch', why: 'same user id, another fingerprint' },
];

for (const { key: id, pinOf, code, why } of REFUSALS) {
  test(`seal refuses the ${id} key (${why}) with exit 3 and ${code}`, { skip }, async () => {
    const key = keys[id];
    const pin = pinOf ? keys[pinOf].fingerprint : undefined;
    const en = await seal(key, pin, 'en');
    assert.equal(en.status, 3, `exit ${en.status}, expected 3 (key refused): ${en.stderr}`);
    assert.equal(en.code, code, `code ${en.code}, expected ${code}: ${en.stderr}`);
    assert.deepEqual(en.files, [], 'a refused seal must write nothing');
    assert.ok(en.message && en.message.length > 10, 'an explanation in English');
    const fr = await seal(key, pin, 'fr');
    assert.equal(fr.code, code);
    assert.ok(fr.message && fr.message !== en.message, `a French explanation, not the English one: ${fr.message}`);
  });
}

test('every refusal has its own code, except the two subkey cases the contract groups', { skip }, () => {
  const codes = new Set(REFUSALS.map((r) => r.code));
  assert.equal(codes.size, 5);
});

test('a key certified by a third party is accepted, and gpg decrypts the result', { skip }, async () => {
  const key = keys.certified;
  // The export really carries the third-party certification (gpg shows a sig by another key id).
  const sigs = await gpg(key.gnupgHome, ['--with-colons', '--check-sigs', key.fingerprint]);
  assert.ok(sigs.stdout.toString().split('\n').some((l) => l.startsWith('sig:') && l.includes(key.certifier.slice(-16))), 'fixture: no third-party certification');
  const r = await seal(key);
  assert.equal(r.status, 0, r.stderr);
  const asc = join(r.out, 'report.asc');
  const opened = await gpg(key.gnupgHome, ['--decrypt', asc]);
  assert.equal(opened.status, 0, opened.stderr);
});

test('with an expired, a valid and a revoked encryption subkey, seal encrypts to the valid one', { skip }, async () => {
  const key = keys.rotated;
  const subs = await gnupgSubkeys(key);
  assert.deepEqual(subs.map((s) => s.validity[0]), ['e', 'u', 'r'], `fixture: ${JSON.stringify(subs)}`);
  const r = await seal(key);
  assert.equal(r.status, 0, r.stderr);
  const packets = await gpg(key.gnupgHome, ['--list-only', '--list-packets', join(r.out, 'report.asc')]);
  const recipients = [...packets.stdout.toString().matchAll(/pubkey enc packet: version \d+, algo \d+, keyid ([0-9A-F]{16})/g)].map((m) => m[1]);
  assert.deepEqual(recipients, [subs[1].keyid], `encrypted to ${recipients}, expected only the valid subkey ${subs[1].keyid}`);
  if (r.parsed.recipient?.encryptionKey) assert.ok(r.parsed.recipient.encryptionKey.endsWith(subs[1].keyid));
});
