// Interop: what `psirt-report seal` writes, every OpenPGP peer reads. Keys are generated now, by
// GnuPG, Sequoia and OpenPGP.js (RSA 2048-4096, Curve25519, NIST P-256/384/521, brainpool, a v6
// key); each gets a report with a binary attachment sealed to it by the CLI, and the `.asc` and the
// `.eml`'s encrypted part are decrypted by gpg, sqop, rnp and OpenPGP.js. The `report.json` part
// must be the canonical JSON byte for byte and the attachment the original bytes. The PSIRT's
// side too: `psirt-report open` reads both with the secret key each suite exported.
//
// A peer that fails is "unsupported" only if it also fails a control message made by OpenPGP.js
// for the same key (so the limit is the peer's, e.g. GnuPG 2.2 and v6 keys); if it reads the
// control but not our message, the test fails. Each key must be read by at least one peer other
// than psirt-report, and by the tool that generated it. The observed matrix is printed at the end
// (and written to target/interop-matrix.json).
//
// Skipped (with a message) only when a peer is not installed: scripts/setup.sh installs them.

import { test, after } from 'node:test';
import { skipUnless } from '../lib/require.mjs';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { run, pool } from '../lib/interop/run.mjs';
import { cleanup, generate, tempDir } from '../lib/interop/keys.mjs';
import { PEERS, controlMessage } from '../lib/interop/peers.mjs';
import { canonical, leaves, topHeaders } from '../lib/interop/mime.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'pkg/cli/main.mjs');
if (!existsSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm'))) {
  throw new Error('pkg/wasm/ is missing: build it with `make wasm` before running the JS tests');
}

const versions = Object.fromEntries(await Promise.all(PEERS.map(async (p) => [p.name, await p.version()])));
const missing = ['gpg', 'sqop', 'rnp'].filter((t) => !versions[t]);
const hasSq = !!(await run('sq', ['--version'])).stdout.length;
const skip = skipUnless(
  !missing.length && hasSq,
  `not installed: ${[...missing, ...(hasSq ? [] : ['sq'])].join(', ')} (scripts/setup.sh installs them)`,
);

/**
 * Known limits (style: an explicit list, each with its reason). A key with `refused` must be
 * refused by seal with exit 3 and exactly that code, and nothing written: the limit is pinned, so
 * the day the library learns the algorithm this test fails and the entry should go.
 */
const NO_BRAINPOOL_512 = {
  code: 'key-brainpool512-unsupported',
  why: 'no maintained Rust crate provides brainpoolP512r1 arithmetic (RustCrypto has bp256 and bp384 only); P-256 and P-384 are computed by src/seal/brainpool.rs',
};

