// In Node, the key packet's RSA operation runs on node:crypto
// (pkg/lib/node-cipher.js, `rsaEncrypt`) instead of big-number arithmetic compiled to wasm32. Checks
// that the seal module really calls it for an RSA key (and not for another), and that GnuPG
// decrypts the result with the RSA secret key. The interop tests check RSA 3072/4096 keys made by
// GnuPG, Sequoia and OpenPGP.js through the Node entry, which installs the same cipher.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gpgHome, hasGpg } from '../lib/gpg-home.mjs';
import { skipUnless } from '../lib/require.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

// The package's modules as the Node entry installs them, with a cipher that counts its RSA calls.
const { installSync, setPlatformCipher } = await import('../../../pkg/lib/registry.js');
installSync(await import('../../../pkg/wasm/psirt_report.js'), readFileSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm')), 'core');
installSync(await import('../../../pkg/wasm/psirt_report_open.js'), readFileSync(join(ROOT, 'pkg/wasm/psirt_report_open_bg.wasm')), 'seal', 'open');
const { nodeCipher } = await import('../../../pkg/lib/node-cipher.js');
let rsaCalls = 0;
setPlatformCipher((key) => {
  const c = nodeCipher(key);
  return { ...c, rsaEncrypt: (n, e, m) => (rsaCalls++, c.rsaEncrypt(n, e, m)) };
});
const api = await import('../../../pkg/index.js');
const report = readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8');

test(
  'an RSA key packet is made by node:crypto, and GnuPG decrypts the message with the RSA secret key',
  { skip: skipUnless(hasGpg, 'gpg is not installed: the node:crypto RSA packet is not checked by GnuPG') },
  () => {
    const keyFile = join(ROOT, 'tests/keys/primary-encrypts.pub.asc');
    const shown = spawnSync('gpg', ['--with-colons', '--show-keys', keyFile], { encoding: 'utf8' });
    const pin = /^fpr:+([0-9A-F]{40}):/m.exec(shown.stdout)[1];
    rsaCalls = 0;
    const sealed = api.seal(report, { key: readFileSync(keyFile), pin, profile: 'demo' });
    assert.equal(rsaCalls, 1, 'the RSA operation went to node:crypto');
    const home = gpgHome(join(ROOT, 'tests/keys/primary-encrypts.sec.asc'));
    try {
      const out = home.run(['--decrypt'], { input: sealed.armored });
      assert.equal(out.status, 0, out.stderr.toString());
      assert.match(out.stdout.toString(), /report\.json/);
    } finally {
      home.close();
    }
  },
);

test('a Curve25519 key packet never asks the platform for RSA', () => {
  rsaCalls = 0;
  const key = readFileSync(join(ROOT, 'keys/demo-psirt.pub.asc'));
  api.seal(report, { key, profile: 'demo' });
  assert.equal(rsaCalls, 0);
});
