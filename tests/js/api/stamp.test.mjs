// The anti-spam stamp (pkg/lib/stamp.js) through the package's Node entries (ESM and
// CommonJS), its JavaScript SHA-256 (what browsers run) against node:crypto, and each refusal
// code of verifyStamp.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import * as api from '../../../pkg/node.mjs';
import * as web from '../../../pkg/lib/stamp.js';

const require = createRequire(import.meta.url);
const cjs = require('../../../pkg/node.cjs');
const { mintStamp, verifyStamp, StampError, InputError } = api;

const ARMORED = '-----BEGIN PGP MESSAGE-----\n\nwcBMA0x1y2z3AQgAabc+/def==\n=AbCd\n-----END PGP MESSAGE-----\n';
const BITS = 12;
const sha256 = (data) => createHash('sha256').update(data).digest();
/** Leading zero bits of a digest, counted independently of pkg/lib/stamp.js. */
function zeroBits(digest) {
  let n = 0;
  for (const byte of digest) {
    if (byte === 0) {
      n += 8;
      continue;
    }
    n += Math.clz32(byte) - 24;
    break;
  }
  return n;
}
const expectCode = (fn, code) => assert.throws(fn, (e) => e instanceof StampError && e.code === code, `expected ${code}`);

const stamp = await mintStamp(ARMORED, { bits: BITS });
const fields = stamp.split(':');
const minted = Date.UTC(+fields[2].slice(0, 4), +fields[2].slice(4, 6) - 1, +fields[2].slice(6, 8), +fields[2].slice(8, 10), +fields[2].slice(10, 12), +fields[2].slice(12, 14));

test('a minted stamp has the documented form and passes', () => {
  assert.match(stamp, /^psirt1:12:\d{14}:[0-9a-f]{64}:[A-Za-z0-9_-]{16}:(0|[1-9]\d*)$/);
  assert.ok(Math.abs(minted - Date.now()) < 60_000, 'dated now, in UTC');
  const r = verifyStamp(stamp, ARMORED, { bits: BITS });
  assert.deepEqual(r, { ok: true, bits: BITS, date: new Date(minted) });
  // An endpoint asking for less accepts more work.
  assert.equal(verifyStamp(stamp, ARMORED, { bits: 4 }).bits, BITS);
});

test('the stamp checks out with node:crypto alone: its digest and the message it names', () => {
  assert.ok(zeroBits(sha256(stamp)) >= BITS, `sha256(stamp) = ${sha256(stamp).toString('hex')}`);
  assert.equal(fields[3], sha256(ARMORED).toString('hex'), 'resource = SHA-256 of the armored text');
  // The JavaScript SHA-256 (the browsers' path) agrees with node:crypto, at every padding edge.
  for (const n of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000]) {
    const bytes = new Uint8Array(n).map((_, i) => (i * 131 + n) & 0xff);
    assert.equal(web.sha256Hex(bytes), sha256(bytes).toString('hex'), `length ${n}`);
  }
});

test('the browser path (no node:crypto) mints and verifies the same format', async () => {
  const s = await web.mintStamp(ARMORED, { bits: 8 });
  assert.ok(zeroBits(sha256(s)) >= 8);
  assert.equal(s.split(':')[3], sha256(ARMORED).toString('hex'));
  assert.equal(web.verifyStamp(stamp, ARMORED, { bits: BITS }).ok, true);
  assert.equal(verifyStamp(s, ARMORED, { bits: 8 }).ok, true);
});

test('without a JIT the stamp is minted on WebCrypto: the same first counter, native hashing', async () => {
  // What the form does in Tor Browser "Safer" or Chromium --jitless (WebAssembly off there, so
  // mintStamp picks WebCrypto on its own); here asked for by name. Counted at the source.
  const subtle = globalThis.crypto.subtle;
  const digest = subtle.digest;
  let calls = 0;
  subtle.digest = function (...args) {
    calls += 1;
    return digest.apply(subtle, args);
  };
  let s;
  try {
    s = await web.mintStamp(ARMORED, { bits: BITS, hash: 'webcrypto', audience: 'https://psirt.example/reports' });
  } finally {
    delete subtle.digest;
  }
  const counter = Number(s.split(':').pop());
  assert.ok(calls > counter, `the search hashed on WebCrypto (${calls} digests for counter ${counter})`);
  assert.equal(verifyStamp(s, ARMORED, { bits: BITS, audience: 'https://psirt.example/reports' }).ok, true);
  // The first counter that meets the difficulty, as the JavaScript loop would find it.
  const prefix = s.slice(0, s.lastIndexOf(':') + 1);
  for (let c = 0; c < counter; c += 1) assert.ok(zeroBits(sha256(prefix + c)) < BITS, `counter ${c} already met ${BITS} bits`);
  assert.ok(zeroBits(sha256(s)) >= BITS);
});