/** The key types of the matrix. `generator` names the tool that must read its own key. */
const SPECS = [
  { generator: 'gnupg', id: 'gpg-rsa2048', label: 'GnuPG RSA 2048', type: 'RSA 2048', primary: 'rsa2048', sub: 'rsa2048' },
  { generator: 'gnupg', id: 'gpg-rsa3072', label: 'GnuPG RSA 3072', type: 'RSA 3072', primary: 'rsa3072', sub: 'rsa3072' },
  { generator: 'gnupg', id: 'gpg-rsa4096', label: 'GnuPG RSA 4096', type: 'RSA 4096', primary: 'rsa4096', sub: 'rsa4096' },
  // A primary key that itself may encrypt, with no subkey at all.
  { generator: 'gnupg', id: 'gpg-rsa2048-primary', label: 'GnuPG RSA 2048 encrypting primary', type: 'RSA 2048, primary encrypts, no subkey', primary: 'rsa2048', usage: 'cert,sign,encr', sub: null },
  { generator: 'gnupg', id: 'gpg-cv25519', label: 'GnuPG Ed25519 Cv25519', type: 'Ed25519 + Cv25519 (v4 legacy)', primary: 'ed25519', sub: 'cv25519' },
  { generator: 'gnupg', id: 'gpg-p256', label: 'GnuPG NIST P-256', type: 'NIST P-256', primary: 'nistp256', sub: 'nistp256' },
  { generator: 'gnupg', id: 'gpg-p384', label: 'GnuPG NIST P-384', type: 'NIST P-384', primary: 'nistp384', sub: 'nistp384' },
  { generator: 'gnupg', id: 'gpg-p521', label: 'GnuPG NIST P-521', type: 'NIST P-521', primary: 'nistp521', sub: 'nistp521' },
  { generator: 'gnupg', id: 'gpg-bp256', label: 'GnuPG brainpoolP256r1', type: 'brainpoolP256r1', primary: 'brainpoolP256r1', sub: 'brainpoolP256r1' },
  { generator: 'gnupg', id: 'gpg-bp384', label: 'GnuPG brainpoolP384r1', type: 'brainpoolP384r1', primary: 'brainpoolP384r1', sub: 'brainpoolP384r1' },
  { generator: 'gnupg', id: 'gpg-bp512', label: 'GnuPG brainpoolP512r1', type: 'brainpoolP512r1', primary: 'brainpoolP512r1', sub: 'brainpoolP512r1', refused: NO_BRAINPOOL_512 },
  { generator: 'sq', id: 'sq-cv25519', label: 'Sequoia cv25519', type: 'Ed25519 + Cv25519 (v4 legacy)', suite: 'cv25519' },
  { generator: 'sq', id: 'sq-rsa3k', label: 'Sequoia rsa3k', type: 'RSA 3072', suite: 'rsa3k' },
  { generator: 'sq', id: 'sq-rsa4k', label: 'Sequoia rsa4k', type: 'RSA 4096', suite: 'rsa4k' },
  { generator: 'openpgpjs', id: 'ojs-cv25519', label: 'OpenPGP.js curve25519Legacy', type: 'Ed25519 + Cv25519 (v4 legacy)', options: { type: 'ecc', curve: 'curve25519Legacy' } },
  { generator: 'openpgpjs', id: 'ojs-rsa3072', label: 'OpenPGP.js RSA 3072', type: 'RSA 3072', options: { type: 'rsa', rsaBits: 3072 } },
  { generator: 'openpgpjs', id: 'ojs-p256', label: 'OpenPGP.js NIST P-256', type: 'NIST P-256', options: { type: 'ecc', curve: 'nistP256' } },
  // RFC 9580 algorithms in a v4 key: Ed25519 (27) + X25519 (25).
  { generator: 'openpgpjs', id: 'ojs-x25519-v4', label: 'OpenPGP.js X25519 v4', type: 'Ed25519 + X25519 (RFC 9580 algorithms, v4 key)', options: { type: 'curve25519' } },
  // A v6 key (RFC 9580).
  { generator: 'openpgpjs', id: 'ojs-v6', label: 'OpenPGP.js v6', type: 'v6 Ed25519 + X25519 (RFC 9580)', version: 6, options: { type: 'curve25519', config: { v6Keys: true } } },
];
const OWN_TOOL = { gnupg: 'gpg', sq: 'sqop', openpgpjs: 'openpgp.js' };

// The report: the valid example with non-ASCII text, and a binary attachment (every byte value,
// CR/LF pairs, NUL, and random bytes) that must come back exactly.
const report = JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8'));
report.title = `${report.title} — été 🔐`;
const expectedJson = canonical(report);
const attachment = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('\r\n.\r\nFrom x\n--\r\n'), randomBytes(48 * 1024)]);
const ATTACHMENT_NAME = 'capture.bin';

const work = skip ? null : tempDir('interop-');
if (work) {
  writeFileSync(join(work, 'report.json'), JSON.stringify(report, null, 2));
  writeFileSync(join(work, ATTACHMENT_NAME), attachment);
}

/** matrix[keyId][peer] = 'ok' | 'unsupported' | 'FAIL: …'; filled by the tests below. */
const matrix = {};
const keys = {};

after(async () => {
  if (Object.keys(matrix).length) printMatrix();
  await cleanup();
});

