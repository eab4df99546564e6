// `psirt-report key discover ADDRESS` as a user runs it: the CLI in its own process, its https
// requests for the demo PSIRT's domain mapped onto a loopback server (lib/wkd.mjs, through the
// preload lib/route-discovery-fetch.mjs) that plays openpgpkey.psirt-demo.example,
// psirt-demo.example and keys.psirt-demo.example. Found by WKD; found by security.txt after an
// impostor; an impostor alone refused; the servers unreachable; a bad address. The armored key
// written is read back by the package and, independently, by GnuPG.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRecipient } from '../../../pkg/node.mjs';
import { skipUnless } from '../lib/require.mjs';
import {
  ADVANCED_HOST,
  ADVANCED_PATH,
  DEMO_DOMAIN,
  DEMO_EMAIL,
  DEMO_PUB_ASC,
  DEMO_PUB_BIN,
  DIRECT_PATH,
  IMPOSTOR_FPR,
  IMPOSTOR_PUB_BIN,
  startWkdServer,
} from '../lib/wkd.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'pkg/cli/main.mjs');
const PRELOAD = join(ROOT, 'tests/js/lib/route-discovery-fetch.mjs');
const DEMO_FPR = '396FA1D1E0E2C121462B0DF79B5573C2D06F7269';
const SECURITY_TXT = '/.well-known/security.txt';
const KEYS_HOST = `keys.${DEMO_DOMAIN}`;

let wkd;
let work;
before(async () => {
  wkd = await startWkdServer();
  work = mkdtempSync(join(tmpdir(), 'psirt-key-discover-'));
});
after(async () => {
  await wkd.close();
  rmSync(work, { recursive: true, force: true });
});

/** Runs the CLI (asynchronously: the loopback server answers from this process). */
function run(args, { origin = wkd.origin } = {}) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', PRELOAD, CLI, ...args],
      { cwd: work, timeout: 60_000, env: { ...process.env, PSIRT_TEST_WKD_ORIGIN: origin, PSIRT_REPORT_PROFILE: '' } },
      (error, stdout, stderr) => resolve({ status: error ? error.code : 0, stdout, stderr }),
    );
  });
}

test('found by WKD (advanced method, binary key): the armored pinned key on stdout, fingerprint and origin on stderr', async () => {
  wkd.reset();
  wkd.serve(ADVANCED_HOST, ADVANCED_PATH, { body: DEMO_PUB_BIN });
  const r = await run(['key', 'discover', DEMO_EMAIL, '--demo']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n[A-Za-z0-9+/=\n]+\n=[A-Za-z0-9+/]{4}\n-----END PGP PUBLIC KEY BLOCK-----\n$/);
  // What was printed is the demo key, read back by the package.
  assert.equal(loadRecipient(r.stdout, { profile: 'demo' }).fingerprint, DEMO_FPR);
  assert.match(r.stderr, new RegExp(`key ${DEMO_FPR} \\(DEMO — not Thales\\), the pinned key, found by wkd-advanced at https://${ADVANCED_HOST}`));
  assert.deepEqual(wkd.requests, [`GET /${ADVANCED_HOST}${ADVANCED_PATH}?l=psirt`], 'nothing else asked');
});

