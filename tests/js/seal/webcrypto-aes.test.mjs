// Sealing's bulk encryption on the platform's AES. In the browser entry,
// sealAsync() leaves the AES to WebCrypto (AES-CBC driven as CFB, pkg/lib/webcrypto-seal.js) and
// writes the armor in JavaScript. Checked here in Node, whose globalThis.crypto.subtle is
// WebCrypto: the CFB equals node:crypto's aes-256-cfb byte for byte, the armor decodes back with
// a bit-by-bit CRC24, and GnuPG decrypts what sealAsync() makes (MDC checked). The form's e2e
// test (tests/js/form/reporter-flows.browser.test.mjs) decrypts, with gpg, what the same path makes in Chromium's worker.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cfbEncryptInPlace, cfbStream, armorMessage, armoredLength, finishDeferred, Armorer } from '../../../pkg/lib/webcrypto-seal.js';
import { skipUnless } from '../lib/require.mjs';
import { gpgHome, hasGpg } from '../lib/gpg-home.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
if (!existsSync(join(ROOT, 'pkg/wasm/psirt_report_seal_bg.wasm'))) throw new Error('build pkg/wasm with `make wasm` first');

test('CFB through WebCrypto AES-CBC equals AES-256-CFB (zero IV) for any chunking', async () => {
  for (const total of [1, 15, 16, 17, 100, 4096, 65_536 + 7, 1_048_320 * 2 + 33]) {
    const plain = randomBytes(total);
    const key = randomBytes(32);
    const expected = createCipheriv('aes-256-cfb', key, Buffer.alloc(16)).update(plain);
    // Chunks of random multiples of 16 bytes, the last one whatever is left.
    const chunks = [];
    let at = 0;
    while (at < total) {
      const n = Math.min(total - at, 16 * (1 + Math.floor(Math.random() * 5000)));
      const end = total - at - n < 16 ? total : at + n;
      chunks.push(Uint8Array.from(plain.subarray(at, end)));
      at = end;
    }
    const rawKey = Uint8Array.from(key);
    await cfbEncryptInPlace(rawKey, chunks);
    assert.ok(rawKey.every((b) => b === 0), 'the raw key is wiped once imported');
    assert.deepEqual(Buffer.concat(chunks), expected, `${total} bytes in ${chunks.length} chunks`);
  }
});

test('CFB through WebCrypto, several chunks per call (the first call also yields E(0)), equals AES-256-CFB for any grouping', async () => {
  for (const total of [0, 1, 15, 16, 17, 31, 32, 33, 100, 4096 + 5, 65_536 * 3 + 7]) {
    for (let round = 0; round < 4; round++) {
      const plain = randomBytes(total);
      const key = randomBytes(32);
      const expected = createCipheriv('aes-256-cfb', key, Buffer.alloc(16)).update(plain);
      // Chunks of 0 to 40 blocks (empty ones too), the last one whatever is left; then groups
      // of 1 to 4 chunks per call.
      const chunks = [];
      let at = 0;
      while (at < total) {
        const n = Math.min(total - at, 16 * Math.floor(Math.random() * 41));
        const end = total - at - n < 16 ? total : at + n;
        // Some chunks start off a 4-byte boundary (the XOR's byte-at-a-time path).
        const off = Math.random() < 0.3 ? 1 + Math.floor(Math.random() * 3) : 0;
        const chunk = new Uint8Array(end - at + off).subarray(off);
        chunk.set(plain.subarray(at, end));
        chunks.push(chunk);
        at = end;
      }
      if (chunks.length === 0) chunks.push(new Uint8Array(0));
      const stream = await cfbStream(Uint8Array.from(key));
      for (let c = 0; c < chunks.length; ) {
        const k = Math.min(chunks.length - c, 1 + Math.floor(Math.random() * 4));
        const group = chunks.slice(c, c + k);
        c += k;
        if (group.length === 1 && Math.random() < 0.5) await stream.encrypt(group[0], c === chunks.length);
        else await stream.encryptMany(group, c === chunks.length);
      }
      assert.deepEqual(Buffer.concat(chunks), expected, `${total} bytes in ${chunks.length} chunks`);
    }
  }
});

test('CFB through WebCrypto refuses a partial block before the end', async () => {
  const stream = await cfbStream(randomBytes(32));
  await assert.rejects(stream.encryptMany([new Uint8Array(17), new Uint8Array(16)], true), /only the last chunk/);
  await assert.rejects(stream.encrypt(new Uint8Array(17), false), /only the last chunk/);
});

