/**
 * Sealing's bulk encryption on the browser's own AES (issue #11): WebCrypto instead of AES
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
const ZERO = new Uint8Array(BLOCK);

/**
 * An AES-256-CFB stream (IV zero) on WebCrypto: `encrypt(chunk, last)` encrypts each chunk in
 * place, continuing the stream; every chunk but the last must be a multiple of 16 bytes. Wipes
 * `rawKey` once imported.
 * @param {Uint8Array} rawKey
 * @param {SubtleCrypto} [subtle]
 */
export async function cfbStream(rawKey, subtle = globalThis.crypto.subtle) {
  const key = await subtle.importKey('raw', rawKey, { name: 'AES-CBC' }, false, ['encrypt']);
  rawKey.fill(0);
  // X₁ = E(0): the CBC encryption of one zero block with a zero IV.
  let x = new Uint8Array(await subtle.encrypt({ name: 'AES-CBC', iv: ZERO }, key, ZERO)).slice(0, BLOCK);
  let ended = false;
  return {
    /** @param {Uint8Array} p @param {boolean} last */
    async encrypt(p, last) {
      if (ended || (p.length % BLOCK !== 0 && !last)) {
        throw new Error('webcrypto-seal: only the last chunk may end inside a block');
      }
      if (p.length % BLOCK !== 0) ended = true;
      const whole = p.length - (p.length % BLOCK);
      // CBC over the whole blocks gives X₂…Xₙ₊₁ (plus one block of PKCS#7 padding, unused).
      const cbc =
        whole > 0
          ? new Uint8Array(await subtle.encrypt({ name: 'AES-CBC', iv: x }, key, p.subarray(0, whole)))
          : new Uint8Array(0);
      // Cᵢ = Pᵢ ⊕ Xᵢ, with X₁ the carried state and Xᵢ₊₁ = cbc block i.
      for (let i = 0; i < BLOCK && i < p.length; i++) p[i] ^= x[i];
      if (p.byteOffset % 4 === 0 && cbc.byteOffset % 4 === 0) {
        // Four bytes at a time (XOR does not care about byte order): a byte at a time this loop
        // was a sixth of a 10 MiB seal's time.
        const p32 = new Uint32Array(p.buffer, p.byteOffset, whole >>> 2);
        const c32 = new Uint32Array(cbc.buffer, cbc.byteOffset, whole >>> 2);
        for (let i = BLOCK >>> 2; i < p32.length; i++) p32[i] ^= c32[i - (BLOCK >>> 2)];
      } else {
        for (let i = BLOCK; i < whole; i++) p[i] ^= cbc[i - BLOCK];
      }
      if (whole > 0) x = cbc.slice(whole - BLOCK, whole);
      // A last partial block: its keystream is the state reached, truncated.
      if (whole !== p.length && whole > 0) {
        for (let i = whole; i < p.length; i++) p[i] ^= x[i - whole];
      }
      cbc.fill(0);
    },
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
 * The table in the top 24 bits of a 32-bit register, for a byte followed by 0-3 zero bytes
 * (`CRC24_SLICES[k][i]`), so that `crc24` takes four bytes a step ("slicing by 4"; a byte at a
 * time it was 15 % of a 10 MiB seal's time).
 */
const CRC24_SLICES = (() => {
  const t = [0, 1, 2, 3].map(() => new Uint32Array(256));
  for (let i = 0; i < 256; i++) t[0][i] = (CRC24_TABLE[i] << 8) >>> 0;
  for (let k = 1; k < 4; k++) {
    for (let i = 0; i < 256; i++) {
      const prev = t[k - 1][i];
      t[k][i] = ((prev << 8) ^ t[0][prev >>> 24]) >>> 0;
    }
  }
  return t;
})();

function crc24(crc, bytes) {
  const [t0, t1, t2, t3] = CRC24_SLICES;
  let r = (crc << 8) >>> 0;
  const words = bytes.length - (bytes.length % 4);
  let i = 0;
  for (; i < words; i += 4) {
    r ^= (bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3];
    r = t3[r >>> 24] ^ t2[(r >>> 16) & 0xff] ^ t1[(r >>> 8) & 0xff] ^ t0[r & 0xff];
  }
  for (; i < bytes.length; i++) r = ((r << 8) ^ t0[((r >>> 24) ^ bytes[i]) & 0xff]) >>> 0;
  return (r >>> 8) & 0xffffff;
}

/** Base64 of bytes: the platform's when it has one (Uint8Array.prototype.toBase64, Buffer). */
function base64(bytes) {
  if (typeof bytes.toBase64 === 'function') return bytes.toBase64();
  if (typeof globalThis.Buffer === 'function') {
    return globalThis.Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  }
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Bytes per armor line (64 base64 characters). */
const LINE = 48;

/**
 * ASCII armor written as parts arrive, exactly as the seal module writes it: the BEGIN line, a
 * blank line, 64-character lines, the CRC24 line, the END line; CRLF line ends. Each part's
 * text is one string (its line breaks put in by one regular-expression pass), so memory holds
 * the armored text about once, not as hundreds of thousands of line strings.
 */
export class Armorer {
  #out = ['-----BEGIN PGP MESSAGE-----\r\n\r\n'];
  #crc = CRC24_INIT;
  #carry = new Uint8Array(0);

  /** @param {Uint8Array} part */
  push(part) {
    this.#crc = crc24(this.#crc, part);
    let bytes = part;
    if (this.#carry.length > 0) {
      bytes = new Uint8Array(this.#carry.length + part.length);
      bytes.set(this.#carry);
      bytes.set(part, this.#carry.length);
    }
    const whole = bytes.length - (bytes.length % LINE);
    if (whole > 0) this.#emit(bytes.subarray(0, whole));
    this.#carry = bytes.slice(whole);
  }

  #emit(bytes) {
    // Whole lines only (a multiple of 48 bytes, except at the very end): every 64 characters
    // are followed by CRLF, the last ones too.
    const text = base64(bytes);
    this.#out.push(text.length % 64 === 0 ? text.replace(/.{64}/g, '$&\r\n') : `${text.replace(/.{64}/g, '$&\r\n')}\r\n`);
  }

  /** @returns {string} the armored message */
  finish() {
    if (this.#carry.length > 0) this.#emit(this.#carry);
    const crc = this.#crc;
    const c = new Uint8Array([(crc >> 16) & 0xff, (crc >> 8) & 0xff, crc & 0xff]);
    this.#out.push(`=${base64(c)}\r\n-----END PGP MESSAGE-----\r\n`);
    return this.#out.join('');
  }
}

/**
 * ASCII armor of the concatenation of `parts`.
 * @param {Uint8Array[]} parts
 * @returns {string}
 */
export function armorMessage(parts) {
  const a = new Armorer();
  for (const part of parts) a.push(part);
  return a.finish();
}

/**
 * The armored message from what `seal_deferred` returned: `head` in clear, each chunk of `inner`
 * encrypted here in place, armored, then wiped and let go, one at a time.
 * @param {{head: Uint8Array, inner: Uint8Array[], key: Uint8Array}} parts
 * @returns {Promise<string>}
 */
export async function finishDeferred(parts) {
  const head = own(parts, 'head');
  const inner = own(parts, 'inner');
  const key = own(parts, 'key');
  const armor = new Armorer();
  armor.push(head);
  const stream = await cfbStream(key);
  for (let c = 0; c < inner.length; c++) {
    await stream.encrypt(inner[c], c === inner.length - 1);
    armor.push(inner[c]);
    inner[c].fill(0);
    inner[c] = new Uint8Array(0);
  }
  return armor.finish();
}
