/**
 * Sealing's bulk encryption on the browser's own AES: WebCrypto instead of AES
 * compiled to WebAssembly. The seal module (`seal_deferred`) still makes the session key, the
 * key packet, the MIME entity, the padding, the framing and the MDC (SHA-1); this file encrypts
 * what it hands over and writes the ASCII armor.
 *
 * WebCrypto has no CFB. OpenPGP's SEIPD v1 is AES-256-CFB with a zero IV, and CFB *encryption*
 * is CBC encryption shifted by one block: with X₁ = E(IV) and Xᵢ₊₁ = E(Pᵢ ⊕ Xᵢ), the ciphertext is
 * Cᵢ = Pᵢ ⊕ Xᵢ — and E(Pᵢ ⊕ Xᵢ) is exactly what AES-CBC with IV X₁ outputs for block i (OpenPGP.js
 * does the same in `src/crypto/cipherMode/cfb.js`; this is written from the definition, not copied).
 * The chain state between two WebCrypto calls is the last CBC output block.
 */

import { own } from './own.js';

const BLOCK = 16;
/** Bytes of plaintext per WebCrypto call when sealing (the extra memory a call costs: its copy and its output). */
const GROUP = 16 * 1024 * 1024;
const ZERO = new Uint8Array(BLOCK);

/**
 * XORs the CFB keystream into `parts` (one stream, in order). Keystream byte j (counted over the
 * concatenated parts) is that of block k = j / 16, Xₖ₊₁: `first` for block 0, then
 * `cbc[j + shift]` (the AES-CBC output: on a first call, where a zero block led the input, cbc
 * block k is Xₖ₊₁ and shift is 0; on later calls, whose IV is the carried X₁, shift is -16). A
 * last partial block takes the block after the last whole one, truncated: the same formula.
 */
function applyKeystream(parts, first, cbc, shift) {
  let j = 0;
  for (const p of parts) {
    let i = 0;
    for (; i < p.length && j < BLOCK; i++, j++) p[i] ^= first[j];
    if (i < p.length && p.byteOffset % 4 === 0 && i % 4 === 0 && (j + shift) % 4 === 0) {
      // Four bytes at a time (XOR does not care about byte order): a byte at a time this loop
      // was a sixth of a 10 MiB seal's time.
      const p32 = new Uint32Array(p.buffer, p.byteOffset + i, (p.length - i) >>> 2);
      const c32 = new Uint32Array(cbc.buffer, cbc.byteOffset + j + shift, p32.length);
      for (let w = 0; w < p32.length; w++) p32[w] ^= c32[w];
      i += p32.length << 2;
      j += p32.length << 2;
    }
    for (; i < p.length; i++, j++) p[i] ^= cbc[j + shift];
  }
}

/**
 * An AES-256-CFB stream (IV zero) on WebCrypto: `encrypt(chunk, last)` encrypts one chunk in
 * place, `encryptMany(chunks, last)` several with one WebCrypto call, continuing the stream;
 * every chunk but the very last must be a multiple of 16 bytes. Wipes `rawKey` once imported.
 *
 * Each WebCrypto call is a round trip to another thread, and on a loaded machine each one waits
 * its turn: a 10 MiB seal made in 1 MiB calls lost more to those waits than to AES. So the
 * first call also yields X₁ = E(0): CBC with a zero IV over `16 zero bytes ‖ P` outputs X₁
 * first, then X₂…; later calls take the carried state as their IV.
 * @param {Uint8Array} rawKey
 * @param {SubtleCrypto} [subtle]
 */