test('mintStamp without a JIT (node --jitless) finds the first counter, whichever way it hashes; with a JIT it stays in the loop', { timeout: 120_000 }, async () => {
  const { execFileSync } = await import('node:child_process');
  // A child Node: 16 bits (65 536 tries on average), digests counted at crypto.subtle. Whether the
  // search moves to WebCrypto without a JIT is decided by timing both ways: in Node 22 --jitless
  // they run within noise of each other (~47 000/s each here), so either answer is right and only
  // the result is checked; the move itself is shown in Chromium --jitless, where WebCrypto is six
  // times faster (tests/js/engines/wasm-off.browser.test.mjs).
  const script = `
    const subtle = globalThis.crypto.subtle; const digest = subtle.digest; let calls = 0;
    subtle.digest = function (...a) { calls += 1; return digest.apply(subtle, a); };
    const { mintStamp } = await import(${JSON.stringify(new URL('../../../pkg/lib/stamp.js', import.meta.url).href)});
    const s = await mintStamp(${JSON.stringify(ARMORED)}, { bits: 16 });
    console.log(JSON.stringify({ s, calls }));`;
  const run = (flags) => JSON.parse(execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const jitless = run(['--jitless', '--no-experimental-fetch']);
  const counter = Number(jitless.s.split(':').pop());
  assert.equal(verifyStamp(jitless.s, ARMORED, { bits: 16 }).ok, true);
  const prefix = jitless.s.slice(0, jitless.s.lastIndexOf(':') + 1);
  for (let c = 0; c < counter; c += 1) assert.ok(zeroBits(sha256(prefix + c)) < 16, `counter ${c} already met 16 bits`);
  // With a JIT the loop (280 000–1 000 000/s in its first 100 ms here) is several times faster
  // than WebCrypto: at most the two timed batches if a busy machine made it look slow, never more.
  const jit = run([]);
  assert.equal(verifyStamp(jit.s, ARMORED, { bits: 16 }).ok, true);
  assert.ok(jit.calls <= 1 + 2 * 1024, `with a JIT the search stays in the loop (${jit.calls} digests)`);
});

test('line ends do not matter: CRLF in transit is the same message', () => {
  assert.equal(verifyStamp(stamp, ARMORED.replace(/\n/g, '\r\n'), { bits: BITS }).ok, true);
});

test('stamp-malformed: anything that is not a psirt1 stamp', () => {
  const bad = [
    undefined,
    42,
    '',
    stamp.replace('psirt1', 'psirt2'),
    stamp.replace(/:\d+$/, ':'),
    stamp.replace(/:\d+$/, ':01'),
    stamp + ':1',
    stamp.replace(/:\d{14}:/, ':20260230120000:'), // 30 February
    stamp.replace(/:\d{14}:/, ':20261127250000:'), // 25 h
    stamp.replace(/:\d{14}:/, ':20250229120000:'), // 29 February of a common year
    stamp.replace(/:\d{14}:/, ':20261301120000:'), // month 13
    stamp.replace(/:\d{14}:/, ':20261100120000:'), // day 0
    stamp.replace(/:\d{14}:/, ':20261127126000:'), // minute 60
    stamp.replace(/:\d{14}:/, ':00501127120000:'), // year 50 (not 1950)
    stamp.replace(/:[0-9a-f]{64}:/, `:${'A'.repeat(64)}:`),
    stamp.replace(/^psirt1:12:/, 'psirt1:99:'),
    `${stamp}${' '.repeat(300)}`,
  ];
  for (const s of bad) expectCode(() => verifyStamp(s, ARMORED, { bits: BITS }), 'stamp-malformed');
});

test('stamp-insufficient: too few bits claimed, a lowered claim, or a digest that falls short', () => {
  expectCode(() => verifyStamp(stamp, ARMORED, { bits: BITS + 1 }), 'stamp-insufficient');
  // Lowering the claim changes the digest: the claim is refused first when the endpoint asks more.
  const lowered = stamp.replace(/^psirt1:12:/, 'psirt1:8:');
  expectCode(() => verifyStamp(lowered, ARMORED, { bits: BITS }), 'stamp-insufficient');
  // A forged counter: claims 12 bits, has fewer (checked independently here).
  let counter = Number(fields[5]) + 1;
  let forged;
  do forged = [...fields.slice(0, 5), String(counter++)].join(':');
  while (zeroBits(sha256(forged)) >= BITS);
  expectCode(() => verifyStamp(forged, ARMORED, { bits: BITS }), 'stamp-insufficient');
});

test('the work is counted bit for bit: a stamp passes exactly when its digest has the bits it claims', () => {
  // 4 000 counters under one claim: digests with 0 to about 12 leading zero bits, each judged
  // against the count made here from node:crypto's digest.
  const claim = 6;
  const seen = new Set();
  for (let counter = 0; counter < 4000; counter++) {
    const s = [fields[0], String(claim), ...fields.slice(2, 5), String(counter)].join(':');
    const zeros = zeroBits(sha256(s));
    seen.add(Math.min(zeros, claim + 1));
    if (zeros >= claim) assert.equal(verifyStamp(s, ARMORED, { bits: claim }).ok, true, `${zeros} bits`);
    else expectCode(() => verifyStamp(s, ARMORED, { bits: claim }), 'stamp-insufficient');
  }
  assert.equal(seen.size, claim + 2, 'every count below, at and above the claim was met');
});

test('stamp-wrong-message: the stamp is worth nothing for another message', () => {
  const tampered = ARMORED.replace('abc', 'abd');
  expectCode(() => verifyStamp(stamp, tampered, { bits: BITS }), 'stamp-wrong-message');
  expectCode(() => verifyStamp(stamp, `${ARMORED}\n`, { bits: BITS }), 'stamp-wrong-message');
});

test('stamp-expired and stamp-future: by the endpoint clock', () => {
  const day = 86400 * 1000;
  assert.equal(verifyStamp(stamp, ARMORED, { bits: BITS, now: minted + day }).ok, true);
  expectCode(() => verifyStamp(stamp, ARMORED, { bits: BITS, now: minted + day + 1000 }), 'stamp-expired');
  expectCode(() => verifyStamp(stamp, ARMORED, { bits: BITS, now: new Date(minted + 61_000), maxAgeSeconds: 60 }), 'stamp-expired');
  assert.equal(verifyStamp(stamp, ARMORED, { bits: BITS, now: minted - 300_000 }).ok, true);
  expectCode(() => verifyStamp(stamp, ARMORED, { bits: BITS, now: minted - 301_000 }), 'stamp-future');
});

test('stamp-replayed: a Set records passing stamps; a function is asked', () => {
  const seen = new Set();
  assert.equal(verifyStamp(stamp, ARMORED, { bits: BITS, seen }).ok, true);
  assert.ok(seen.has(stamp));
  expectCode(() => verifyStamp(stamp, ARMORED, { bits: BITS, seen }), 'stamp-replayed');
  // A refused stamp is not recorded.
  const other = new Set();
  expectCode(() => verifyStamp(stamp, 'another', { bits: BITS, seen: other }), 'stamp-wrong-message');
  assert.equal(other.size, 0);
  const asked = [];
  const seenFn = (s) => (asked.push(s), true);
  expectCode(() => verifyStamp(stamp, ARMORED, { bits: BITS, seen: seenFn }), 'stamp-replayed');
  assert.deepEqual(asked, [stamp]);
  assert.equal(verifyStamp(stamp, ARMORED, { bits: BITS, seen: () => false }).ok, true);
});

test('bad arguments are InputErrors, not crashes', async () => {
  for (const bits of [undefined, -1, 1.5, 65, '12']) {
    assert.throws(() => verifyStamp(stamp, ARMORED, { bits }), (e) => e instanceof InputError && e.code === 'input-type');
    await assert.rejects(mintStamp(ARMORED, { bits }), (e) => e instanceof InputError && e.code === 'input-type');
  }
  assert.throws(() => verifyStamp(stamp, 42, { bits: BITS }), (e) => e instanceof InputError);
  assert.throws(() => verifyStamp(stamp, ARMORED, { bits: BITS, seen: [] }), (e) => e instanceof InputError);
  await assert.rejects(mintStamp(new Uint8Array(3), { bits: 1 }), (e) => e instanceof InputError);
  // bits 0: a stamp that costs nothing, still bound to the message.
  const free = await mintStamp(ARMORED, { bits: 0 });
  assert.equal(verifyStamp(free, ARMORED, { bits: 0 }).ok, true);
  expectCode(() => verifyStamp(free, ARMORED, { bits: 1 }), 'stamp-insufficient');
});

test('mintStamp is cancellable and yields while it works', async () => {
  const controller = new AbortController();
  let progress = 0;
  const running = mintStamp(ARMORED, { bits: 48, sliceMs: 10, signal: controller.signal, onProgress: () => progress++ });
  // The event loop runs while it searches: this timer fires.
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(progress > 0, 'reported progress');
  controller.abort();
  await assert.rejects(running, (e) => e instanceof StampError && e.code === 'stamp-cancelled');
});

test('CommonJS entry: the same functions and error classes', () => {
  assert.equal(cjs.verifyStamp, verifyStamp);
  assert.equal(cjs.StampError, StampError);
  assert.equal(cjs.ERROR_CLASSES.StampError, StampError);
  assert.throws(() => cjs.verifyStamp(stamp, 'x', { bits: BITS }), (e) => e instanceof cjs.StampError && e.code === 'stamp-wrong-message');
});

test('the profile carries the difficulty: demo asks for a stamp, Thales does not', () => {
  assert.equal(api.profile('demo').stamp.bits, 19);
  assert.equal(api.profile('thales').stamp, undefined);
  assert.throws(() => api.profile({ ...api.profile('thales'), stamp: { bits: 40 } }), (e) => e.code === 'profile-invalid');
});

// The web entry's StampError is its own class (errors.js), not the CommonJS bundle's.
const expectWeb = (fn, code) => assert.throws(fn, (e) => e?.constructor?.name === 'StampError' && e.code === code, `expected ${code}`);

test('a stamp names its audience (psirt2): another intake, or a stamp naming none, is refused', async () => {
  const url = 'https://psirt.example/reports';
  const named = await web.mintStamp(ARMORED, { bits: 4, audience: `${url}?utm=x` });
  assert.match(named, /^psirt2:4:\d{14}:[A-Za-z0-9_-]+:[0-9a-f]{64}:[A-Za-z0-9_-]{16}:\d+$/);
  assert.equal(Buffer.from(named.split(':')[3], 'base64url').toString(), url, 'origin and path, no query');
  assert.equal(web.verifyStamp(named, ARMORED, { bits: 4, audience: 'https://PSIRT.example:443/reports' }).audience, url);
  expectWeb(() => web.verifyStamp(named, ARMORED, { bits: 4, audience: 'https://other.example/reports' }), 'stamp-wrong-audience');
  expectWeb(() => web.verifyStamp(stamp, ARMORED, { bits: 4, audience: url }), 'stamp-wrong-audience');
  // Without an audience asked, a named stamp still passes (the form's event carries it to the host).
  assert.equal(web.verifyStamp(named, ARMORED, { bits: 4 }).ok, true);
  // Tampering with the audience field breaks the proof of work. A moved stamp still meets the
  // difficulty by chance once in 2^bits (CI met it once at 4 bits), so this part mints at 16 bits
  // and moves the audience three ways: chance alone lets all three pass once in 2^48.
  const strong = await web.mintStamp(ARMORED, { bits: 16, audience: url });
  let refused = 0;
  for (const other of ['https://other.example/reports', 'https://third.example/r', 'https://fourth.example/x']) {
    const moved = strong.replace(strong.split(':')[3], Buffer.from(other).toString('base64url'));
    try {
      web.verifyStamp(moved, ARMORED, { bits: 16, audience: other });
    } catch (e) {
      assert.equal(e.code, 'stamp-insufficient', `a moved audience is refused as insufficient work, not ${e.code}`);
      refused++;
    }
  }
  assert.ok(refused >= 1, 'moving the audience broke the proof of work');
});

test('date and replay are checked before the message is hashed; seen is one atomic check-and-insert', async () => {
  // A huge "message" whose hash would cost time: an expired or replayed stamp is refused without it.
  const old = await web.mintStamp(ARMORED, { bits: 2, date: Date.now() - 3 * 86400_000 });
  const huge = 'x'.repeat(64 * 1024 * 1024);
  let t0 = Date.now();
  expectWeb(() => web.verifyStamp(old, huge, { bits: 2 }), 'stamp-expired');
  assert.ok(Date.now() - t0 < 100, 'an expired stamp: the 64 MiB message was not hashed');
  const s = await web.mintStamp(ARMORED, { bits: 2 });
  const seen = new Set([s]);
  t0 = Date.now();
  expectWeb(() => web.verifyStamp(s, huge, { bits: 2, seen }), 'stamp-replayed');
  assert.ok(Date.now() - t0 < 100, 'a replayed stamp: the 64 MiB message was not hashed');
  // checkAndInsert is called once, after every check passed; true means replayed.
  const calls = [];
  const store = { checkAndInsert: (x) => (calls.push(x), calls.length > 1) };
  const fresh = await web.mintStamp(ARMORED, { bits: 2 });
  assert.equal(web.verifyStamp(fresh, ARMORED, { bits: 2, seen: store }).ok, true);
  expectWeb(() => web.verifyStamp(fresh, ARMORED, { bits: 2, seen: store }), 'stamp-replayed');
  expectWeb(() => web.verifyStamp(fresh, 'other', { bits: 2, seen: store }), 'stamp-wrong-message');
  assert.equal(calls.length, 2, 'a stamp for another message is not recorded');
});
