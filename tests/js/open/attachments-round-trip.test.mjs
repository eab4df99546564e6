// Sealing with attachments and opening, through the npm API (pkg/node.mjs) and the CLI:
// loadRecipient's shape and refusal codes, seal -> open byte for byte (binary attachments),
// the .eml, `psirt-report open` writing files safely. Needs `make wasm` first.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
if (!existsSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm'))) throw new Error('build pkg/wasm with `make wasm` first');
const CLI = join(ROOT, 'pkg/cli/main.mjs');
const api = await import('../../../pkg/node.mjs');
const { seal, open, loadRecipient, KeyError } = api;

const read = (p) => readFileSync(join(ROOT, p), 'utf8');
const demoKey = read('keys/demo-psirt.pub.asc');
const demoSecret = read('keys/demo-psirt.sec.asc');
const DEMO_FPR = '396FA1D1E0E2C121462B0DF79B5573C2D06F7269';
const report = () => JSON.parse(read('examples/valid-vulnerability.json'));
const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);

let dir;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'psirt-open-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('loadRecipient', () => {
  test('the demo key: camelCase fields, ISO times', () => {
    const r = loadRecipient(demoKey, { profile: 'demo' });
    assert.equal(r.fingerprint, DEMO_FPR);
    assert.equal(r.version, 4);
    assert.match(r.created, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    for (const k of ['encryptionKey', 'userIds', 'algorithm', 'expires', 'encryptionKeyExpires']) assert.ok(k in r, k);
    // Binary bytes work too.
    assert.equal(loadRecipient(new TextEncoder().encode(demoKey), { profile: 'demo' }).fingerprint, DEMO_FPR);
  });

  test('each refused fixture has its own code', () => {
    const fpr = (name) => {
      // The pin is the fixture's own fingerprint: what is judged is its validity, not the pin.
      try {
        return loadRecipient(read(`tests/keys/${name}`), { pin: '0'.repeat(40) });
      } catch (e) {
        return /its fingerprint is ([0-9A-F ]+),/.exec(e.message)[1].replace(/ /g, '');
      }
    };
    const cases = {
      'revoked.pub.asc': 'key-revoked',
      'expired.pub.asc': 'key-expired',
      'expired-subkey.pub.asc': 'key-encryption-subkey-expired',
      'sign-only.pub.asc': 'key-no-encryption-key',
    };
    for (const [name, code] of Object.entries(cases)) {
      assert.throws(() => loadRecipient(read(`tests/keys/${name}`), { pin: fpr(name) }), (e) => {
        assert.ok(e instanceof KeyError, name);
        assert.equal(e.code, code, name);
        return true;
      });
    }
    const expired = read('tests/keys/expired.pub.asc');
    assert.ok(loadRecipient(expired, { pin: fpr('expired.pub.asc'), now: '2020-01-01T12:00:00Z' }).expires);
  });
});

describe('seal and open', () => {
  test('round trip, byte for byte, through the .asc and the .eml', () => {
    const big = new Uint8Array(3 * 1024 * 1024 + 1).map((_, i) => (i * 2654435761) >>> 24);
    const attachments = [
      { name: 'all-bytes.bin', data: allBytes },
      { name: 'screen shot é.png', mediaType: 'image/png', data: allBytes.subarray(0, 10) },
      { name: 'big.pcap', mediaType: 'application/vnd.tcpdump.pcap', data: big },
    ];
    const sealed = seal(report(), { key: demoKey, profile: 'demo', attachments });
    assert.ok(sealed.eml.includes(sealed.armored));
    assert.match(sealed.eml, /multipart\/encrypted; protocol="application\/pgp-encrypted"/);
    assert.equal(sealed.recipient.fingerprint, DEMO_FPR);
    for (const input of [sealed.armored, sealed.eml]) {
      const o = open(input, { secretKey: demoSecret, profile: 'demo' });
      assert.deepEqual(o.report, report());
      assert.equal(o.subject, report().title);
      assert.ok(o.diagnostics.valid);
      assert.equal(o.recipient, DEMO_FPR);
      assert.equal(o.attachments.length, 3);
      attachments.forEach((a, i) => {
        assert.equal(o.attachments[i].name, a.name);
        assert.ok(Buffer.from(o.attachments[i].data).equals(Buffer.from(a.data)), a.name);
      });
    }
  });

  test('a tampered message and a message for another key have their own codes', () => {
    const sealed = seal(report(), { key: demoKey, profile: 'demo' });
    const other = read('tests/keys/valid.sec.asc');
    assert.throws(() => open(sealed.armored, { secretKey: other }), { code: 'open-not-for-this-key' });
    const lines = sealed.armored.split('\r\n');
    const i = Math.floor(lines.length / 2);
    const c = lines[i][10];
    lines[i] = lines[i].slice(0, 10) + (c === 'A' ? 'B' : 'A') + lines[i].slice(11);
    const tampered = lines.filter((l) => !/^=[A-Za-z0-9+/]{4}$/.test(l)).join('\r\n');
    assert.throws(() => open(tampered, { secretKey: demoSecret, profile: 'demo' }), { code: 'open-tampered' });
  });

  test('bad attachments are refused', () => {
    assert.throws(
      () => seal(report(), { key: demoKey, profile: 'demo', attachments: [{ name: '../x', data: allBytes }] }),
      { code: 'attachment-refused' },
    );
    assert.throws(() => seal(report(), { key: demoKey, profile: 'demo', attachments: [{ name: 'x' }] }), {
      code: 'input-type',
    });
  });
});