export async function cfbStream(rawKey, subtle = globalThis.crypto.subtle) {
  const key = await subtle.importKey('raw', rawKey, { name: 'AES-CBC' }, false, ['encrypt']);
  rawKey.fill(0);
  /** The keystream block for the next plaintext block; null before the first call. */
  let x = null;
  let ended = false;
  async function encryptMany(parts, last) {
    let total = 0;
    for (let k = 0; k < parts.length; k++) {
      const partial = parts[k].length % BLOCK !== 0;
      if (ended || (partial && !(last && k === parts.length - 1))) {
        throw new Error('webcrypto-seal: only the last chunk may end inside a block');
      }
      total += parts[k].length;
    }
    if (total % BLOCK !== 0) ended = true;
    const whole = total - (total % BLOCK);
    // The CBC input: the whole blocks (and a zero block first, on the first call).
    const lead = x === null ? BLOCK : 0;
    const copied = !(parts.length === 1 && lead === 0);
    let input = parts[0].subarray(0, whole);
    if (copied) {
      input = new Uint8Array(lead + whole);
      let at = lead;
      for (const part of parts) {
        const n = Math.min(part.length, lead + whole - at);
        input.set(part.subarray(0, n), at);
        at += n;
      }
    }
    const cbc =
      input.length > 0 ? new Uint8Array(await subtle.encrypt({ name: 'AES-CBC', iv: x ?? ZERO }, key, input)) : new Uint8Array(0);
    if (copied) input.fill(0);
    const shift = lead - BLOCK;
    applyKeystream(parts, x ?? cbc.subarray(0, BLOCK), cbc, shift);
    if (whole > 0 || lead > 0) x = cbc.slice(whole + shift, whole + shift + BLOCK);
    cbc.fill(0);
  }
  /**
   * The whole stream at once, from a buffer that holds 16 zero bytes and then the plaintext
   * (what `seal_deferred` hands over): that buffer is the CBC input as it is, no copy. Encrypts
   * `buf.subarray(16)` in place.
   * @param {Uint8Array} buf
   */
  async function encryptPrefixed(buf) {
    if (x !== null || ended || buf.length < BLOCK || buf.subarray(0, BLOCK).some((b) => b !== 0)) {
      throw new Error('webcrypto-seal: encryptPrefixed takes a whole stream after 16 zero bytes');
    }
    ended = true;
    const body = buf.subarray(BLOCK);
    const whole = body.length - (body.length % BLOCK);
    const cbc = new Uint8Array(await subtle.encrypt({ name: 'AES-CBC', iv: ZERO }, key, buf.subarray(0, BLOCK + whole)));
    applyKeystream([body], cbc.subarray(0, BLOCK), cbc, 0);
    cbc.fill(0);
  }
  return {
    encryptMany,
    encryptPrefixed,
    /** @param {Uint8Array} p @param {boolean} last */
    encrypt: (p, last) => encryptMany([p], last),
  };
}

/**
 * Encrypts `chunks` in place as one AES-256-CFB stream (IV zero): see `cfbStream`.
 * @param {Uint8Array} rawKey
 * @param {Uint8Array[]} chunks
 */
export async function cfbEncryptInPlace(rawKey, chunks, subtle = globalThis.crypto.subtle) {
  const stream = await cfbStream(rawKey, subtle);
  for (let c = 0; c < chunks.length; c++) await stream.encrypt(chunks[c], c === chunks.length - 1);
}

const CRC24_INIT = 0xb704ce;
const CRC24_POLY = 0x1864cfb;
const CRC24_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 16;
    for (let bit = 0; bit < 8; bit++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= CRC24_POLY;
    }
    t[i] = crc & 0xffffff;
  }
  return t;
})();

/**
 * The table in the top 24 bits of a 32-bit register, for a byte followed by 0-7 zero bytes
 * (`CRC24_SLICES[k][i]`), so that `crc24` takes eight bytes a step ("slicing by 8"; a byte at a
 * time it was 15 % of a 10 MiB seal's time, four at a time ~25 % slower than eight in Node).
 */
const CRC24_SLICES = (() => {
  const t = [0, 1, 2, 3, 4, 5, 6, 7].map(() => new Uint32Array(256));
  for (let i = 0; i < 256; i++) t[0][i] = (CRC24_TABLE[i] << 8) >>> 0;
  for (let k = 1; k < 8; k++) {
    for (let i = 0; i < 256; i++) {
      const prev = t[k - 1][i];
      t[k][i] = ((prev << 8) ^ t[0][prev >>> 24]) >>> 0;
    }
  }
  return t;
})();

function crc24(crc, bytes) {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = CRC24_SLICES;
  let r = (crc << 8) >>> 0;
  const steps = bytes.length - (bytes.length % 8);
  let i = 0;
  for (; i < steps; i += 8) {
    // The register (the CRC in its top 24 bits) meets the first four bytes; the next four
    // enter the tables directly.
    r ^= (bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3];
    r =
      t7[r >>> 24] ^ t6[(r >>> 16) & 0xff] ^ t5[(r >>> 8) & 0xff] ^ t4[r & 0xff] ^
      t3[bytes[i + 4]] ^ t2[bytes[i + 5]] ^ t1[bytes[i + 6]] ^ t0[bytes[i + 7]];
  }
  for (; i < bytes.length; i++) r = ((r << 8) ^ t0[((r >>> 24) ^ bytes[i]) & 0xff]) >>> 0;
  return (r >>> 8) & 0xffffff;
}

/** The CRC-24 of OpenPGP's ASCII armor (RFC 9580 §6.1) of `bytes`, on its own (the CLI's key armor). */
export function armorCrc24(bytes) {
  return crc24(CRC24_INIT, bytes);
}

