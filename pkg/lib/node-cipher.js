/**
 * Sealing's bulk work on Node's own AES (OpenSSL, with AES-NI where the CPU has it) instead of
 * AES compiled to WebAssembly: AES-256-CFB with a zero IV, continued across calls, is
 * exactly OpenPGP's SEIPD v1 mode, and SHA-1 the MDC; and for an RSA key, the key packet's
 * RSA operation. The seal module still makes the session key, the key packet, the framing and
 * the armor. Installed by the Node entry (node-entry.js);
 * `PSIRT_REPORT_SOFT_CIPHER=1` keeps the module's own cipher (the benchmarks compare the two).
 */

import { constants, createCipheriv, createHash, createPublicKey, publicEncrypt } from 'node:crypto';

/**
 * @param {Uint8Array} sessionKey  wiped once the cipher holds it
 * @returns {{process(buf: Uint8Array, mdc: boolean): void, mdc(): Uint8Array,
 *   rsaEncrypt(n: Uint8Array, e: Uint8Array, m: Uint8Array): Uint8Array}}
 */
export function nodeCipher(sessionKey) {
  const cipher = createCipheriv('aes-256-cfb', sessionKey, Buffer.alloc(16));
  sessionKey.fill(0);
  const hash = createHash('sha1');
  return {
    process(buf, mdc) {
      if (mdc) hash.update(buf);
      buf.set(cipher.update(buf));
    },
    mdc() {
      return new Uint8Array(hash.digest());
    },
    /**
     * The RSA public-key operation of the key packet (RSAES-PKCS1-v1_5, as OpenPGP's RSA
     * encryption is): OpenSSL's instead of big-number arithmetic compiled to wasm32. `n` and `e`
     * big-endian; `m` the session key with its algorithm byte and checksum.
     */
    rsaEncrypt(n, e, m) {
      const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
      const key = createPublicKey({ key: { kty: 'RSA', n: b64url(n), e: b64url(e) }, format: 'jwk' });
      return new Uint8Array(publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, m));
    },
  };
}

/**
 * The receipt's SHA-256 of the armored text, over the chunks the seal module hands back (ASCII),
 * on node:crypto: the seal module hashes nothing when it is given the platform's cipher.
 * @param {string[]} chunks
 * @returns {string} hex
 */
export function nodeArmorSha256(chunks) {
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk, 'latin1');
  return hash.digest('hex');
}