/** RFC 9580 §6.1, bit by bit (independent of the table the module uses). */
function crc24(bytes) {
  let crc = 0xb704ce;
  for (const b of bytes) {
    crc ^= b << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

test('the armor CRC24 (eight bytes a step) is the definition, for every length and split around a word', () => {
  const data = randomBytes(40);
  for (let len = 0; len <= 40; len++) {
    for (let at = 0; at <= len; at++) {
      const text = armorMessage([data.subarray(0, at), data.subarray(at, len)]);
      const crcLine = text.split('\r\n').find((l) => l.startsWith('='));
      assert.equal(Buffer.from(crcLine.slice(1), 'base64').readUIntBE(0, 3), crc24(data.subarray(0, len)), `${len} split at ${at}`);
    }
  }
});

test('the JavaScript armor has 64-column CRLF lines, decodes back, and carries the right CRC24', () => {
  const parts = [randomBytes(7), randomBytes(1_048_320), randomBytes(49), randomBytes(0), randomBytes(1000)];
  const text = armorMessage(parts);
  const lines = text.split('\r\n');
  assert.equal(lines[0], '-----BEGIN PGP MESSAGE-----');
  assert.equal(lines[1], '');
  const body = lines.slice(2, lines.findIndex((l) => l.startsWith('=')));
  assert.ok(body.slice(0, -1).every((l) => l.length === 64) && body.at(-1).length <= 64);
  assert.deepEqual(Buffer.from(body.join(''), 'base64'), Buffer.concat(parts));
  const crcLine = lines[2 + body.length];
  assert.equal(Buffer.from(crcLine.slice(1), 'base64').readUIntBE(0, 3), crc24(Buffer.concat(parts)));
  assert.equal(lines[3 + body.length], '-----END PGP MESSAGE-----');
  assert.ok(text.endsWith('-----END PGP MESSAGE-----\r\n') && !text.includes('\n\n\n'));
});

/** The armor as RFC 9580 §6 and the seal module write it, from Node's base64 (independent of the 16-bit table). */
function referenceArmor(bytes) {
  const b64 = Buffer.from(bytes).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  const crc = crc24(bytes);
  const crcText = Buffer.from([(crc >> 16) & 0xff, (crc >> 8) & 0xff, crc & 0xff]).toString('base64');
  return `-----BEGIN PGP MESSAGE-----\r\n\r\n${lines.map((l) => `${l}\r\n`).join('')}=${crcText}\r\n-----END PGP MESSAGE-----\r\n`;
}

test('the byte-buffer armor equals the reference text for every length around lines and splits', () => {
  const data = randomBytes(200);
  for (let len = 0; len <= 200; len++) {
    const whole = data.subarray(0, len);
    const expected = referenceArmor(whole);
    assert.equal(armoredLength(len), expected.length, `length of ${len}`);
    for (const at of new Set([0, 1, Math.floor(len / 2), 47, 48, 49, len].filter((x) => x <= len))) {
      assert.equal(armorMessage([whole.subarray(0, at), whole.subarray(at)]), expected, `${len} split at ${at}`);
    }
  }
  const big = randomBytes(1_048_320 * 2 + 7);
  assert.equal(armorMessage([big.subarray(0, 11), big.subarray(11, 1_048_331), big.subarray(1_048_331)]), referenceArmor(big));
});

test('the armor refuses more or fewer bytes than announced (the buffer is sized up front)', () => {
  const a = new Armorer(10);
  a.push(new Uint8Array(6));
  assert.throws(() => a.finishBytes(), RangeError);
  assert.throws(() => a.push(new Uint8Array(5)), RangeError);
});

test('finishDeferred, the seal module\'s shape: one buffer after 16 zero bytes, the MDC (SHA-1) written here, one AES call', async () => {
  for (const size of [2, 13, 16 * 3 + 5, 1_048_576 + 7]) {
    const key = randomBytes(32);
    const head = randomBytes(77);
    const plain = randomBytes(size);
    const buf = new Uint8Array(16 + size + 22);
    buf.set(plain, 16);
    buf.set([0xd3, 0x14], 16 + size); // the MDC packet's header; its 20 bytes left zero
    const parts = { head, inner: [buf], lead: 16, mdc: true, key: Uint8Array.from(key) };
    const { armored, sha256 } = await finishDeferred(parts);
    const withMdc = Buffer.concat([plain, Buffer.from([0xd3, 0x14])]);
    const mdc = createHash('sha1').update(withMdc).digest();
    const cipher = createCipheriv('aes-256-cfb', key, Buffer.alloc(16)).update(Buffer.concat([withMdc, mdc]));
    assert.equal(armored, referenceArmor(Buffer.concat([head, cipher])), `${size} bytes`);
    assert.equal(sha256, createHash('sha256').update(armored, 'latin1').digest('hex'));
    assert.equal(parts.inner[0].length, 0, 'the plaintext buffer is let go');
    assert.ok(buf.every((b) => b === 0), 'and wiped');
  }
  await assert.rejects(finishDeferred({ head: new Uint8Array(1), inner: [new Uint8Array(40).fill(1)], lead: 16, key: randomBytes(32) }), /16 zero bytes/);
});

test('finishDeferred: CFB through WebCrypto, armored, and the SHA-256 of exactly the armored text', async () => {
  const key = randomBytes(32);
  const head = randomBytes(300);
  const plain = randomBytes(1_048_320 * 3 + 21);
  const inner = [plain.subarray(0, 1_048_320), plain.subarray(1_048_320, 2_096_640), plain.subarray(2_096_640, 3_144_960), plain.subarray(3_144_960)].map((c) => Uint8Array.from(c));
  const { armored, sha256 } = await finishDeferred({ head, inner, key: Uint8Array.from(key) });
  const cipher = createCipheriv('aes-256-cfb', key, Buffer.alloc(16)).update(plain);
  assert.equal(armored, referenceArmor(Buffer.concat([head, cipher])));
  assert.equal(sha256, createHash('sha256').update(armored, 'latin1').digest('hex'));
  assert.ok(inner.every((c) => c.length === 0), 'the plaintext chunks are let go');
});

let home;
before(() => {
  if (hasGpg) home = gpgHome();
});
after(() => home?.close());

test(
  'sealAsync (browser entry, WebCrypto) makes what GnuPG decrypts, with the attachment intact, and what open() reads',
  { skip: skipUnless(hasGpg, 'gpg is not installed: the WebCrypto seal is not checked by GnuPG') },
  async () => {
    const web = await import('../../../pkg/web.js');
    await web.init({
      module: readFileSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm')),
      sealModule: readFileSync(join(ROOT, 'pkg/wasm/psirt_report_seal_bg.wasm')),
      open: true,
      openModule: readFileSync(join(ROOT, 'pkg/wasm/psirt_report_open_bg.wasm')),
    });
    const report = readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8');
    const key = readFileSync(join(ROOT, 'keys/demo-psirt.pub.asc'), 'utf8');
    const data = Uint8Array.from(randomBytes(3 * 1024 * 1024 + 5));
    const sealed = await web.sealAsync(report, { key, profile: 'demo', attachments: [{ name: 'capture.bin', data }] });
    // The seal module's own AES (index.js's synchronous seal: no WebCrypto), for comparison.
    const { seal: sealWithModuleAes } = await import('../../../pkg/index.js');
    const sync = sealWithModuleAes(report, { key, profile: 'demo', attachments: [{ name: 'capture.bin', data }] });
    // The same shape as seal()'s, the same .eml around it.
    assert.deepEqual(Object.keys(sealed).sort(), Object.keys(sync).sort());
    assert.equal(sealed.fingerprint, sync.fingerprint);
    assert.ok(sealed.eml.includes(sealed.armored));
    assert.equal(sealed.receipt.sha256, createHash('sha256').update(sealed.armored, 'latin1').digest('hex'), 'the receipt hashes the armored text');
    assert.ok(Math.abs(sealed.armored.length - sync.armored.length) < 8, 'same padded size as the module\'s own cipher');

    const out = home.run(['--decrypt'], { input: sealed.armored, maxBuffer: 64 * 1024 * 1024 });
    const stderr = out.stderr.toString();
    assert.equal(out.status, 0, stderr);
    assert.doesNotMatch(stderr, /integrity protected|MDC|WARNING/);
    const plain = out.stdout.toString('latin1');
    assert.match(plain, /report\.json/);
    assert.match(plain, /capture\.bin/);

    const opened = web.open(Buffer.from(sealed.eml), {
      secretKey: readFileSync(join(ROOT, 'keys/demo-psirt.sec.asc')),
      profile: 'demo',
    });
    assert.equal(opened.report.title, JSON.parse(report).title);
    assert.deepEqual(Buffer.from(opened.attachments.find((a) => a.name === 'capture.bin').data), Buffer.from(data));
  },
);

test(
  'what the browser path seals (WebCrypto, the JavaScript armor) gpg, sqop, rnp and OpenPGP.js decrypt, attachment exact',
  { skip: skipUnless(hasGpg && existsSync('/usr/bin/rnp') && existsSync('/usr/bin/sqop'), 'gpg, rnp or sqop is not installed'), timeout: 120_000 },
  async () => {
    const { PEERS } = await import('../lib/interop/peers.mjs');
    const { leaves } = await import('../lib/interop/mime.mjs');
    const { cleanup } = await import('../lib/interop/keys.mjs');
    const web = await import('../../../pkg/web.js');
    await web.init({
      module: readFileSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm')),
      sealModule: readFileSync(join(ROOT, 'pkg/wasm/psirt_report_seal_bg.wasm')),
    });
    const report = readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8');
    const key = readFileSync(join(ROOT, 'keys/demo-psirt.pub.asc'), 'utf8');
    // Sizes around the armor's lines and the AES blocks, and one over a WebCrypto call.
    try {
      for (const size of [0, 47, 1_048_576 + 5, 17 * 1024 * 1024 + 3]) {
        const data = Uint8Array.from(randomBytes(size));
        const sealed = await web.sealAsync(report, { key, profile: 'demo', attachments: [{ name: 'capture.bin', data }] });
        assert.equal(sealed.receipt.sha256, createHash('sha256').update(sealed.armored, 'latin1').digest('hex'));
        for (const peer of PEERS) {
          const out = await peer.decrypt({ secretKey: join(ROOT, 'keys/demo-psirt.sec.asc') }, Buffer.from(sealed.armored));
          assert.ok(out.ok, `${peer.name}, ${size} bytes: ${out.error}`);
          const att = leaves(out.plaintext).find((p) => p.filename === 'capture.bin');
          assert.ok(att?.data.equals(Buffer.from(data)), `${peer.name}, ${size} bytes: the attachment differs`);
        }
      }
    } finally {
      await cleanup();
    }
  },
);
