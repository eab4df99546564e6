// `psirt-report intake`: what it accepts (a sealed report, as the armored message or the .eml,
// stored as an .eml in the Maildir that `open --maildir` and GnuPG read), every refusal with its
// code and status, what it logs (never an address, a User-Agent or a body), CORS, metrics, and
// the hostile cases: a 1 GB body cut at the limit, slow bodies, too many connections, headers
// over the limit, malformed stamps, a replay after a restart.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  api,
  BITS,
  CLI,
  ROOT,
  IMPOSTOR_PUB,
  createIntake,
  mint,
  post,
  rawRequest,
  sealed,
  startIntake,
  tempDir,
  variants,
  spawnIntake,
} from '../lib/intake.mjs';
import { gpgHome, hasGpg } from '../lib/gpg-home.mjs';
import { skipUnless } from '../lib/require.mjs';

const work = tempDir();
after(() => rmSync(work, { recursive: true, force: true }));
const SECRET = join(ROOT, 'keys/demo-psirt.sec.asc');

const one = sealed('PLAINTEXT-MARKER-1', 1);
const main = await startIntake({ maildir: join(work, 'main') });
after(() => main.intake.close());

const files = (dir, sub = 'new') => readdirSync(join(dir, sub)).filter((n) => !n.startsWith('.'));

test('a sealed report with its stamp: 202 {id, sha256, received_at} once stored; the .eml in new/ opens with open --maildir and gpg', async () => {
  const stamp = await mint(one.armored, main.url);
  const before = files(main.maildir).length;
  const r = await post(main.url, one.armored, { 'psirt-stamp': stamp });
  assert.equal(r.status, 202, r.body);
  assert.deepEqual(Object.keys(r.json).sort(), ['id', 'received_at', 'sha256']);
  assert.equal(r.json.sha256, one.receipt.sha256, "the intake's SHA-256 is the reporter's receipt's");
  assert.ok(!Number.isNaN(Date.parse(r.json.received_at)));
  const stored = files(main.maildir);
  assert.equal(stored.length, before + 1);
  assert.deepEqual(files(main.maildir, 'tmp'), []);
  const eml = readFileSync(join(main.maildir, 'new', stored.find((n) => readFileSync(join(main.maildir, 'new', n), 'latin1').includes(`<${r.json.id}@`))), 'latin1');
  assert.match(eml, /^X-Psirt-Intake: stamp=[0-9a-f]{64}; sha256=[0-9a-f]{64}; received=\S+\r\nTo: psirt@psirt-demo\.example\r\nSubject: Encrypted report\r\n/);
  assert.ok(!eml.includes(stamp), 'the stamp itself is not stored, only its hash');
  assert.match(eml, /Content-Type: multipart\/encrypted; protocol="application\/pgp-encrypted"/);
  assert.ok(eml.includes(one.armored.trimEnd()), 'the armored message is stored byte for byte');
  assert.ok(!eml.includes('PLAINTEXT-MARKER'), 'nothing of the report outside the ciphertext');

  const opened = spawnSync(process.execPath, [CLI, 'open', '--maildir', main.maildir, '--secret-key', SECRET, '--demo', '--json'], { encoding: 'utf8' });
  assert.equal(opened.status, 0, opened.stderr);
  const out = JSON.parse(opened.stdout);
  assert.ok(out.messages.some((m) => m.subject?.includes('PLAINTEXT-MARKER-1')), opened.stdout.slice(0, 500));
});

test('reports stored in the same second: each .eml is byte for byte what the core writes for its own id, date and boundary', async () => {
  // The intake writes the envelope once a second and fills in each report's Message-ID and
  // boundary: the files must not differ from the core's pgpMime() for the same values.
  const batch = Array.from({ length: 6 }, (_, i) => sealed('PLAINTEXT-MARKER-SAME-SECOND', 100 + i));
  const answers = await Promise.all(batch.map(async (m) => post(main.url, m.armored, { 'psirt-stamp': await mint(m.armored, main.url) })));
  const stored = new Map(files(main.maildir).map((n) => [n, readFileSync(join(main.maildir, 'new', n), 'latin1')]));
  const boundaries = new Set();
  answers.forEach((r, i) => {
    assert.equal(r.status, 202, r.body);
    const eml = [...stored.values()].find((text) => text.includes(`Message-ID: <${r.json.id}@`));
    assert.ok(eml, `the file of ${r.json.id}`);
    const boundary = /boundary="([^"]+)"/.exec(eml)[1];
    boundaries.add(boundary);
    const header = /^X-Psirt-Intake: [^\r]*\r\n/.exec(eml)[0];
    const now = Math.floor(Date.parse(r.json.received_at) / 1000);
    const expected = api.pgpMime(batch[i].armored, { to: 'psirt@psirt-demo.example', subject: 'Encrypted report', now, messageId: r.json.id, boundary });
    assert.equal(eml, header + expected, `report ${i}: the core's envelope, byte for byte`);
  });
  assert.equal(boundaries.size, batch.length, 'a boundary of its own per report');
});

