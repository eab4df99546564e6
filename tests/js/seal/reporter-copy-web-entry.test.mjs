// The browser entry's WebCrypto path (sealAsync via seal_deferred and
// pkg/lib/webcrypto-seal.js, run in Node): the reporter's key packet is in the clear head, GnuPG
// decrypts with each secret key, and the receipt's SHA-256 (computed by sealAsync on WebCrypto,
// since JavaScript armors this path) is that of the armored text. The reporter's key packet names
// nobody there too (wildcard key ID).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gpgHome, hasGpg } from '../lib/gpg-home.mjs';
import { skipUnless } from '../lib/require.mjs';
import { keyNamedIn, recipientsOf } from '../lib/pkesk.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('sealAsync (WebCrypto) encrypts to the PSIRT and the reporter; both decrypt; the receipt hashes the armor', { skip: skipUnless(hasGpg, 'gpg is not installed') }, async () => {
  const web = await import('../../../pkg/web.js');
  await web.init({
    module: readFileSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm')),
    sealModule: readFileSync(join(ROOT, 'pkg/wasm/psirt_report_seal_bg.wasm')),
  });
  const report = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));
  report.reporter.pgp_key = readFileSync(join(ROOT, 'tests/keys/valid.pub.asc'), 'utf8');
  const key = readFileSync(join(ROOT, 'keys/demo-psirt.pub.asc'), 'utf8');
  const sealed = await web.sealAsync(report, { key, profile: 'demo' });
  // The seal module's own AES (index.js's synchronous seal: no WebCrypto), for comparison.
  const { seal: sealWithModuleAes } = await import('../../../pkg/index.js');
  const sync = sealWithModuleAes(report, { key, profile: 'demo' });
  assert.deepEqual(Object.keys(sealed).sort(), Object.keys(sync).sort());
  assert.deepEqual(sealed.recipients.map((r) => r.role), ['psirt', 'reporter']);
  assert.deepEqual(recipientsOf(sealed.armored).map((p) => p.anonymous), [false, true]);
  assert.deepEqual(keyNamedIn(sealed.armored, report.reporter.pgp_key), []);
  assert.equal(sealed.receipt.sha256, createHash('sha256').update(sealed.armored).digest('hex'));
  assert.equal(sync.receipt.sha256, createHash('sha256').update(sync.armored).digest('hex'));
  assert.notEqual(sealed.receipt.reportId, sync.receipt.reportId);
  for (const secret of ['keys/demo-psirt.sec.asc', 'tests/keys/valid.sec.asc']) {
    const home = gpgHome(join(ROOT, secret));
    try {
      const r = home.run(['--decrypt'], { input: sealed.armored });
      assert.equal(r.status, 0, `${secret}: ${r.stderr}`);
      assert.ok(r.stdout.toString().includes(`X-Psirt-Report-Id: ${sealed.receipt.reportId}\r\n`));
    } finally {
      home.close();
    }
  }
});
