/**
 * Spam without tracking. A hashcash-style proof-of-work stamp bound to one sealed
 * message, so an intake endpoint that receives reports by POST can refuse floods without a
 * CAPTCHA, a cookie or a third party.
 *
 * Format (one line of ASCII, six fields separated by `:`):
 *
 *   psirt1:<bits>:<date>:<resource>:<nonce>:<counter>
 *
 *   bits      the difficulty the stamp claims, decimal (0–64)
 *   date      when it was minted, UTC, YYYYMMDDhhmmss
 *   resource  the lower-case hex SHA-256 of the armored message, as UTF-8, its line ends
 *             normalised to LF (so a CRLF mail transport does not break it): the stamp is
 *             worth nothing for any other message
 *   nonce     12 random bytes, base64url without padding (16 characters)
 *   counter   decimal, no leading zeros
 *
 * A stamp for one intake names it (its audience) in a seventh field, version `psirt2`:
 *
 *   psirt2:<bits>:<date>:<audience>:<resource>:<nonce>:<counter>
 *
 *   audience  the intake's URL as the reporter's page posts to it (origin and path, no query),
 *             base64url without padding (so its `:` do not split the stamp); a stamp minted for
 *             one intake is refused by another (`stamp-wrong-audience`)
 *
 * The stamp is valid when the SHA-256 of the whole stamp string has at least `bits` leading zero
 * bits, `bits` is at least what the endpoint asks, the resource is the received message's, the
 * date is recent (a day by default) and not ahead of the endpoint's clock (5 minutes of skew),
 * and the endpoint has not seen it before. Minting costs 2^bits hashes on average; checking,
 * two hashes.
 *
 * Why hand-written SHA-256 rather than WebCrypto: `crypto.subtle.digest` is one asynchronous call
 * per hash, far too slow for a million of them, and the widget ships unbundled ES modules with no
 * dependency. The loop below hashes the stamp's fixed prefix once (its full 64-byte blocks: the
 * "midstate") and then only the last block per counter. bench/stamp.mjs measures it in Node and
 * Chromium beside node:crypto and WebCrypto.
 */

import { InputError, StampError } from './errors.js';

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** One SHA-256 compression of the 16 words in `W[0..15]` (`W` has 64) into `H` (8 words). */
function compress(H, W) {
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15];
    const y = W[i - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
  }
  let a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  H[0] = (H[0] + a) | 0;
  H[1] = (H[1] + b) | 0;
  H[2] = (H[2] + c) | 0;
  H[3] = (H[3] + d) | 0;
  H[4] = (H[4] + e) | 0;
  H[5] = (H[5] + f) | 0;
  H[6] = (H[6] + g) | 0;
  H[7] = (H[7] + h) | 0;
}

/** Loads 64 bytes of `bytes` from `at` into W[0..15], big-endian. */
function load(W, bytes, at) {
  for (let i = 0; i < 16; i++) {
    const j = at + 4 * i;
    W[i] = (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3];
  }
}

/** `bytes` SHA-256-padded (0x80, zeros, 64-bit length) to a multiple of 64 bytes; `total` = the message's full length. */
function padded(bytes, total = bytes.length) {
  const out = new Uint8Array((bytes.length + 9 + 63) & ~63);
  out.set(bytes);
  out[bytes.length] = 0x80;
  const bits = total * 8;
  const v = new DataView(out.buffer);
  v.setUint32(out.length - 8, Math.floor(bits / 2 ** 32));
  v.setUint32(out.length - 4, bits >>> 0);
  return out;
}

/** SHA-256 of `bytes` (a Uint8Array), in JavaScript: the state as 8 Int32 words. */
function sha256Words(bytes) {
  const H = Int32Array.from(IV);
  const W = new Int32Array(64);
  const full = bytes.length & ~63;
  for (let at = 0; at < full; at += 64) {
    load(W, bytes, at);
    compress(H, W);
  }
  const last = padded(bytes.subarray(full), bytes.length);
  for (let at = 0; at < last.length; at += 64) {
    load(W, last, at);
    compress(H, W);
  }
  return H;
}

const hex8 = (w) => (w >>> 0).toString(16).padStart(8, '0');

