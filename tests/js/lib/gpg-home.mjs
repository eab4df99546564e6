// A throw-away GnuPG home holding the demo secret key, for tests that have GnuPG decrypt what
// the package sealed (bulk, WebCrypto sealing…).

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A throw-away GNUPGHOME holding a secret key (the demo PSIRT's unless another is named). */
export function gpgHome(secretKey = join(ROOT, 'keys/demo-psirt.sec.asc')) {
  const home = mkdtempSync(join(tmpdir(), 'gpg-'));
  chmodSync(home, 0o700);
  const gpg = (args, options = {}) =>
    spawnSync('gpg', ['--batch', '--no-tty', ...args], { env: { ...process.env, GNUPGHOME: home }, ...options });
  const imported = gpg(['--import', secretKey], { encoding: 'utf8' });
  if (imported.status !== 0) throw new Error(imported.stderr);
  return {
    /** Runs gpg (batch, this home) with `args`: the spawnSync result. */
    run: gpg,
    /** Decrypt the armored block inside an .eml; returns the plaintext MIME entity (Buffer). */
    decryptEml(eml) {
      const armored = /-----BEGIN PGP MESSAGE-----[\s\S]+?-----END PGP MESSAGE-----/.exec(eml)?.[0];
      if (!armored) throw new Error('no armored message in the .eml');
      const r = gpg(['--decrypt'], { input: armored });
      if (r.status !== 0) throw new Error(`gpg --decrypt failed: ${r.stderr}`);
      return r.stdout;
    },
    close() {
      spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: home } });
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export const hasGpg = !spawnSync('gpg', ['--version']).error;