test('a French intake\'s subject is written RFC 2047-encoded; a line break in it is refused', () => {
  // The intake of a French profile names its mails "Rapport chiffré": the core refused any
  // subject that was not plain ASCII, so such an intake answered 500 to every report.
  const envelope = { to: 'psirt@psirt-demo.example', subject: 'Rapport chiffré', now: 1_700_000_000, messageId: 'id-1', boundary: '=_outer_1' };
  const eml = api.pgpMime('-----BEGIN PGP MESSAGE-----\n\nwV4D\n-----END PGP MESSAGE-----\n', envelope);
  const subject = /^Subject: ([^\r]*)\r\n/m.exec(eml)[1];
  assert.match(subject, /^=\?utf-8\?[bq]\?/i, subject);
  const [, charset, kind, text] = /^=\?([^?]+)\?([bq])\?([^?]*)\?=$/i.exec(subject);
  assert.equal(charset.toLowerCase(), 'utf-8');
  const decoded = kind.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : decodeURIComponent(text.replaceAll('_', ' ').replace(/=([0-9A-F]{2})/gi, '%$1'));
  assert.equal(decoded, 'Rapport chiffré');
  assert.ok(/^[\x20-\x7e\r\n]*$/.test(eml.slice(0, eml.indexOf('\r\n\r\n'))), 'the header block is ASCII');
  assert.throws(() => api.pgpMime('x', { ...envelope, subject: 'Rapport\r\nBcc: someone@example.org' }), (e) => e.code === 'input-type');
});

test('GnuPG decrypts what the intake stored', { skip: skipUnless(hasGpg, 'gpg is not installed') }, () => {
  const gpg = gpgHome();
  try {
    const name = files(main.maildir)[0];
    // The stored .eml file as it is: GnuPG finds the message in the mail.
    const r = gpg.run(['--decrypt', join(main.maildir, 'new', name)], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /PLAINTEXT-MARKER/);
  } finally {
    gpg.close();
  }
});

test('the .eml (message/rfc822) is accepted too, re-enveloped: nothing outside the armored block is kept', async () => {
  const s = sealed('PLAINTEXT-MARKER-2', 2);
  const stamp = await mint(s.armored, main.url);
  const eml = `From: someone@example.org\r\nX-Leak: PLAINTEXT-MARKER-HEADER\r\n${s.eml}`;
  const r = await post(main.url, eml, { 'content-type': 'message/rfc822', 'psirt-stamp': stamp });
  assert.equal(r.status, 202, r.body);
  assert.equal(r.json.sha256, s.receipt.sha256, 'the armored block found in the mail is the sealed message');
  const stored = files(main.maildir).map((n) => readFileSync(join(main.maildir, 'new', n), 'latin1')).find((t) => t.includes(`<${r.json.id}@`));
  assert.ok(!stored.includes('PLAINTEXT-MARKER-HEADER') && !stored.includes('someone@example.org'));
});

