// The OpenPGP peers that must read what psirt-report seals: GnuPG (`gpg --decrypt`), Sequoia
// (`sqop decrypt`, the Stateless OpenPGP interface), rnp (`rnp --decrypt`, Thunderbird's engine)
// and OpenPGP.js 6 (in process). Each peer gets the recipient's secret key in its own way (its own
// keyring where it has one) and returns the plaintext bytes, or the error it printed.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, toolVersion } from './run.mjs';
import { gnupgHome, gpg, tempDir } from './keys.mjs';

const cut = (s) => String(s).trim().split('\n').slice(-6).join('\n').slice(0, 800);

/** Memoises one import per (peer, key). */
function once(fn) {
  const cache = new Map();
  return (key) => {
    if (!cache.has(key.id)) cache.set(key.id, fn(key));
    return cache.get(key.id);
  };
}

const gpgHomeFor = once(async (key) => {
  if (key.gnupgHome) return { home: key.gnupgHome };
  const home = gnupgHome();
  const r = await gpg(home, ['--import', key.secretKey]);
  if (r.status !== 0) return { error: `gpg --import: ${cut(r.stderr)}` };
  return { home };
});

const rnpHomeFor = once(async (key) => {
  const home = tempDir('rnp-');
  const r = await run('rnpkeys', ['--homedir', home, '--import', key.secretKey]);
  if (r.status !== 0) return { error: `rnpkeys --import: ${cut(r.stderr)}` };
  return { home };
});

/** Writes `message` (Buffer or string) next to nothing else, for tools that want a file. */
function messageFile(message) {
  const dir = tempDir('msg-');
  const file = join(dir, 'message.asc');
  writeFileSync(file, message);
  return file;
}

export const PEERS = [
  {
    name: 'gpg',
    version: () => toolVersion('gpg'),
    async decrypt(key, message) {
      const h = await gpgHomeFor(key);
      if (h.error) return { ok: false, error: h.error };
      const r = await gpg(h.home, ['--decrypt', messageFile(message)]);
      if (r.status !== 0) return { ok: false, error: `gpg --decrypt: ${cut(r.stderr)}` };
      // GnuPG exits 0 but warns when a message has no MDC: the seal must always carry one.
      if (/not integrity protected/i.test(r.stderr)) return { ok: false, error: 'gpg: message was not integrity protected' };
      return { ok: true, plaintext: r.stdout };
    },
  },
  {
    name: 'sqop',
    version: () => toolVersion('sqop'),
    async decrypt(key, message) {
      const r = await run('sqop', ['decrypt', key.secretKey], { input: message });
      if (r.status !== 0) return { ok: false, error: `sqop decrypt: ${cut(r.stderr)}` };
      return { ok: true, plaintext: r.stdout };
    },
  },
  {
    name: 'rnp',
    version: () => toolVersion('rnp'),
    async decrypt(key, message) {
      const h = await rnpHomeFor(key);
      if (h.error) return { ok: false, error: h.error };
      const r = await run('rnp', ['--homedir', h.home, '--decrypt', messageFile(message), '--output', '-']);
      if (r.status !== 0) return { ok: false, error: `rnp --decrypt: ${cut(r.stderr)}` };
      return { ok: true, plaintext: r.stdout };
    },
  },
  {
    name: 'openpgp.js',
    version: async () => `OpenPGP.js ${(await import('openpgp')).config.versionString.replace(/^OpenPGP\.js v?/, '')}`,
    async decrypt(key, message) {
      const openpgp = await import('openpgp');
      try {
        const { readFileSync } = await import('node:fs');
        const privateKey = await openpgp.readPrivateKey({ armoredKey: readFileSync(key.secretKey, 'utf8') });
        const msg = await openpgp.readMessage({ armoredMessage: message.toString() });
        const { data } = await openpgp.decrypt({ message: msg, decryptionKeys: privateKey, format: 'binary' });
        return { ok: true, plaintext: Buffer.from(data) };
      } catch (e) {
        return { ok: false, error: `openpgp.decrypt: ${cut(e.message)}` };
      }
    },
  },
];

/**
 * A control message made by OpenPGP.js for the same public key (SEIPDv1 AES-256 for v4 keys, its
 * default for v6 ones). A peer that cannot read this either does not support the key type:
 * its failure on our message is then "unsupported", not a bug of ours.
 */
export async function controlMessage(key, plaintext) {
  const openpgp = await import('openpgp');
  const { readFileSync } = await import('node:fs');
  const encryptionKeys = await openpgp.readKey({ armoredKey: readFileSync(key.publicKey, 'utf8') });
  return openpgp.encrypt({
    message: await openpgp.createMessage({ binary: plaintext }),
    encryptionKeys,
    config: { preferredSymmetricAlgorithm: openpgp.enums.symmetric.aes256, aeadProtect: false },
  });
}