/** Lower-case hex SHA-256 of `bytes`, in JavaScript (exported for tests and the benchmark). */
export function sha256Hex(bytes) {
  return Array.from(sha256Words(bytes), hex8).join('');
}

/** How many leading zero bits the digest state `H` has (up to 64 checked: enough for any stamp). */
function leadingZeros(H) {
  if (H[0] !== 0) return Math.clz32(H[0]);
  return 32 + Math.clz32(H[1]);
}

// Node's entry installs node:crypto here (node-entry.js); elsewhere the JavaScript above hashes.
let platformHex = null;
/** Internal: a synchronous `(Uint8Array) => hex SHA-256` faster than the JavaScript one. */
export function setStampSha256(fn) {
  platformHex = fn;
}

const encoder = new TextEncoder();
// Stateless between calls (no `stream`): one decoder serves every stamp.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Leading zero bits (up to 64) of a lower-case hex digest. */
function hexZeros(hex) {
  for (let i = 0; i < 16; i++) {
    const nibble = parseInt(hex[i], 16);
    if (nibble !== 0) return i * 4 + Math.clz32(nibble) - 28;
  }
  return 64;
}

/**
 * Leading zero bits of the stamp's own SHA-256: one hash per check, so the platform's native
 * hash when one is installed (an intake checks a stamp per request), else the JavaScript one.
 */
function stampZeros(stamp) {
  const bytes = encoder.encode(stamp);
  return platformHex ? hexZeros(platformHex(bytes)) : leadingZeros(sha256Words(bytes));
}
const normalised = (armored) => encoder.encode(armored.replace(/\r\n?/g, '\n'));

function resourceSync(armored) {
  const bytes = normalised(armored);
  return platformHex ? platformHex(bytes) : sha256Hex(bytes);
}