/** Each refusal: [name, request builder, code, status]. */
const v = variants(one.armored);
const other = sealed('PLAINTEXT-MARKER-3', 3);
const refusals = [
  ['unsupported media type', async () => [one.armored, { 'content-type': 'text/plain', 'psirt-stamp': await mint(one.armored, main.url) }], 'unsupported-media-type', 415],
  ['not OpenPGP', async () => ['hello PLAINTEXT-MARKER', { 'psirt-stamp': await mint('hello PLAINTEXT-MARKER', main.url) }], 'not-openpgp', 400],
  ['a literal data packet (plaintext)', async () => [v.literal, { 'psirt-stamp': await mint(v.literal, main.url) }], 'plaintext', 422],
  ['compressed data outside the encryption', async () => [v.compressedOutside, { 'psirt-stamp': await mint(v.compressedOutside, main.url) }], 'plaintext', 422],
  ['password only (SKESK)', async () => [v.skeskOnly, { 'psirt-stamp': await mint(v.skeskOnly, main.url) }], 'password-encrypted', 422],
  ['the PSIRT and a password', async () => [v.skeskAndPkesk, { 'psirt-stamp': await mint(v.skeskAndPkesk, main.url) }], 'password-encrypted', 422],
  ['no encrypted data', async () => [v.pkeskOnly, { 'psirt-stamp': await mint(v.pkeskOnly, main.url) }], 'not-encrypted', 422],
  ['legacy SED packet, no integrity', async () => [v.sed, { 'psirt-stamp': await mint(v.sed, main.url) }], 'no-integrity', 422],
  ['more recipients than allowed', async () => [v.twoPkesks, { 'psirt-stamp': await mint(v.twoPkesks, main.url) }], 'too-many-recipients', 422, { maxRecipients: 1 }],
  ['stamp missing', async () => [other.armored, {}], 'stamp-missing', 400],
  ['stamp malformed', async () => [other.armored, { 'psirt-stamp': 'psirt1:6:nope' }], 'stamp-malformed', 400],
  ['stamp insufficient', async () => [other.armored, { 'psirt-stamp': await api.mintStamp(other.armored, { bits: 2, audience: main.url }) }], 'stamp-insufficient', 403],
  ['stamp for another message', async () => [other.armored, { 'psirt-stamp': await mint(one.armored, main.url) }], 'stamp-wrong-message', 403],
  ['stamp for another intake', async () => [other.armored, { 'psirt-stamp': await mint(other.armored, 'https://elsewhere.example/reports') }], 'stamp-wrong-audience', 403],
  ['stamp naming no intake', async () => [other.armored, { 'psirt-stamp': await api.mintStamp(other.armored, { bits: BITS }) }], 'stamp-wrong-audience', 403],
  ['stamp expired', async () => [other.armored, { 'psirt-stamp': await mint(other.armored, main.url, { date: Date.now() - 2 * 86400_000 }) }], 'stamp-expired', 403],
  ['stamp in the future', async () => [other.armored, { 'psirt-stamp': await mint(other.armored, main.url, { date: Date.now() + 3600_000 }) }], 'stamp-future', 403],
];

test('every refusal has its stable code and status, and stores nothing', async (t) => {
  const strict = await startIntake({ maildir: join(work, 'strict'), maxRecipients: 1 });
  t.after(() => strict.intake.close());
  for (const [name, build, code, status, opts] of refusals) {
    const target = opts ? strict : main;
    const [body, headers] = await build();
    // Stamps were minted for main.url; the strict intake's audience differs: re-mint for it.
    if (opts && headers['psirt-stamp']) headers['psirt-stamp'] = await mint(body, strict.url);
    const before = files(target.maildir).length;
    const r = await post(target.url, body, headers);
    assert.equal(r.json?.code, code, `${name}: ${r.status} ${r.body}`);
    assert.equal(r.status, status, name);
    assert.equal(typeof r.json.message, 'string');
    assert.equal(files(target.maildir).length, before, `${name}: nothing stored`);
  }
});

test('a report sealed to another key is refused: the relay carries mail for the PSIRT only', async () => {
  const fp = '8F181DC20348E31187EFF6C5E5907662FE947699'; // keys/impostor.pub.asc
  let foreign;
  try {
    foreign = api.seal(JSON.parse(readFileSync(join(ROOT, 'examples/valid-vulnerability.json'), 'utf8')), { profile: 'demo', key: IMPOSTOR_PUB, pin: fp });
  } catch (e) {
    assert.fail(`sealing to the impostor key failed: ${e.code}`);
  }
  const r = await post(main.url, foreign.armored, { 'psirt-stamp': await mint(foreign.armored, main.url) });
  assert.equal(r.status, 422);
  assert.equal(r.json.code, 'not-for-psirt');
});