test('fallback to security.txt: an impostor on WKD refused, the key named by security.txt written to --out, --json', async () => {
  wkd.reset();
  wkd.serve(ADVANCED_HOST, ADVANCED_PATH, { body: IMPOSTOR_PUB_BIN });
  wkd.serve(DEMO_DOMAIN, SECURITY_TXT, { type: 'text/plain', body: `Contact: mailto:${DEMO_EMAIL}\nEncryption: https://${KEYS_HOST}/psirt.asc\n` });
  // Served armored with a header a terminal would act on: the CLI re-armors from the key's bytes.
  wkd.serve(KEYS_HOST, '/psirt.asc', { type: 'application/pgp-keys', body: DEMO_PUB_ASC.replace('Comment: ', 'Comment: \u001b]0;owned\u0007 ') });
  const out = join(work, 'psirt.asc');
  const r = await run(['key', 'discover', DEMO_EMAIL, '--demo', '--out', out, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  assert.equal(json.fingerprint, DEMO_FPR);
  assert.equal(json.method, 'security-txt');
  assert.equal(json.url, `https://${KEYS_HOST}/psirt.asc`);
  assert.equal(json.out, out);
  assert.equal(json.armored, undefined);
  assert.deepEqual(
    json.attempts.map((a) => [a.method, a.code]),
    [
      ['wkd-advanced', 'discover-impostor'],
      ['wkd-direct', 'discover-not-found'],
      ['security-txt', 'read'],
      ['security-txt', 'found'],
    ],
  );
  assert.equal(json.attempts[0].fingerprint, IMPOSTOR_FPR);
  const written = readFileSync(out, 'utf8');
  assert.ok(!written.includes('\u001b') && !written.includes('Comment'), 'nothing but the key is written');
  assert.equal(loadRecipient(written, { profile: 'demo' }).fingerprint, DEMO_FPR);
  assert.equal(statSync(out).mode & 0o777, 0o600);
  assert.deepEqual(wkd.requests, [
    `GET /${ADVANCED_HOST}${ADVANCED_PATH}?l=psirt`,
    `GET /${DEMO_DOMAIN}${DIRECT_PATH}?l=psirt`,
    `GET /${DEMO_DOMAIN}${SECURITY_TXT}`,
    `GET /${KEYS_HOST}/psirt.asc`,
  ]);
});

test('pin mismatch refused: only an impostor published, exit 3 discover-impostor, nothing written', async () => {
  wkd.reset();
  wkd.serve(ADVANCED_HOST, ADVANCED_PATH, { body: IMPOSTOR_PUB_BIN });
  wkd.serve(DEMO_DOMAIN, DIRECT_PATH, { body: IMPOSTOR_PUB_BIN });
  const out = join(work, 'impostor.asc');
  const r = await run(['key', 'discover', DEMO_EMAIL, '--pin', DEMO_FPR, '--out', out]);
  assert.equal(r.status, 3, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(existsSync(out), false);
  assert.match(r.stderr, new RegExp(`tried wkd-advanced https://${ADVANCED_HOST}\\S+: discover-impostor \\(key ${IMPOSTOR_FPR}\\)`));
  assert.match(r.stderr, /tried security-txt https:\/\/psirt-demo\.example\/\.well-known\/security\.txt: discover-not-found/);
  assert.match(r.stderr, /: discover-impostor: No usable key found for psirt@psirt-demo\.example: a key was published for this address, but it is not the pinned key: refused\.\n$/);
  // The same under --json: the error and every attempt, on stdout.
  const j = await run(['key', 'discover', DEMO_EMAIL, '--pin', DEMO_FPR, '--json']);
  assert.equal(j.status, 3);
  const json = JSON.parse(j.stdout);
  assert.deepEqual(json.error.code, 'discover-impostor');
  assert.equal(json.error.kind, 'key');
  assert.deepEqual(json.attempts.map((a) => a.code), ['discover-impostor', 'discover-impostor', 'discover-not-found']);
});

test('network error: the servers unreachable, exit 3 discover-network, each request listed', async () => {
  // A port that was just free and is closed again: every connection is refused.
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  const r = await run(['key', 'discover', DEMO_EMAIL, '--demo'], { origin: `http://127.0.0.1:${port}` });
  assert.equal(r.status, 3, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal((r.stderr.match(/: tried \S+ https:\/\/\S+: discover-network$/gm) ?? []).length, 3, r.stderr);
  assert.match(r.stderr, /: discover-network: No usable key found for psirt@psirt-demo\.example: /);
  assert.doesNotMatch(r.stderr, /CORS|Content-Security-Policy/, 'a browser\'s causes are not the command line\'s');
});

test('usage: not an e-mail address (exit 2, discover-bad-email, no request), no ADDRESS, an unknown subcommand', async () => {
  wkd.reset();
  const bad = await run(['key', 'discover', 'psirt@127.0.0.1']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^psirt@127\.0\.0\.1: discover-bad-email: /);
  assert.deepEqual(wkd.requests, []);
  const none = await run(['key', 'discover']);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /key discover takes exactly one ADDRESS/);
  const other = await run(['key', 'fetch', DEMO_EMAIL]);
  assert.equal(other.status, 2);
  assert.match(other.stderr, /unknown key subcommand fetch/);
  const option = await run(['key', 'discover', DEMO_EMAIL, '--smtp', 'smtps://x']);
  assert.equal(option.status, 2);
  assert.match(option.stderr, /--smtp does not apply to key/);
});

const hasGpg = !spawnSync('gpg', ['--version']).error;
test('GnuPG reads the armor the CLI writes (CRC-24 and all)', { skip: skipUnless(hasGpg, 'gpg is not installed (apt-get install gnupg): the armor is not checked by GnuPG') }, async () => {
  wkd.reset();
  wkd.serve(ADVANCED_HOST, ADVANCED_PATH, { body: DEMO_PUB_BIN });
  const out = join(work, 'for-gpg.asc');
  const r = await run(['key', 'discover', DEMO_EMAIL, '--demo', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const home = mkdtempSync(join(tmpdir(), 'psirt-gpg-'));
  try {
    const g = spawnSync('gpg', ['--batch', '--no-tty', '--with-colons', '--show-keys', out], { env: { ...process.env, GNUPGHOME: home }, encoding: 'utf8' });
    assert.equal(g.status, 0, g.stderr);
    assert.match(g.stdout, new RegExp(`^fpr:+${DEMO_FPR}:`, 'm'));
    // A damaged checksum is refused by GnuPG: the CRC-24 line is checked, not ignored.
    const text = readFileSync(out, 'utf8');
    const broken = join(work, 'broken.asc');
    const crc = /\n=(....)\n/.exec(text)[1];
    const other = crc === 'AAAA' ? 'BBBB' : 'AAAA';
    (await import('node:fs')).writeFileSync(broken, text.replace(`\n=${crc}\n`, `\n=${other}\n`));
    const b = spawnSync('gpg', ['--batch', '--no-tty', '--with-colons', '--show-keys', broken], { env: { ...process.env, GNUPGHOME: home }, encoding: 'utf8' });
    assert.notEqual(b.status, 0, 'GnuPG refuses a wrong CRC-24');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
