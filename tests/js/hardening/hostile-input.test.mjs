// The hostile-input suite. Each case runs in its own process
// (tests/js/lib/hostile-case.mjs) through the npm API, and asserts its exact outcome (an error
// code, or that the input is handled as data), a time bound and a peak-memory bound (the whole
// Node process, wasm memory included). Each case prints its figures on stderr; measured on the
// 2-core machine: 0-510 ms and 62-290 MiB for the API cases, 2.0 s and 584 MiB for the bomb
// (capped at 160 MiB of plaintext). Bounds are >= 10x the time and 1.5-3x the memory: a
// quadratic path or an unbounded buffer fails them, a busy machine does not.
// The OpenPGP inputs (a compressed bomb, a 100 000-part MIME message) are made with GnuPG.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { skipUnless } from '../lib/require.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
if (!existsSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm'))) throw new Error('build pkg/wasm with `make wasm` first');
const CASE = join(ROOT, 'tests/js/lib/hostile-case.mjs');
const hasGpg = !spawnSync('gpg', ['--version']).error;
const gpgSkip = skipUnless(hasGpg, 'gpg is not installed: the OpenPGP hostile inputs cannot be made');

function runCase(name, file) {
  const { NODE_TEST_CONTEXT, ...env } = process.env;
  const r = spawnSync(process.execPath, [CASE, name, ...(file ? [file] : [])], { cwd: ROOT, encoding: 'utf8', env, maxBuffer: 1 << 20 });
  assert.equal(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout.trim().split('\n').at(-1));
  process.stderr.write(`hostile ${name}: ${got.outcome}, ${got.ms} ms, ${got.maxRssMiB} MiB peak RSS\n`);
  return got;
}

/** [name, expected outcome, max ms, max MiB]. */
const CASES = [
  ['nested-arrays', 'json-too-deep', 3000, 200],
  ['nested-objects', 'json-too-deep', 3000, 200],
  ['string-50mb', 'input-too-large', 5000, 600],
  ['control-characters-seal-open', 'valid', 5000, 250],
  ['lone-surrogate', 'json-syntax', 3000, 200],
  ['invalid-utf8', 'throw:invalid-utf8', 3000, 200],
  [
    'proto-keys',
    'unknown-field@/__proto__ unknown-field@/constructor',
    3000,
    200,
  ],
  ['key-many-uids', 'throw:key-too-large', 3000, 200],
  ['key-junk-around', 'ok', 3000, 200],
  ['key-junk-bad-checksum', 'throw:key-unreadable', 3000, 200],
  ['message-junk-around', 'valid', 5000, 250],
];

for (const [name, expected, maxMs, maxMiB] of CASES) {
  test(`hostile: ${name} → ${expected}, < ${maxMs} ms, < ${maxMiB} MiB`, () => {
    const got = runCase(name);
    assert.equal(got.outcome, expected);
    assert.ok(got.ms < maxMs, `${got.ms} ms`);
    assert.ok(got.maxRssMiB < maxMiB, `${got.maxRssMiB} MiB`);
  });
}

// ---- inputs made with GnuPG (and a key stuffed with packets) -------------------------------

let dir;
function work() {
  dir ??= mkdtempSync(join(tmpdir(), 'psirt-hostile-'));
  return dir;
}
test.after(() => dir && rmSync(dir, { recursive: true, force: true }));

/** gpg in a scratch home holding the demo public key; returns the encrypted bytes of `input`. */
function gpgEncrypt(input, args) {
  const home = join(work(), 'gnupg');
  const g = (a, opts = {}) =>
    spawnSync('gpg', ['--homedir', home, '--batch', '--quiet', '--no-tty', ...a], { maxBuffer: 64 << 20, ...opts });
  if (!existsSync(home)) {
    spawnSync('mkdir', ['-m', '700', home]);
    const imp = g(['--import', join(ROOT, 'keys/demo-psirt.pub.asc')]);
    assert.equal(imp.status, 0, String(imp.stderr));
  }
  const r = g(['--trust-model', 'always', '--recipient', '396FA1D1E0E2C121462B0DF79B5573C2D06F7269', ...args, '--encrypt'], { input });
  assert.equal(r.status, 0, String(r.stderr));
  return r.stdout;
}

/** The packets of a binary OpenPGP key: [{tag, bytes}] (old and new packet formats). */
function packets(buf) {
  const out = [];
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    let tag, len, hdr;
    if (b & 0x40) {
      tag = b & 0x3f;
      const o = buf[i + 1];
      if (o < 192) [len, hdr] = [o, 2];
      else if (o < 224) [len, hdr] = [((o - 192) << 8) + buf[i + 2] + 192, 3];
      else [len, hdr] = [buf.readUInt32BE(i + 2), 6];
    } else {
      tag = (b >> 2) & 0xf;
      const t = b & 3;
      const n = [1, 2, 4][t];
      len = n === 1 ? buf[i + 1] : n === 2 ? buf.readUInt16BE(i + 1) : buf.readUInt32BE(i + 1);
      hdr = 1 + n;
    }
    out.push({ tag, bytes: buf.subarray(i, i + hdr + len) });
    i += hdr + len;
  }
  return out;
}