describe('CLI seal --attach, open', () => {
  const run = (args) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });

  test('seal --out writes .asc and .eml; open --out writes report.json and attachments, never overwriting', () => {
    const att = join(dir, 'evil name.bin');
    writeFileSync(att, allBytes);
    const out = join(dir, 'sealed');
    const s = run(['seal', 'examples/valid-vulnerability.json', '--key', 'keys/demo-psirt.pub.asc', '--demo', '--out', out, '--attach', att]);
    assert.equal(s.status, 0, s.stderr);
    assert.deepEqual(readdirSync(out).sort(), ['valid-vulnerability.asc', 'valid-vulnerability.eml']);
    const intake = join(dir, 'intake');
    for (const msg of ['valid-vulnerability.asc', 'valid-vulnerability.eml']) {
      const o = run(['open', join(out, msg), '--secret-key', 'keys/demo-psirt.sec.asc', '--demo', '--out', intake, '--json']);
      assert.equal(o.status, 0, o.stderr);
      const j = JSON.parse(o.stdout);
      assert.equal(j.recipient, DEMO_FPR);
      assert.ok(readFileSync(j.attachments[0].path).equals(Buffer.from(allBytes)));
    }
    // Opened twice into the same DIR: the second copy got new names, nothing was overwritten.
    assert.deepEqual(readdirSync(intake).sort(), ['evil name-1.bin', 'evil name.bin', 'report-1.json', 'report.json']);
    assert.deepEqual(JSON.parse(readFileSync(join(intake, 'report.json'), 'utf8')), report());
  });

  test('every refused key exits 3 with its own code', () => {
    // Each fixture pinned by its own fingerprint: what is refused is the key, not the pin.
    const pinOf = (name) => {
      try {
        loadRecipient(read(`tests/keys/${name}`), { pin: '0'.repeat(40) });
      } catch (e) {
        const m = /its fingerprint is ([0-9A-F ]+),/.exec(e.message);
        if (m) return m[1].replace(/ /g, '');
      }
      return '0'.repeat(40);
    };
    const cases = {
      'revoked.pub.asc': 'key-revoked',
      'expired.pub.asc': 'key-expired',
      'expired-subkey.pub.asc': 'key-encryption-subkey-expired',
      'sign-only.pub.asc': 'key-no-encryption-key',
      'many-uids.pub.asc': 'key-too-large',
      'bad-self-signature.pub.asc': 'key-bad-self-signature',
      'wrong-checksum.pub.asc': 'key-unreadable',
      'truncated.pub.asc': 'key-unreadable',
      'valid.sec.asc': 'key-secret-given',
    };
    const validPin = pinOf('valid.pub.asc');
    for (const [name, code] of Object.entries(cases)) {
      const pin = ['bad-self-signature.pub.asc', 'wrong-checksum.pub.asc', 'truncated.pub.asc', 'valid.sec.asc'].includes(name)
        ? validPin
        : pinOf(name);
      const r = run(['seal', 'examples/valid-vulnerability.json', '--key', `tests/keys/${name}`, '--pin', pin]);
      assert.equal(r.status, 3, `${name}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(code), name);
      assert.equal(r.stdout, '', name);
    }
    const wrong = run(['seal', 'examples/valid-vulnerability.json', '--key', 'tests/keys/valid.pub.asc', '--pin', pinOf('revoked.pub.asc')]);
    assert.equal(wrong.status, 3);
    assert.match(wrong.stderr, /key-fingerprint-mismatch/);
  });

  test('open exit codes: 3 not for this key, 1 tampered, 2 not a message', () => {
    const s = run(['seal', 'examples/valid-vulnerability.json', '--key', 'keys/demo-psirt.pub.asc', '--demo']);
    const msg = join(dir, 'm.asc');
    writeFileSync(msg, s.stdout);
    const other = run(['open', msg, '--secret-key', 'tests/keys/valid.sec.asc', '--demo']);
    assert.equal(other.status, 3, other.stderr);
    assert.match(other.stderr, /open-not-for-this-key/);
    const lines = s.stdout.split('\r\n').filter((l) => !/^=[A-Za-z0-9+/]{4}$/.test(l));
    const i = Math.floor(lines.length / 2);
    lines[i] = (lines[i][0] === 'A' ? 'B' : 'A') + lines[i].slice(1);
    const bad = join(dir, 'bad.asc');
    writeFileSync(bad, lines.join('\r\n'));
    const out = join(dir, 'none');
    const t = run(['open', bad, '--secret-key', 'keys/demo-psirt.sec.asc', '--demo', '--out', out]);
    assert.equal(t.status, 1, t.stderr);
    assert.match(t.stderr, /open-tampered/);
    assert.ok(!existsSync(out) || readdirSync(out).length === 0, 'nothing written for a tampered message');
    const junk = join(dir, 'junk.asc');
    writeFileSync(junk, 'not a message');
    assert.equal(run(['open', junk, '--secret-key', 'keys/demo-psirt.sec.asc']).status, 2);
  });
});
