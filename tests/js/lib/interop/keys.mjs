// Recipient keys for the interop and refusal tests, generated at test time by the real peers:
// GnuPG (`gpg --quick-gen-key` / `--quick-add-key` in a throw-away GNUPGHOME), Sequoia
// (`sq key generate`) and OpenPGP.js 6 (`generateKey`, including a v6 key). Nothing here is a
// fixture: every run gets fresh keys, so the tests prove the tools' current output, not a snapshot.
//
// A key is `{id, label, generator, type, version, fingerprint, publicKey, secretKey, dir, gnupgHome?}`
// where publicKey / secretKey are paths to ASCII-armored files and `secretKey` is unprotected (no
// passphrase) so every tool can use it in batch mode.

import { chmodSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run.mjs';

const dirs = [];
const gnupgHomes = [];

/** A fresh private temp directory, removed by `cleanup()`. Short path: gpg-agent's socket lives in it. */
export function tempDir(prefix = 'pgp-') {
  const d = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(d, 0o700);
  dirs.push(d);
  return d;
}

/** A fresh GNUPGHOME; its gpg-agent is stopped by `cleanup()`. */
export function gnupgHome() {
  const home = tempDir('gpg-');
  gnupgHomes.push(home);
  return home;
}

export async function cleanup() {
  await Promise.all(
    gnupgHomes.map((home) => run('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: home } })),
  );
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.length = 0;
  gnupgHomes.length = 0;
}

function must(r, what) {
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return r;
}

/** `gpg --batch` in `home`, unprotected keys (empty passphrase, loopback pinentry). */
export function gpg(home, args, opts = {}) {
  return run('gpg', ['--batch', '--no-tty', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], {
    ...opts,
    env: { ...process.env, GNUPGHOME: home, TZ: 'UTC' },
  });
}

/** Fingerprint (upper-case hex) of the primary key in a GNUPGHOME holding one key. */
async function gpgFingerprint(home, query) {
  const r = must(await gpg(home, ['--with-colons', '--list-keys', ...(query ? [query] : [])]), 'gpg --list-keys');
  const line = r.stdout
    .toString()
    .split('\n')
    .find((l) => l.startsWith('fpr:'));
  if (!line) throw new Error('gpg listed no fingerprint');
  return line.split(':')[9];
}

async function gpgExport(home, fpr, dir) {
  const pub = must(await gpg(home, ['--armor', '--export', fpr]), 'gpg --export');
  const sec = must(await gpg(home, ['--armor', '--export-secret-keys', fpr]), 'gpg --export-secret-keys');
  const publicKey = join(dir, 'public.asc');
  const secretKey = join(dir, 'secret.asc');
  writeFileSync(publicKey, pub.stdout);
  writeFileSync(secretKey, sec.stdout);
  return { publicKey, secretKey };
}

/**
 * A GnuPG key: primary `primary` (with `usage`, default cert,sign) and, unless `sub` is null, an
 * encryption subkey `sub`. `fakedTime` / `subFakedTime` (`20200101T000000`) and `expire` /
 * `subExpire` (`never`, `1y`, `1d`…) make keys that are already expired.
 */
export async function gnupgKey({ id, label, type, primary, usage = 'cert,sign', sub, expire = 'never', subExpire = 'never', fakedTime, subFakedTime }) {
  const home = gnupgHome();
  const uid = `${label} <${id}@interop.example>`;
  const fake = (t) => (t ? ['--faked-system-time', `${t}!`] : []);
  must(await gpg(home, [...fake(fakedTime), '--quick-gen-key', uid, primary, usage, expire]), `gpg --quick-gen-key ${primary}`);
  const fingerprint = await gpgFingerprint(home);
  if (sub) {
    must(
      await gpg(home, [...fake(subFakedTime ?? fakedTime), '--quick-add-key', fingerprint, sub, 'encr', subExpire]),
      `gpg --quick-add-key ${sub}`,
    );
  }
  return { id, label, type, generator: 'GnuPG', version: 4, fingerprint, home, gnupgHome: home, dir: home, ...(await gpgExport(home, fingerprint, home)) };
}

/** Imports GnuPG's own revocation certificate for the key (the one it stores at generation). */
export async function gnupgRevoke(key) {
  const revs = join(key.gnupgHome, 'openpgp-revocs.d');
  const file = readdirSync(revs).find((f) => f.startsWith(key.fingerprint));
  // GnuPG prefixes the armor line with ':' so the certificate cannot be imported by accident.
  const cert = readFileSync(join(revs, file), 'utf8').replace(/^:-----BEGIN/m, '-----BEGIN');
  must(await gpg(key.gnupgHome, ['--import'], { input: cert }), 'gpg --import (revocation)');
  return { ...key, ...(await gpgExport(key.gnupgHome, key.fingerprint, key.dir)) };
}

/** A Sequoia key (`sq key generate --cipher-suite suite`): primary + signing and encryption subkeys. */
export async function sequoiaKey({ id, label, type, suite }) {
  const dir = tempDir('sq-');
  const secretKey = join(dir, 'secret.asc');
  const publicKey = join(dir, 'public.asc');
  must(
    await run('sq', ['key', 'generate', '--cipher-suite', suite, '--cannot-authenticate', '--userid', `${label} <${id}@interop.example>`, '--export', secretKey]),
    `sq key generate ${suite}`,
  );
  const cert = must(await run('sq', ['key', 'extract-cert', secretKey]), 'sq key extract-cert');
  writeFileSync(publicKey, cert.stdout);
  const inspect = must(await run('sq', ['inspect', publicKey]), 'sq inspect');
  const fingerprint = /Fingerprint:\s*([0-9A-F]{40,64})/.exec(inspect.stdout.toString())?.[1];
  if (!fingerprint) throw new Error('sq inspect printed no fingerprint');
  return { id, label, type, generator: 'Sequoia sq', version: 4, fingerprint, dir, publicKey, secretKey };
}

/** An OpenPGP.js 6 key: `options` as for `openpgp.generateKey` (type, curve, rsaBits, config). */
export async function openpgpjsKey({ id, label, type, options, version = 4 }) {
  const openpgp = await import('openpgp');
  const dir = tempDir('opgp-');
  const { privateKey, publicKey: pub } = await openpgp.generateKey({
    userIDs: [{ name: label, email: `${id}@interop.example` }],
    format: 'armored',
    ...options,
  });
  const key = await openpgp.readKey({ armoredKey: pub });
  const publicKey = join(dir, 'public.asc');
  const secretKey = join(dir, 'secret.asc');
  writeFileSync(publicKey, pub);
  writeFileSync(secretKey, privateKey);
  return { id, label, type, generator: 'OpenPGP.js', version, fingerprint: key.getFingerprint().toUpperCase(), dir, publicKey, secretKey };
}

/** Builds a key from a spec of the interop matrix ({generator: 'gnupg' | 'sq' | 'openpgpjs', ...}). */
export function generate(spec) {
  switch (spec.generator) {
    case 'gnupg':
      return gnupgKey(spec);
    case 'sq':
      return sequoiaKey(spec);
    case 'openpgpjs':
      return openpgpjsKey(spec);
    default:
      throw new Error(`unknown generator ${spec.generator}`);
  }
}

/** Runs a `gpg --edit-key` session in batch mode (`commands`: the answers, one a line). */
export async function gnupgEdit(key, commands) {
  must(
    await gpg(key.gnupgHome, ['--command-fd', '0', '--status-fd', '2', '--edit-key', key.fingerprint], { input: `${commands.join('\n')}\n` }),
    'gpg --edit-key',
  );
  return { ...key, ...(await gpgExport(key.gnupgHome, key.fingerprint, key.dir)) };
}

/** Revokes subkey number `n` (1 = the first subkey) of a GnuPG key, reason 0 "no reason". */
export function gnupgRevokeSubkey(key, n) {
  return gnupgEdit(key, [`key ${n}`, 'revkey', 'y', '0', '', 'y', 'save']);
}

/** Adds an encryption subkey (`algo`, `expire`, created at `fakedTime` if given) to a GnuPG key. */
export async function gnupgAddSubkey(key, algo, expire = 'never', fakedTime) {
  const fake = fakedTime ? ['--faked-system-time', `${fakedTime}!`] : [];
  must(await gpg(key.gnupgHome, [...fake, '--quick-add-key', key.fingerprint, algo, 'encr', expire]), `gpg --quick-add-key ${algo}`);
  return { ...key, ...(await gpgExport(key.gnupgHome, key.fingerprint, key.dir)) };
}

/** The subkeys of a GnuPG key: `[{keyid, validity ('u', 'e' expired, 'r' revoked…), usage}]`, in keyblock order. */
export async function gnupgSubkeys(key) {
  const r = must(await gpg(key.gnupgHome, ['--with-colons', '--list-keys', key.fingerprint]), 'gpg --list-keys');
  return r.stdout
    .toString()
    .split('\n')
    .filter((l) => l.startsWith('sub:'))
    .map((l) => {
      const f = l.split(':');
      return { keyid: f[4], validity: f[1], usage: f[11] };
    });
}

/**
 * Certifies `key`'s user id with a second key made in the same GNUPGHOME (a third-party
 * certification, as keyservers and key-signing parties leave on real PSIRT keys).
 */
export async function gnupgCertifyByThirdParty(key) {
  const home = key.gnupgHome;
  must(await gpg(home, ['--quick-gen-key', `Certifier <certifier-${key.id}@interop.example>`, 'ed25519', 'cert,sign', 'never']), 'gpg --quick-gen-key (certifier)');
  const list = must(await gpg(home, ['--with-colons', '--list-keys', `certifier-${key.id}@interop.example`]), 'gpg --list-keys');
  const certifier = list.stdout.toString().split('\n').find((l) => l.startsWith('fpr:')).split(':')[9];
  must(await gpg(home, ['--yes', '--default-key', certifier, '--quick-sign-key', key.fingerprint]), 'gpg --quick-sign-key');
  const exported = await gpgExport(home, key.fingerprint, key.dir);
  return { ...key, ...exported, certifier };
}