/** Base64 of a few bytes (the CRC line). */
function base64Small(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    s += B64[n >>> 18] + B64[(n >>> 12) & 63];
    s += i + 1 < bytes.length ? B64[(n >>> 6) & 63] : '=';
    s += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return s;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
/** Two base64 characters as one 16-bit store, in memory order: for 12 bits of input. */
const PAIRS = (() => {
  const t = new Uint16Array(4096);
  for (let v = 0; v < 4096; v++) {
    const [a, b] = [B64.charCodeAt(v >>> 6), B64.charCodeAt(v & 63)];
    t[v] = LITTLE_ENDIAN ? a | (b << 8) : (a << 8) | b;
  }
  return t;
})();
const CRLF16 = LITTLE_ENDIAN ? 0x0a0d : 0x0d0a;

/** Bytes per armor line (64 base64 characters). */
const LINE = 48;
const BEGIN = '-----BEGIN PGP MESSAGE-----\r\n\r\n';
const END = '-----END PGP MESSAGE-----\r\n';

/** Length of the armored text of `n` bytes (BEGIN, lines of 64 + CRLF, CRC line, END). */
export function armoredLength(n) {
  const rest = n % LINE;
  return BEGIN.length + Math.floor(n / LINE) * 66 + (rest ? Math.ceil(rest / 3) * 4 + 2 : 0) + 7 + END.length;
}

/**
 * ASCII armor written as parts arrive, exactly as the seal module writes it: the BEGIN line, a
 * blank line, 64-character lines, the CRC24 line, the END line; CRLF line ends. Written as bytes
 * into one buffer of the final size (the message's length is known before it is encrypted), two
 * base64 characters per 16-bit store, so that the receipt's SHA-256 hashes those very bytes and
 * the text is decoded from them once. Hand-written: the platform's base64
 * (`Uint8Array.prototype.toBase64`) makes a string without line breaks, and putting them in (a
 * regular-expression pass), then encoding the whole text again for the hash, was ~45 % of a
 * 10 MiB seal in Chromium.
 */
export class Armorer {
  #crc = CRC24_INIT;
  #carry = new Uint8Array(LINE);
  #carried = 0;
  /** The output, one byte of padding first so that every line starts at an even offset. */
  #buf;
  #u8;
  #u16;
  #pos;
  #total;
  #in = 0;

  /** @param {number} total  the number of bytes that will be pushed */
  constructor(total) {
    if (!Number.isSafeInteger(total) || total < 0) throw new RangeError('Armorer: the total length is required');
    this.#total = total;
    const size = 1 + armoredLength(total);
    this.#buf = new ArrayBuffer(size + (size % 2));
    this.#u8 = new Uint8Array(this.#buf);
    this.#u16 = new Uint16Array(this.#buf);
    this.#pos = 1;
    this.#ascii(BEGIN);
  }

  #ascii(text) {
    for (let i = 0; i < text.length; i++) this.#u8[this.#pos++] = text.charCodeAt(i);
  }

  /** Whole lines of `src` from `off` (`n` lines of 48 bytes), at #pos (even). */
  #lines(src, off, n) {
    const out = this.#u16;
    let o = this.#pos >>> 1;
    for (let l = 0; l < n; l++) {
      for (let k = 0; k < 16; k++) {
        const v = (src[off] << 16) | (src[off + 1] << 8) | src[off + 2];
        off += 3;
        out[o++] = PAIRS[v >>> 12];
        out[o++] = PAIRS[v & 4095];
      }
      out[o++] = CRLF16;
    }
    this.#pos = o << 1;
  }

  /** @param {Uint8Array} part */
  push(part) {
    this.#in += part.length;
    if (this.#in > this.#total) throw new RangeError('Armorer: more bytes than announced');
    this.#crc = crc24(this.#crc, part);
    let at = 0;
    if (this.#carried > 0) {
      at = Math.min(LINE - this.#carried, part.length);
      this.#carry.set(part.subarray(0, at), this.#carried);
      this.#carried += at;
      if (this.#carried < LINE) return;
      this.#lines(this.#carry, 0, 1);
      this.#carried = 0;
    }
    const n = Math.floor((part.length - at) / LINE);
    this.#lines(part, at, n);
    at += n * LINE;
    this.#carry.set(part.subarray(at), 0);
    this.#carried = part.length - at;
  }

  /** @returns {Uint8Array} the armored message as ASCII bytes */
  finishBytes() {
    if (this.#in !== this.#total) throw new RangeError('Armorer: fewer bytes than announced');
    if (this.#carried > 0) {
      this.#ascii(base64Small(this.#carry.subarray(0, this.#carried)));
      this.#ascii('\r\n');
      this.#carry.fill(0);
      this.#carried = 0;
    }
    const crc = this.#crc;
    this.#ascii(`=${base64Small(Uint8Array.of((crc >> 16) & 0xff, (crc >> 8) & 0xff, crc & 0xff))}\r\n${END}`);
    return this.#u8.subarray(1, this.#pos);
  }

  /** @returns {string} the armored message */
  finish() {
    return asciiText(this.finishBytes());
  }
}

/** The text of ASCII bytes. */
function asciiText(bytes) {
  return new TextDecoder().decode(bytes);
}

/**
 * ASCII armor of the concatenation of `parts`.
 * @param {Uint8Array[]} parts
 * @returns {string}
 */
export function armorMessage(parts) {
  const a = new Armorer(parts.reduce((n, p) => n + p.length, 0));
  for (const part of parts) a.push(part);
  return a.finish();
}

/**
 * The armored message from what `seal_deferred` returned, and its SHA-256 (the receipt's): `head`
 * in clear, then `inner` encrypted here in place, armored, and wiped. `inner` is one buffer that
 * starts with `lead` (16) zero bytes, whose last 20 bytes are the MDC to compute here when `mdc`
 * is true (the seal module's shape since it left the SHA-1 to WebCrypto): then the SHA-1 runs
 * while the key is imported, and the whole stream is one AES-CBC call, on that very buffer.
 * Chunks without `lead` (older modules: the MDC inside) are grouped into calls of at most 16 MiB;
 * while one group is armored, the next one's AES runs.
 * @param {{head: Uint8Array, inner: Uint8Array[], key: Uint8Array, lead?: number, mdc?: boolean}} parts
 * @returns {Promise<{armored: string, sha256: string}>}
 */
export async function finishDeferred(parts, subtle = globalThis.crypto.subtle) {
  const head = own(parts, 'head');
  const inner = own(parts, 'inner');
  const key = own(parts, 'key');
  const lead = own(parts, 'lead') ?? 0;
  if (lead !== 0 && (lead !== BLOCK || inner.length !== 1)) throw new Error('webcrypto-seal: unexpected shape from the seal module');
  const armor = new Armorer(inner.reduce((n, c) => n + c.length, head.length) - lead);
  armor.push(head);
  if (lead !== 0) {
    const buf = inner[0];
    const body = buf.subarray(lead);
    let mdc = null;
    if (own(parts, 'mdc') === true) {
      if (body.length < 22) throw new Error('webcrypto-seal: no room for the MDC');
      mdc = subtle.digest('SHA-1', body.subarray(0, body.length - 20));
      mdc.catch(() => {}); // awaited below; not unhandled if the key import fails first
    }
    const stream = await cfbStream(key, subtle);
    if (mdc !== null) body.set(new Uint8Array(await mdc), body.length - 20);
    await stream.encryptPrefixed(buf);
    armor.push(body);
    buf.fill(0);
    inner[0] = new Uint8Array(0);
    return finishArmor(armor, subtle);
  }
  const stream = await cfbStream(key, subtle);
  // Chunks grouped into WebCrypto calls of at most GROUP bytes (one call for a 10 MiB
  // attachment): while one group is armored, the next one's AES runs.
  const groups = [];
  for (let c = 0, size = 0; c < inner.length; c++) {
    if (groups.length === 0 || (size + inner[c].length > GROUP && size > 0)) {
      groups.push([]);
      size = 0;
    }
    groups[groups.length - 1].push(inner[c]);
    size += inner[c].length;
  }
  const start = (g) => {
    const p = stream.encryptMany(groups[g], g === groups.length - 1);
    p.catch(() => {}); // awaited in its turn; not unhandled if the armor throws first
    return p;
  };
  let next = groups.length > 0 ? start(0) : null;
  for (let g = 0; g < groups.length; g++) {
    await next;
    if (g + 1 < groups.length) next = start(g + 1);
    for (const chunk of groups[g]) {
      armor.push(chunk);
      chunk.fill(0);
    }
    groups[g] = null;
  }
  inner.fill(new Uint8Array(0));
  return finishArmor(armor, subtle);
}

/** The armored text and its SHA-256 (hex). */
async function finishArmor(armor, subtle) {
  const bytes = armor.finishBytes();
  // The hash runs off the main thread while the text is decoded.
  const digest = subtle.digest('SHA-256', bytes);
  const armored = asciiText(bytes);
  const sha256 = Array.from(new Uint8Array(await digest), (b) => b.toString(16).padStart(2, '0')).join('');
  return { armored, sha256 };
}