test('a replayed stamp is refused (409, with the receipt it bought), also after a restart', async () => {
  const dir = join(work, 'replay');
  const first = await startIntake({ maildir: dir, publicUrl: 'http://intake.test/reports' });
  const s = sealed('PLAINTEXT-MARKER-4', 4);
  const stamp = await mint(s.armored, 'http://intake.test/reports');
  const ok = await post(first.url, s.armored, { 'psirt-stamp': stamp });
  assert.equal(ok.status, 202, ok.body);
  const again = await post(first.url, s.armored, { 'psirt-stamp': stamp });
  assert.equal(again.status, 409);
  assert.equal(again.json.code, 'stamp-replayed');
  assert.deepEqual(again.json.receipt, ok.json);
  await first.intake.close();
  const second = await startIntake({ maildir: dir, publicUrl: 'http://intake.test/reports' });
  t_after(() => second.intake.close());
  const later = await post(second.url, s.armored, { 'psirt-stamp': stamp });
  assert.equal(later.json.code, 'stamp-replayed', 'the replay store survived the restart');
  assert.equal(files(dir).length, 1);
  // Two requests with one stamp at the same time: exactly one is stored.
  const s2 = sealed('PLAINTEXT-MARKER-5', 5);
  const stamp2 = await mint(s2.armored, 'http://intake.test/reports');
  const both = await Promise.all([1, 2, 3].map(() => post(second.url, s2.armored, { 'psirt-stamp': stamp2 })));
  assert.deepEqual(both.map((b) => b.status).sort(), [202, 409, 409]);
  assert.equal(files(dir).length, 2);
});
const cleanups = [];
const t_after = (fn) => cleanups.push(fn);
after(async () => {
  for (const fn of cleanups) await fn();
});

test('rate limit: 429 with Retry-After, keyed per address, before the body is read', async (t) => {
  const limited = await startIntake({ maildir: join(work, 'rate'), rate: { perMinute: 2, burst: 2 } });
  t.after(() => limited.intake.close());
  const codes = [];
  let retry;
  for (let i = 0; i < 4; i++) {
    const r = await post(limited.url, 'x', {});
    codes.push(r.json.code);
    if (r.status === 429) retry = r.headers['retry-after'];
  }
  assert.deepEqual(codes, ['stamp-missing', 'stamp-missing', 'rate-limited', 'rate-limited']);
  assert.match(retry, /^\d+$/);
  assert.ok(Number(retry) >= 1);
});

test('not found, wrong method, /healthz, /metrics (Prometheus text), CORS for configured origins only, no cookies', async (t) => {
  const c = await startIntake({ maildir: join(work, 'cors'), allowOrigins: ['https://psirt.example'] });
  t.after(() => c.intake.close());
  const base = c.url.replace(/\/reports$/, '');
  assert.equal((await post(`${base}/nope`, 'x')).json.code, 'not-found');
  const get = await post(c.url, undefined, {}, { method: 'GET' });
  assert.equal(get.status, 405);
  assert.equal(get.json.code, 'method-not-allowed');
  const health = await post(`${base}/healthz`, undefined, {}, { method: 'GET' });
  assert.equal(health.status, 200);
  const pre = await post(c.url, undefined, { origin: 'https://psirt.example', 'access-control-request-method': 'POST' }, { method: 'OPTIONS' });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers['access-control-allow-origin'], 'https://psirt.example');
  assert.match(pre.headers['access-control-allow-headers'], /psirt-stamp/);
  const foreign = await post(c.url, undefined, { origin: 'https://evil.example' }, { method: 'OPTIONS' });
  assert.equal(foreign.headers['access-control-allow-origin'], undefined);
  const s = sealed('PLAINTEXT-MARKER-6', 6);
  const ok = await post(c.url, s.armored, { origin: 'https://psirt.example', 'psirt-stamp': await mint(s.armored, c.url) });
  assert.equal(ok.status, 202);
  assert.equal(ok.headers['access-control-allow-origin'], 'https://psirt.example');
  for (const r of [pre, foreign, ok, health, get]) assert.equal(r.headers['set-cookie'], undefined);
  const metrics = await post(`${base}/metrics`, undefined, {}, { method: 'GET' });
  assert.match(metrics.headers['content-type'], /^text\/plain; version=0\.0\.4/);
  assert.match(metrics.body, /^psirt_intake_requests_total\{outcome="accepted"\} 1$/m);
  assert.match(metrics.body, /^psirt_intake_requests_total\{outcome="not-found"\} 1$/m);
  assert.match(metrics.body, /^psirt_intake_spool_messages 1$/m);
  assert.match(metrics.body, /^# TYPE psirt_intake_spool_messages gauge$/m);
});