/** Seals the report to `key` with the CLI; resolves with the paths written. */
async function seal(key) {
  const out = join(key.dir, 'out');
  mkdirSync(out, { recursive: true });
  const r = await run(process.execPath, [
    CLI, 'seal', join(work, 'report.json'),
    '--key', key.publicKey, '--pin', key.fingerprint, '--out', out,
    '--attach', join(work, ATTACHMENT_NAME),
  ]);
  if (r.status !== 0) {
    matrix[key.id].seal = `refused, exit ${r.status}: ${/key-[a-z-]+/.exec(r.stderr)?.[0] ?? r.stderr.trim().slice(0, 80)}`;
  }
  assert.equal(r.status, 0, `psirt-report seal exited ${r.status}: ${r.stderr}`);
  matrix[key.id].seal = 'ok';
  assert.deepEqual(readdirSync(out).sort(), ['report.asc', 'report.eml'], 'seal --out must write NAME.asc and NAME.eml, nothing else');
  return { asc: readFileSync(join(out, 'report.asc')), eml: readFileSync(join(out, 'report.eml')) };
}

/** The armored message inside an RFC 3156 .eml, after checking its outer structure. */
function emlMessage(eml) {
  const text = eml.toString('utf8');
  const headers = topHeaders(eml);
  assert.match(headers.get('content-type')?.[0] ?? '', /^multipart\/encrypted;.*protocol="?application\/pgp-encrypted"?/is);
  assert.match(headers.get('to')?.[0] ?? '', /(^|<)psirt@thalesgroup\.com>?$/, 'the .eml goes to the profile address');
  assert.ok(!text.includes(report.title) && !text.includes('été'), 'the .eml must not carry the title in clear');
  assert.doesNotMatch(text, /(^|[^\r])\n/, 'the .eml must use CRLF line ends');
  const parts = leaves(eml);
  assert.equal(parts.length, 2, 'multipart/encrypted has exactly two parts');
  assert.equal(parts[0].type, 'application/pgp-encrypted');
  assert.match(parts[0].data.toString(), /Version: 1/);
  assert.equal(parts[1].type, 'application/octet-stream');
  return parts[1].data;
}

/** Checks a decrypted plaintext: report.json canonical, the attachment exact. Throws on mismatch. */
function checkPlaintext(plaintext) {
  const parts = leaves(plaintext);
  const json = parts.find((p) => p.filename === 'report.json');
  assert.ok(json, `no report.json part among ${parts.map((p) => `${p.type} ${p.filename}`).join(', ')}`);
  assert.equal(json.data.toString('utf8'), expectedJson, 'report.json is not the canonical JSON of the report');
  const att = parts.find((p) => p.filename === ATTACHMENT_NAME);
  assert.ok(att, `no ${ATTACHMENT_NAME} part`);
  assert.ok(att.data.equals(attachment), `${ATTACHMENT_NAME} differs from the original bytes (${att.data.length} vs ${attachment.length} bytes)`);
  // The real subject travels inside, as a protected header.
  const subject = topHeaders(plaintext).get('subject')?.[0] ?? '';
  assert.ok(subject.includes('été'), `the protected Subject should carry the real title, got ${JSON.stringify(subject)}`);
}

