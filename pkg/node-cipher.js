/**
 * Sealing's bulk work on Node's own AES (OpenSSL, with AES-NI where the CPU has it) instead of
 * AES compiled to WebAssembly (issue #11): AES-256-CFB with a zero IV, continued across calls, is
 * exactly OpenPGP's SEIPD v1 mode, and SHA-1 the MDC. The seal module still makes the session
 * key, the key packet, the framing and the armor. Installed by the Node entry (node-entry.js);
 * `PSIRT_REPORT_SOFT_CIPHER=1` keeps the module's own cipher (the benchmarks compare the two).
 */

import { createCipheriv, createHash } from 'node:crypto';

/**
 * @param {Uint8Array} sessionKey  wiped once the cipher holds it
 * @returns {{process(buf: Uint8Array, mdc: boolean): void, mdc(): Uint8Array}}
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
  };
}