test('logs: time, id, size, outcome — no address, no User-Agent, no body', async () => {
  const s = sealed('PLAINTEXT-MARKER-7', 7);
  await post(main.url, s.armored, { 'user-agent': 'UA-MARKER/1.0', 'psirt-stamp': await mint(s.armored, main.url) });
  await post(main.url, 'PLAINTEXT-MARKER-BODY', { 'user-agent': 'UA-MARKER/1.0', 'psirt-stamp': await mint('PLAINTEXT-MARKER-BODY', main.url) });
  const text = JSON.stringify(main.logs);
  assert.ok(main.logs.some((l) => l.outcome === 'accepted' && l.id && l.size > 0 && l.time));
  for (const bad of ['127.0.0.1', '::1', 'UA-MARKER', 'PLAINTEXT-MARKER', 'BEGIN PGP']) assert.ok(!text.includes(bad), bad);
  for (const l of main.logs) for (const k of Object.keys(l)) assert.ok(['time', 'id', 'size', 'outcome', 'error'].includes(k), k);
});

test('hostile: a 1 GB body is cut at the size limit without being read', async (t) => {
  const small = await startIntake({ maildir: join(work, 'big'), maxBytes: 1024 * 1024, stampBits: 0 });
  t.after(() => small.intake.close());
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  const total = 1024 * 1024 * 1024;
  let sent = 0;
  const result = await new Promise((resolve) => {
    const req = request(small.url, { method: 'POST', headers: { 'content-type': 'application/pgp-encrypted', 'transfer-encoding': 'chunked' } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', () => resolve({ status: 'reset' }));
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
  assert.equal(result.status, 413, JSON.stringify(result));
  assert.equal(JSON.parse(result.body).code, 'too-large');
  assert.ok(sent < 64 * 1024 * 1024, `the client could push only ${sent} bytes before the cut (not the whole GB)`);
  // With a Content-Length over the limit: refused before any body byte is read.
  const declared = await rawRequest(small.port, `POST /reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/pgp-encrypted\r\nContent-Length: ${total}\r\n\r\n`);
  assert.match(declared, /^HTTP\/1\.1 413 /);
  assert.match(declared, /"code":"too-large"/);
  assert.deepEqual(files(small.maildir, 'tmp'), []);
});

test('hostile: bodies slower than the floor get 408 body-too-slow; a thousand slow connections meet the cap', async (t) => {
  const slow = await startIntake({ maildir: join(work, 'slow'), stampBits: 0, minBytesPerSecond: 1000, graceMs: 300, maxConnections: 200 });
  t.after(() => slow.intake.close());
  const answer = await new Promise((resolve) => {
    const req = request(slow.url, { method: 'POST', headers: { 'content-type': 'application/pgp-encrypted', 'content-length': 100000 } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', () => resolve({ status: 'reset' }));
    req.write('-----BEGIN PGP'); // then nothing more
  });
  assert.equal(answer.status, 408);
  assert.equal(JSON.parse(answer.body).code, 'body-too-slow');

  // A thousand connections that send nothing: past the cap each is answered 503 and closed,
  // and the intake still answers a real request once they are gone.
  const { connect } = await import('node:net');
  const sockets = [];
  const answers = [];
  await Promise.all(
    Array.from({ length: 1000 }, () => new Promise((resolve) => {
      const s = connect(slow.port, '127.0.0.1', resolve);
      s.on('data', (d) => answers.push(d.toString('latin1')));
      s.on('error', () => resolve());
      sockets.push(s);
    })),
  );
  // Wait for the answers (a fixed pause was too short on a loaded machine), not for a time.
  const refused = () => answers.filter((a) => a.includes('"code":"too-many-connections"')).length;
  for (const deadline = Date.now() + 30_000; refused() < 700 && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 50));
  assert.ok(refused() >= 700, `${answers.length} answers`);
  for (const s of sockets) s.destroy();
  await new Promise((r) => setTimeout(r, 300));
  const health = await post(slow.url.replace(/\/reports$/, '/healthz'), undefined, {}, { method: 'GET' });
  assert.equal(health.status, 200);
});

test('hostile: headers over the limit get 431 headers-too-large; malformed stamps are refused before the body', async () => {
  const big = await rawRequest(main.port, `POST /reports HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40 * 1024)}\r\n\r\n`);
  assert.match(big, /^HTTP\/1\.1 431 /);
  assert.match(big, /"code":"headers-too-large"/);
  for (const bad of ['', 'psirt2', 'psirt2:6:20260101000000:!!!:x:y:0', `psirt1:6:20269999000000:${'a'.repeat(64)}:${'A'.repeat(16)}:0`, 'x'.repeat(5000)]) {
    const r = await post(main.url, 'not read', { 'psirt-stamp': bad });
    assert.ok(['stamp-malformed', 'stamp-missing'].includes(r.json.code), `${bad.slice(0, 40)}: ${r.body}`);
  }
});

test('a full disk (a small tmpfs, or ENOSPC simulated where mount is not allowed): 507 storage-full, no partial file, the intake keeps answering', async (t) => {
  const mnt = join(work, 'full');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(mnt);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mnt]).status === 0;
  if (mounted) t.after(() => spawnSync('umount', ['-l', mnt]));
  else {
    // No mount here (not root, or no privilege): the disk fills up by simulation instead — every
    // write into this Maildir's tmp/ after the first 8 fails with ENOSPC, as a full disk does.
    const { promises } = await import('node:fs');
    const open = promises.open;
    let writes = 0;
    promises.open = async (path, ...rest) => {
      const handle = await open(path, ...rest);
      if (String(path).startsWith(join(mnt, 'Maildir', 'tmp')) && ++writes > 8) {
        handle.writeFile = async () => {
          throw Object.assign(new Error('ENOSPC: no space left on device (simulated)'), { code: 'ENOSPC' });
        };
      }
      return handle;
    };
    t.after(() => {
      promises.open = open;
    });
    t.diagnostic('no tmpfs could be mounted: ENOSPC simulated');
  }
  const full = await startIntake({ maildir: join(mnt, 'Maildir') });
  t.after(() => full.intake.close());
  const codes = [];
  for (let i = 0; i < 40 && !codes.includes('storage-full'); i++) {
    const s = sealed(`PLAINTEXT-MARKER-F${i}`, i, { attachments: [{ name: 'a.bin', mediaType: 'application/octet-stream', data: new Uint8Array(20000).map((_, j) => (j * 7919 + i) & 0xff) }] });
    const r = await post(full.url, s.armored, { 'psirt-stamp': await mint(s.armored, full.url) });
    codes.push(r.json.code ?? r.status);
    if (r.json.code === 'storage-full') assert.equal(r.status, 507);
  }
  assert.ok(codes.includes('storage-full'), codes.join(','));
  assert.deepEqual(files(full.maildir, 'tmp'), [], 'no partial file left');
  for (const n of files(full.maildir)) assert.match(readFileSync(join(full.maildir, 'new', n), 'latin1'), /-----END PGP MESSAGE-----\r\n\r\n--=_psirt_intake_[0-9a-f]+--\r\n$/);
  const health = await post(full.url.replace(/\/reports$/, '/healthz'), undefined, {}, { method: 'GET' });
  assert.equal(health.status, 200);
});

test('a spool that cannot be written: the intake refuses to start and says why (exit 2)', async () => {
  const blocker = join(work, 'a-file');
  writeFileSync(blocker, 'not a folder');
  const run = spawnIntake(['--demo', '--listen', '127.0.0.1:0', '--maildir', join(blocker, 'Maildir')]);
  run.ready.catch(() => {});
  const { code, stderr } = await run.exited;
  assert.equal(code, 2);
  assert.match(stderr, /spool|Maildir/);
  assert.match(stderr, /not writable/);
  assert.match(stderr, /not started/);
});

test('bulk --post speaks the contract: a stamp per report for that intake, the receipts in the journal and summary.json', { timeout: 120_000 }, async () => {
  const { mkdirSync } = await import('node:fs');
  const { makeReport, runCli, DEMO_KEY, TODAY } = await import('../lib/bulk.mjs');
  const src = join(work, 'bulk-src');
  mkdirSync(src);
  for (let i = 0; i < 3; i++) writeFileSync(join(src, `r${i}.json`), JSON.stringify(makeReport('PLAINTEXT-MARKER-BULK', i)));
  const out = join(work, 'bulk-out');
  const before = files(main.maildir).length;
  const r = await runCli(['bulk', src, '--out', out, '--demo', '--key', DEMO_KEY, '--today', TODAY, '--post', main.url, '--stamp-bits', String(BITS), '--json']);
  assert.equal(r.status, 0, r.stderr + r.stdout.slice(0, 2000));
  assert.equal(files(main.maildir).length, before + 3);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  for (const rep of summary.reports) {
    assert.equal(rep.status, 'sent');
    assert.equal(rep.receipt.sha256, rep.sha256, "the intake's SHA-256 is the sealed .asc's");
    assert.match(rep.receipt.id, /^[0-9a-f-]{36}$/);
    assert.equal(rep.stamp, undefined, 'the stamp is in the journal, not the summary');
  }
  const journal = readFileSync(join(out, 'journal.jsonl'), 'utf8');
  assert.match(journal, /"receipt":\{"id":"[0-9a-f-]{36}"/);
  // A second run sends nothing twice.
  const again = await runCli(['bulk', src, '--out', out, '--demo', '--key', DEMO_KEY, '--today', TODAY, '--post', main.url, '--stamp-bits', String(BITS), '--json']);
  assert.equal(again.status, 0);
  assert.equal(files(main.maildir).length, before + 3);
});

test('forwarding by SMTP: the mail system down, the queue holds; back up, each report is delivered once (the CLI)', { timeout: 120_000 }, async () => {
  const { createServer: createTcp, connect: tcpConnect } = await import('node:net');
  const { smtpServer } = await import('../lib/bulk.mjs');
  const smtp = await smtpServer();
  // A port nobody listens on yet: the "mail system" is down until the relay starts there.
  const probe = createTcp();
  await new Promise((r) => probe.listen(0, '127.0.0.1', r));
  const relayPort = probe.address().port;
  await new Promise((r) => probe.close(r));
  const dir = join(work, 'forward');
  const run = spawnIntake(['--demo', '--listen', '127.0.0.1:0', '--maildir', dir, '--stamp-bits', String(BITS), '--smtp', `smtp://127.0.0.1:${relayPort}`, '--from', 'intake@psirt-demo.example', '--insecure-plaintext-smtp-loopback', '--retry-delay', '100', '--rate', '0']);
  const { url } = await run.ready;
  let relay;
  try {
    const sent = [];
    for (let i = 0; i < 3; i++) {
      const s = sealed(`PLAINTEXT-MARKER-FWD${i}`, 30 + i);
      const r = await post(url, s.armored, { 'psirt-stamp': await mint(s.armored, url) });
      assert.equal(r.status, 202, r.body);
      sent.push(r.json.id);
    }
    await new Promise((r) => setTimeout(r, 500));
    const metrics = await post(url.replace(/\/reports$/, '/metrics'), undefined, {}, { method: 'GET' });
    assert.match(metrics.body, /^psirt_intake_forward_queue 3$/m, 'the queue holds while the mail system is down');
    assert.equal(smtp.messages.length, 0);
    // The mail system comes back: a relay to the SMTP server on the port the intake tries.
    const smtpPort = Number(new URL(smtp.url).port);
    relay = createTcp((c) => {
      const up = tcpConnect(smtpPort, '127.0.0.1');
      c.pipe(up).pipe(c);
      c.on('error', () => up.destroy());
      up.on('error', () => c.destroy());
    });
    await new Promise((r) => relay.listen(relayPort, '127.0.0.1', r));
    const deadline = Date.now() + 60_000;
    while (smtp.messages.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const ids = smtp.messages.map((m) => /<([^@>]+)@psirt-report\.invalid>/.exec(m.messageId ?? '')?.[1] ?? /^Message-ID: <([^@>]+)@/m.exec(m.raw)?.[1]);
    assert.deepEqual(ids.sort(), [...sent].sort(), 'each report delivered once, by its Message-ID');
    for (const m of smtp.messages) assert.ok(!String(m.raw).includes('PLAINTEXT-MARKER'), 'only ciphertext is forwarded');
    assert.deepEqual(smtp.messages.map((m) => m.to).flat().filter((x, i, a) => a.indexOf(x) === i), ['psirt@psirt-demo.example']);
  } finally {
    run.child.kill('SIGTERM');
    await run.exited;
    relay?.close();
    await smtp.close?.();
  }
});