test('interop: seal to keys from GnuPG, Sequoia and OpenPGP.js; gpg, sqop, rnp and OpenPGP.js decrypt', { skip, timeout: 360_000, concurrency: 3 }, async (t) => {
  // Key generation is the slow part (RSA 4096): two at a time, one per core.
  const generated = pool(SPECS, 2, async (spec) => {
    try {
      keys[spec.id] = await generate(spec);
    } catch (e) {
      keys[spec.id] = { error: e };
    }
  });
  await generated;

  await pool(SPECS, 3, (spec) =>
    t.test(`${spec.label} (${spec.type})`, { concurrency: 4 }, async (tk) => {
      const key = keys[spec.id];
      if (key.error) throw key.error;
      matrix[spec.id] = { type: spec.type, generator: key.generator, version: key.version };
      if (spec.refused) {
        const out = join(key.dir, 'out');
        mkdirSync(out, { recursive: true });
        const r = await run(process.execPath, [CLI, 'seal', join(work, 'report.json'), '--key', key.publicKey, '--pin', key.fingerprint, '--out', out, '--json']);
        const code = (() => {
          try {
            return JSON.parse(r.stdout.toString()).error?.code;
          } catch {
            return undefined;
          }
        })();
        matrix[spec.id].seal = `refused: ${code ?? `exit ${r.status}`}`;
        assert.equal(r.status, 3, `expected a key refusal (exit 3), got exit ${r.status}: ${r.stderr}`);
        assert.equal(code, spec.refused.code, `refused, but not as ${spec.refused.code} (${spec.refused.why})`);
        assert.deepEqual(readdirSync(out), [], 'a refused seal writes nothing');
        return;
      }
      const { asc, eml } = await seal(key);
      const fromEml = emlMessage(eml);
      const control = await controlMessage(key, attachment).catch(() => null);

      await Promise.all(
        PEERS.map((peer) =>
          tk.test(peer.name, async (tp) => {
            const results = { asc: await peer.decrypt(key, asc), eml: await peer.decrypt(key, fromEml) };
            if (!results.asc.ok || !results.eml.ok) {
              const reason = (results.asc.ok ? results.eml : results.asc).error;
              const ctl = control ? await peer.decrypt(key, control) : { ok: false };
              if (!ctl.ok) {
                matrix[spec.id][peer.name] = 'unsupported';
                tp.skip(`unsupported by ${versions[peer.name]}: it cannot read OpenPGP.js's message to this key either (${reason.trim().split('\n').at(-1)})`);
                return;
              }
              matrix[spec.id][peer.name] = 'FAIL';
              assert.fail(`${peer.name} reads a control message to this key but not ours: ${reason}`);
            }
            try {
              checkPlaintext(results.asc.plaintext);
              assert.ok(results.asc.plaintext.equals(results.eml.plaintext), 'the .asc and the .eml carry different plaintexts');
            } catch (e) {
              matrix[spec.id][peer.name] = 'FAIL';
              throw e;
            }
            matrix[spec.id][peer.name] = 'ok';
          }),
        ),
      );

      // The PSIRT's side: `psirt-report open` with the secret key as each suite exported it.
      await tk.test('psirt-report open', async () => {
        try {
          for (const which of ['asc', 'eml']) {
            const out = join(key.dir, `opened-${which}`);
            const r = await run(process.execPath, [CLI, 'open', join(key.dir, 'out', `report.${which}`), '--secret-key', key.secretKey, '--out', out, '--json']);
            assert.equal(r.status, 0, `open ${which} exited ${r.status}: ${r.stderr}`);
            // open writes the report pretty-printed: same data (the bytes were compared above).
            assert.deepEqual(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')), report, `open ${which}: report.json differs`);
            assert.ok(readFileSync(join(out, ATTACHMENT_NAME)).equals(attachment), `open ${which}: ${ATTACHMENT_NAME} differs`);
          }
          matrix[spec.id].open = 'ok';
        } catch (e) {
          matrix[spec.id].open = 'FAIL';
          throw e;
        }
      });

      const readers = PEERS.filter((p) => matrix[spec.id][p.name] === 'ok').map((p) => p.name);
      assert.ok(readers.length >= 1, 'no independent tool read this key type');
      assert.ok(readers.includes(OWN_TOOL[spec.generator]), `${OWN_TOOL[spec.generator]} must read a key its own suite generated`);
    }),
  );
});

function printMatrix() {
  const names = PEERS.map((p) => p.name);
  const lines = [
    `| key (generator) | psirt-report seal | ${names.join(' | ')} | psirt-report open |`,
    `|---|---|${names.map(() => '---').join('|')}|---|`,
    ...SPECS.filter((s) => matrix[s.id]).map(
      (s) =>
        `| ${s.type} (${matrix[s.id].generator}) | ${matrix[s.id].seal ?? '—'} | ${names.map((n) => matrix[s.id][n] ?? '—').join(' | ')} | ${matrix[s.id].open ?? '—'} |`,
    ),
  ];
  const header = `Interop matrix — ${names.map((n) => versions[n]).join('; ')}`;
  console.log(`${header}\n${lines.join('\n')}`);
  try {
    mkdirSync(join(ROOT, 'target'), { recursive: true });
    writeFileSync(join(ROOT, 'target/interop-matrix.json'), JSON.stringify({ versions, matrix }, null, 2));
  } catch {
    // The printed table is the record; the file is a convenience.
  }
}