test('hostile: a key with 3000 signature packets → key-too-large, < 3000 ms, < 200 MiB', () => {
  const armored = readFileSync(join(ROOT, 'tests/keys/valid.pub.asc'), 'utf8');
  const body = armored.split(/\r?\n\r?\n/)[1].split('\n').filter((l) => l && !l.startsWith('=') && !l.startsWith('-')).join('');
  const ps = packets(Buffer.from(body, 'base64'));
  const sig = ps.findLast((p) => p.tag === 2);
  const stuffed = Buffer.concat([...ps.map((p) => p.bytes), ...Array(3000).fill(sig.bytes)]);
  const file = join(work(), 'stuffed.key');
  writeFileSync(file, stuffed);
  const got = runCase('key-thousands-of-packets', file);
  assert.equal(got.outcome, 'throw:key-too-large');
  assert.ok(got.ms < 3000, `${got.ms} ms`);
  assert.ok(got.maxRssMiB < 200, `${got.maxRssMiB} MiB`);
});

test('hostile: a compressed bomb (170 MiB of zeros in ~170 KB) → open-too-large, < 30 s, < 900 MiB', { skip: gpgSkip, timeout: 120_000 }, () => {
  const zeros = Buffer.alloc(170 * 1024 * 1024);
  const bomb = gpgEncrypt(zeros, ['--compress-algo', 'zlib', '-z', '9']);
  assert.ok(bomb.length < 1024 * 1024, `${bomb.length} bytes`);
  const file = join(work(), 'bomb.gpg');
  writeFileSync(file, bomb);
  const got = runCase('compressed-bomb', file);
  assert.equal(got.outcome, 'throw:open-too-large');
  assert.ok(got.ms < 30_000, `${got.ms} ms`);
  assert.ok(got.maxRssMiB < 900, `${got.maxRssMiB} MiB`);
});

test('hostile: a 100 000-part MIME message → open-payload-invalid, < 5 s, < 300 MiB', { skip: gpgSkip, timeout: 60_000 }, () => {
  const mime = `Content-Type: multipart/mixed; boundary="B"\r\n\r\n${'--B\r\n\r\nx\r\n'.repeat(100_000)}--B--\r\n`;
  const file = join(work(), 'parts.gpg');
  writeFileSync(file, gpgEncrypt(Buffer.from(mime), ['-z', '0']));
  const got = runCase('mime-100000-parts', file);
  assert.equal(got.outcome, 'throw:open-payload-invalid');
  assert.ok(got.ms < 5000, `${got.ms} ms`);
  assert.ok(got.maxRssMiB < 300, `${got.maxRssMiB} MiB`);
});