async function resourceAsync(armored) {
  const bytes = normalised(armored);
  if (platformHex) return platformHex(bytes);
  // One large hash: WebCrypto is native and fast here (it is per-call overhead that rules it out
  // for the mint loop).
  const subtle = globalThis.crypto?.subtle;
  if (subtle) return Array.from(new Uint8Array(await subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
  return sha256Hex(bytes);
}

function utcStamp(date) {
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`;
}

function nonce() {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_');
}

/** Lets other tasks (a cancel message in the worker) run: no 4 ms timer clamp where avoidable. */
function yieldNow() {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = () => {
        port1.close();
        resolve();
      };
      port2.postMessage(0);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function checkBits(bits, name = 'bits') {
  if (!Number.isInteger(bits) || bits < 0 || bits > 64) {
    throw new InputError(`${name} must be an integer from 0 to 64`, { code: 'input-type' });
  }
}

/**
 * Finds a counter for `prefix` (ASCII) whose stamp has `bits` leading zero bits. The full 64-byte
 * blocks of the prefix are hashed once; each try hashes only the tail (prefix rest + counter).
 */
async function search(prefix, bits, { signal, onProgress, sliceMs = 50, slowerThan = 0, compare: compareWith = null } = {}) {
  let compare = slowerThan > 0 ? compareWith : null;
  const bytes = encoder.encode(prefix);
  const full = bytes.length & ~63;
  const mid = Int32Array.from(IV);
  const W = new Int32Array(64);
  for (let at = 0; at < full; at += 64) {
    load(W, bytes, at);
    compress(mid, W);
  }
  const rest = bytes.length - full;
  const buf = new Uint8Array(128);
  buf.set(bytes.subarray(full));
  const H = new Int32Array(8);
  const shift = 32 - Math.min(bits, 32);
  const now = () => (globalThis.performance ? performance.now() : Date.now());
  let sliceStart = now();
  const started = sliceStart;
  for (let counter = 0; counter < Number.MAX_SAFE_INTEGER; counter++) {
    if ((counter & 0xfff) === 0 && counter > 0) {
      if (signal?.aborted) throw new StampError('stamp cancelled', { code: 'stamp-cancelled' });
      const t = now();
      // Interpreted (no JIT)? Once, after 100 ms: if the loop is slow enough to doubt, time one
      // batch of the faster way on the next candidates, and hand the rest of the search to it
      // when it is faster here and now (both measured under the same load, so no absolute rate
      // decides it: a fast machine without a JIT can outrun a slow one with it).
      if (compare && t - started >= 100) {
        const loopRate = (counter / (t - started)) * 1000;
        const other = loopRate < slowerThan ? await compare(prefix, counter) : 0;
        compare = null;
        if (other > loopRate) return { switchAt: counter };
        sliceStart = now();
      }
      if (t - sliceStart >= sliceMs) {
        onProgress?.({ tries: counter, expected: 2 ** bits, elapsedMs: t - started });
        await yieldNow();
        if (signal?.aborted) throw new StampError('stamp cancelled', { code: 'stamp-cancelled' });
        sliceStart = now();
      }
    }
    // The tail: prefix rest, counter digits, padding, length.
    let n = rest;
    const digits = String(counter);
    for (let i = 0; i < digits.length; i++) buf[n++] = digits.charCodeAt(i);
    const total = full + n;
    buf[n++] = 0x80;
    const blocks = n + 8 <= 64 ? 1 : 2;
    const end = blocks * 64;
    buf.fill(0, n, end - 4);
    const lenBits = total * 8;
    buf[end - 4] = lenBits >>> 24;
    buf[end - 3] = (lenBits >>> 16) & 0xff;
    buf[end - 2] = (lenBits >>> 8) & 0xff;
    buf[end - 1] = lenBits & 0xff;
    H.set(mid);
    load(W, buf, 0);
    compress(H, W);
    if (blocks === 2) {
      load(W, buf, 64);
      compress(H, W);
    }
    if (bits <= 32 ? H[0] >>> shift === 0 || bits === 0 : leadingZeros(H) >= bits) return { counter: digits };
  }
  throw new StampError('no stamp found', { code: 'stamp-cancelled' });
}

/**
 * Below this many tries per second the loop above may be running without a JIT (Tor Browser
 * "Safer", Chromium or Node --jitless: 10 000–35 000/s there, against 350 000/s and more with
 * one), and then batched WebCrypto digests, native code either way, are often faster (40 000–
 * 90 000/s). Under it, one WebCrypto batch is timed and the faster of the two goes on: decided
 * by measuring both, not by this figure alone (a fixed rate was wrong on a quiet fast machine,
 * whose loop without a JIT ran at 31 000/s), nor by WebAssembly being off (a page whose CSP
 * refuses WebAssembly still has its JIT, and there the loop is several times faster).
 */
const INTERPRETED_RATE = 150_000;

/** Candidates hashed per WebCrypto round. */
const BATCH = 1024;

/**
 * Starts the digests of the `BATCH` candidates from counter `base`. One buffer for every
 * candidate: digest() copies its input before it returns (WebCrypto, "get a copy of the bytes
 * held by data"), so only the counter's digits are rewritten. `buf` starts with `headLength`
 * bytes of the prefix and has room for 20 digits.
 */
function digestBatch(buf, headLength, base) {
  const subtle = globalThis.crypto.subtle;
  const digests = new Array(BATCH);
  for (let i = 0; i < BATCH; i++) {
    const digits = String(base + i);
    let n = headLength;
    for (let c = 0; c < digits.length; c++) buf[n++] = digits.charCodeAt(c);
    digests[i] = subtle.digest('SHA-256', buf.subarray(0, n));
  }
  return digests;
}

/** The prefix's bytes in a buffer with room for a counter, for `digestBatch`. */
function candidateBuffer(prefix) {
  const head = encoder.encode(prefix);
  const buf = new Uint8Array(head.length + 20);
  buf.set(head);
  return [buf, head.length];
}

/**
 * Tries per second of WebCrypto batches at counter `from` (their results unused): the better of
 * two, so one batch delayed by the scheduler on a busy machine does not keep the search on a
 * loop that is slower than WebCrypto here.
 */
async function subtleRate(prefix, from) {
  const [buf, headLength] = candidateBuffer(prefix);
  const now = () => (globalThis.performance ? performance.now() : Date.now());
  let best = 0;
  for (let round = 0; round < 2; round++) {
    const t = now();
    await Promise.all(digestBatch(buf, headLength, from));
    best = Math.max(best, (BATCH / Math.max(now() - t, 0.001)) * 1000);
  }
  return best;
}

/**
 * `search` on WebCrypto: batches of `BATCH` candidate stamps hashed by `crypto.subtle.digest`
 * at once (each a whole stamp string, no midstate: native code does not need it), the first
 * counter that meets `bits` in counter order returned, so the result is the one `search` finds.
 */
async function searchSubtle(prefix, bits, { signal, onProgress, from = 0 } = {}) {
  const started = globalThis.performance ? performance.now() : Date.now();
  const [buf, headLength] = candidateBuffer(prefix);
  for (let base = from; base < Number.MAX_SAFE_INTEGER; base += BATCH) {
    if (signal?.aborted) throw new StampError('stamp cancelled', { code: 'stamp-cancelled' });
    const digests = digestBatch(buf, headLength, base);
    const done = await Promise.all(digests);
    for (let i = 0; i < BATCH; i++) {
      const v = new DataView(done[i]);
      const H = [v.getInt32(0), v.getInt32(4)];
      if (bits === 0 || leadingZeros(H) >= bits) return String(base + i);
    }
    if ((base - from) % (BATCH * 16) === 0 && base > from) {
      onProgress?.({ tries: base + BATCH, expected: 2 ** bits, elapsedMs: (globalThis.performance ? performance.now() : Date.now()) - started });
    }
  }
  throw new StampError('no stamp found', { code: 'stamp-cancelled' });
}

/**
 * Mints a stamp for `armored` (the sealed message's armored text) at difficulty `bits`:
 * on average 2^bits SHA-256 computations (20 bits ≈ a million). Resolves with the stamp string.
 * It yields every `sliceMs` (50) so other work runs; `signal` (an AbortSignal) cancels it
 * (rejects with StampError `stamp-cancelled`); `onProgress({tries, expected, elapsedMs})` is
 * called at each yield. `date` (default now) is the minting time written in the stamp. `hash`:
 * `'js'` the loop in this file, `'webcrypto'` batches of `crypto.subtle.digest`, default the
 * loop, switching to WebCrypto when the loop turns out to run without a JIT (slower than it).
 * @param {string} armored
 * @param {{bits: number, date?: Date|number, signal?: AbortSignal, sliceMs?: number,
 *   hash?: 'js'|'webcrypto',
 *   onProgress?: (p: {tries: number, expected: number, elapsedMs: number}) => void}} options
 */
export async function mintStamp(armored, options = {}) {
  if (typeof armored !== 'string') throw new InputError('mintStamp: the armored message must be a string', { code: 'input-type' });
  const own = (name) => (options !== null && typeof options === 'object' && Object.hasOwn(options, name) ? options[name] : undefined);
  const [bits, date, signal, onProgress, sliceMs, audience, hash] = ['bits', 'date', 'signal', 'onProgress', 'sliceMs', 'audience', 'hash'].map(own);
  checkBits(bits);
  const when = date === undefined ? new Date() : new Date(date);
  if (Number.isNaN(when.getTime())) throw new InputError('mintStamp: date is not a date', { code: 'input-type' });
  const named = audience === undefined ? '' : `${audienceField(audience)}:`;
  const resource = await resourceAsync(armored);
  const prefix = `${named ? 'psirt2' : 'psirt1'}:${bits}:${utcStamp(when)}:${named}${resource}:${nonce()}:`;
  // The loop, unless it turns out to run without a JIT and WebCrypto is faster here: then
  // WebCrypto from where it stopped (INTERPRETED_RATE). Either way the first counter that meets `bits`.
  const subtle = platformHex === null && typeof globalThis.crypto?.subtle?.digest === 'function';
  if (subtle && hash === 'webcrypto') return prefix + (await searchSubtle(prefix, bits, { signal, onProgress }));
  const found = await search(prefix, bits, { signal, onProgress, sliceMs, slowerThan: subtle && hash !== 'js' ? INTERPRETED_RATE : 0, compare: subtleRate });
  if (found.counter !== undefined) return prefix + found.counter;
  return prefix + (await searchSubtle(prefix, bits, { signal, onProgress, from: found.switchAt }));
}

/** Longest audience field (base64url of a URL of up to 384 bytes). */
const MAX_AUDIENCE_FIELD = 512;

/**
 * The audience as the stamp names it: the URL's origin and path (no query, no fragment, no
 * credentials), so `https://psirt.example/reports` and `https://PSIRT.example:443/reports?x`
 * name the same intake.
 */
export function stampAudience(url) {
  let u;
  try {
    u = new URL(String(url));
  } catch {
    throw new InputError('the stamp audience must be the intake URL', { code: 'input-type' });
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password) {
    throw new InputError('the stamp audience must be an http(s) URL without credentials', { code: 'input-type' });
  }
  return `${u.origin}${u.pathname}`;
}

function audienceField(url) {
  const bytes = encoder.encode(stampAudience(url));
  if (bytes.length > 384) throw new InputError('the stamp audience URL is too long', { code: 'input-type' });
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const STAMP = /^psirt1:(\d{1,2}):(\d{14}):()([0-9a-f]{64}):([A-Za-z0-9_-]{16}):(0|[1-9]\d{0,15})$/;
const STAMP2 = new RegExp(`^psirt2:(\\d{1,2}):(\\d{14}):([A-Za-z0-9_-]{1,${MAX_AUDIENCE_FIELD}}):([0-9a-f]{64}):([A-Za-z0-9_-]{16}):(0|[1-9]\\d{0,15})$`);

/** The number written by the digits s[at…at+n) (the stamp's pattern has checked they are digits). */
function digits(s, at, n) {
  let v = 0;
  for (let i = at; i < at + n; i++) v = v * 10 + s.charCodeAt(i) - 48;
  return v;
}

function parseDate(s) {
  const y = digits(s, 0, 4);
  const mo = digits(s, 4, 2);
  const d = digits(s, 6, 2);
  const h = digits(s, 8, 2);
  const mi = digits(s, 10, 2);
  const se = digits(s, 12, 2);
  // A real date and time: no 31 February, no 25 h (Date.UTC would roll them over). The month's
  // length is the day before the next month's first (Date.UTC counts day 0 as that day).
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59) return null;
  if (d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
  const back = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  // Years 0-99: Date.UTC reads them as 1900-1999.
  return back.getUTCFullYear() === y ? back : null;
}

// The audience field as last decoded: an intake sees the same one in every stamp sent to it.
let lastAudienceField = null;
let lastAudience = null;
function decodeAudience(field) {
  if (field !== lastAudienceField) {
    const named = strictUtf8.decode(Uint8Array.from(atob(field.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));
    lastAudienceField = field;
    lastAudience = named;
  }
  return lastAudience;
}

/**
 * Checks `stamp` (as received, e.g. from the `psirt-sealed` detail) against the message it must
 * be bound to and the endpoint's policy. Returns `{ok: true, bits, date, audience}`; throws a
 * StampError whose `code` says why not: `stamp-malformed`, `stamp-insufficient` (fewer leading
 * zero bits than `bits`, or a stamp claiming less), `stamp-wrong-audience` (`audience` given, the
 * intake's URL, and the stamp names another intake or none), `stamp-wrong-message`,
 * `stamp-expired` (older than `maxAgeSeconds`, default a day), `stamp-future` (dated more than
 * `maxFutureSeconds`, default 300, after `now`), `stamp-replayed`.
 *
 * The cheap checks come first — form, claimed bits, date, audience, a replay look-up, the
 * stamp's own hash — and only then the message's hash (a large message costs a pass over it).
 * `seen` records stamps: a Set (looked up early, added to when the stamp passes), or an object
 * `{has?(stamp), checkAndInsert(stamp)}` whose `checkAndInsert` is one atomic step that records
 * the stamp and returns `true` when it was already there (a store shared by several requests or
 * processes must not look up and insert separately: two requests would both pass), or a
 * function `(stamp) => boolean` taken as `checkAndInsert`.
 * @param {string} stamp
 * @param {string} armored
 * @param {{bits: number, audience?: string, maxAgeSeconds?: number, maxFutureSeconds?: number,
 *   now?: Date|number, seen?: Set<string> | ((stamp: string) => boolean) |
 *   {has?: (stamp: string) => boolean, checkAndInsert: (stamp: string) => boolean}}} options
 */
export function verifyStamp(stamp, armored, options = {}) {
  const checked = checkStamp(stamp, options);
  if (typeof armored !== 'string') throw new InputError('verifyStamp: the armored message must be a string', { code: 'input-type' });
  if (checked.resource !== resourceSync(armored)) throw new StampError('the stamp was made for another message', { code: 'stamp-wrong-message' });
  recordStamp(stamp, options);
  return { ok: true, bits: checked.bits, date: checked.date, ...(checked.audience && { audience: checked.audience }) };
}

/**
 * Everything verifyStamp() checks that does not need the message: what an intake can check from
 * the request's header before it reads the body. Returns `{bits, date, audience?, resource}`
 * (`resource` the message hash the stamp is bound to); throws the StampError verifyStamp would.
 * Records nothing: verifyStamp() (or recordStamp()) does, once the message matches.
 */
export function checkStamp(stamp, options = {}) {
  const opt = (name) => (options !== null && typeof options === 'object' && Object.hasOwn(options, name) ? options[name] : undefined);
  const bits = opt('bits');
  const maxAgeSeconds = opt('maxAgeSeconds') ?? 86400;
  const maxFutureSeconds = opt('maxFutureSeconds') ?? 300;
  const now = opt('now');
  const seen = opt('seen');
  const audience = opt('audience');
  checkBits(bits);
  if (seen !== undefined && !(seen instanceof Set) && typeof seen !== 'function' && typeof seen?.checkAndInsert !== 'function') {
    throw new InputError('verifyStamp: seen must be a Set, a function or {checkAndInsert}', { code: 'input-type' });
  }
  if (typeof stamp !== 'string' || stamp.length > 200 + MAX_AUDIENCE_FIELD) throw new StampError('the stamp is not a psirt stamp', { code: 'stamp-malformed' });
  const m = STAMP.exec(stamp) ?? STAMP2.exec(stamp);
  const date = m && parseDate(m[2]);
  if (!m || !date || Number(m[1]) > 64) throw new StampError('the stamp is not a psirt stamp', { code: 'stamp-malformed' });
  const claimed = Number(m[1]);
  if (claimed < bits) throw new StampError(`the stamp claims ${claimed} bits; ${bits} are required`, { code: 'stamp-insufficient' });
  const nowMs = now === undefined ? Date.now() : new Date(now).getTime();
  if (Number.isNaN(nowMs)) throw new InputError('verifyStamp: now is not a date', { code: 'input-type' });
  if (nowMs - date.getTime() > maxAgeSeconds * 1000) throw new StampError('the stamp has expired', { code: 'stamp-expired' });
  if (date.getTime() - nowMs > maxFutureSeconds * 1000) throw new StampError('the stamp is dated in the future', { code: 'stamp-future' });
  let named;
  if (m[3]) {
    try {
      named = decodeAudience(m[3]);
    } catch {
      throw new StampError('the stamp is not a psirt stamp', { code: 'stamp-malformed' });
    }
  }
  if (audience !== undefined && named !== stampAudience(audience)) {
    throw new StampError(named ? 'the stamp was made for another intake' : 'the stamp names no intake', { code: 'stamp-wrong-audience' });
  }
  const peek = seen instanceof Set ? seen.has(stamp) : typeof seen?.has === 'function' ? seen.has(stamp) : false;
  if (peek) throw new StampError('the stamp was already used', { code: 'stamp-replayed' });
  const got = stampZeros(stamp);
  if (got < claimed) throw new StampError(`the stamp's hash has ${got} leading zero bits, not the ${claimed} it claims`, { code: 'stamp-insufficient' });
  return { bits: claimed, date, ...(named && { audience: named }), resource: m[4] };
}

/** Records `stamp` in `options.seen` as verifyStamp() does; throws `stamp-replayed` when it was there. */
export function recordStamp(stamp, options = {}) {
  const seen = options !== null && typeof options === 'object' && Object.hasOwn(options, 'seen') ? options.seen : undefined;
  let replayed = false;
  if (seen instanceof Set) {
    // Synchronous: nothing runs between the look-up and the insertion.
    replayed = seen.has(stamp);
    if (!replayed) seen.add(stamp);
  } else if (typeof seen === 'function') {
    replayed = seen(stamp) === true;
  } else if (typeof seen?.checkAndInsert === 'function') {
    replayed = seen.checkAndInsert(stamp) === true;
  }
  if (replayed) throw new StampError('the stamp was already used', { code: 'stamp-replayed' });
}

/** Lower-case hex SHA-256 of the armored message as stamps bind it (line ends normalised to LF). */
export function stampResource(armored) {
  return resourceSync(armored);
}
