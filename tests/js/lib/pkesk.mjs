// Reads what an OpenPGP message says in the clear about its recipients: each public-key
// encrypted session key packet (PKESK, RFC 9580 §5.1) before the encrypted data, with the key it
// names (v3: the key ID, "0000000000000000" for the wildcard; v6: the fingerprint, null for the
// anonymous recipient). Written here, not taken from our own code, so the tests check the bytes
// against the RFC and not against the writer.

import { createHash } from 'node:crypto';

/** The binary packets of an armored block (CRC line and headers skipped). */
export function dearmor(armored) {
  const lines = String(armored).split(/\r?\n/);
  const begin = lines.findIndex((l) => l.startsWith('-----BEGIN PGP '));
  if (begin < 0) throw new Error('no armored block');
  let i = begin + 1;
  while (i < lines.length && lines[i].trim() !== '') i++; // armor headers, up to the blank line
  const body = [];
  for (i++; i < lines.length; i++) {
    const l = lines[i].trim();
    if (l.startsWith('-----END') || l.startsWith('=')) break;
    body.push(l);
  }
  return Buffer.from(body.join(''), 'base64');
}

/** One packet header at `at`: {tag, start, length} (length null for a partial body). */
function header(buf, at) {
  const b = buf[at];
  if (!(b & 0x80)) throw new Error(`not a packet header at ${at}`);
  if (b & 0x40) {
    const tag = b & 0x3f;
    const l0 = buf[at + 1];
    if (l0 < 192) return { tag, start: at + 2, length: l0 };
    if (l0 < 224) return { tag, start: at + 3, length: ((l0 - 192) << 8) + buf[at + 2] + 192 };
    if (l0 === 255) return { tag, start: at + 6, length: buf.readUInt32BE(at + 2) };
    return { tag, start: at + 2, length: null };
  }
  const tag = (b >> 2) & 0x0f;
  const lt = b & 3;
  if (lt === 0) return { tag, start: at + 2, length: buf[at + 1] };
  if (lt === 1) return { tag, start: at + 3, length: buf.readUInt16BE(at + 1) };
  if (lt === 2) return { tag, start: at + 5, length: buf.readUInt32BE(at + 1) };
  return { tag, start: at + 1, length: null };
}

/**
 * The PKESKs of an armored message, in order:
 * [{version: 3, keyId: 'HEX16', anonymous}] or [{version: 6, fingerprint: 'HEX'|null, anonymous}].
 */
export function recipientsOf(armored) {
  const buf = dearmor(armored);
  const out = [];
  for (let at = 0; at < buf.length;) {
    const h = header(buf, at);
    if (h.tag !== 1) break; // the encrypted data (or anything else) ends the key packets
    if (h.length === null) throw new Error('a PKESK with a partial length');
    const body = buf.subarray(h.start, h.start + h.length);
    if (body[0] === 3) {
      const keyId = body.subarray(1, 9).toString('hex').toUpperCase();
      out.push({ version: 3, keyId, anonymous: keyId === '0'.repeat(16), algorithm: body[9] });
    } else if (body[0] === 6) {
      const n = body[1];
      const fingerprint = n === 0 ? null : body.subarray(3, 2 + n).toString('hex').toUpperCase();
      out.push({ version: 6, fingerprint, anonymous: n === 0, algorithm: body[2 + n] });
    } else {
      out.push({ version: body[0] });
    }
    at = h.start + h.length;
  }
  return out;
}


/**
 * The fingerprints of every key in an armored public key (primary and subkeys), with the key ID
 * each is known by: v4 SHA-1 over 0x99 ‖ 2-byte length ‖ body (ID: the last 8 bytes); v6 SHA-256
 * over 0x9B ‖ 4-byte length ‖ body (ID: the first 8 bytes). RFC 9580 §5.5.4.
 */
export function keyFingerprints(armoredKey) {
  const buf = dearmor(armoredKey);
  const out = [];
  for (let at = 0; at < buf.length;) {
    const h = header(buf, at);
    if (h.length === null) throw new Error('a key packet with a partial length');
    const body = buf.subarray(h.start, h.start + h.length);
    if (h.tag === 6 || h.tag === 14) {
      if (body[0] === 4) {
        const len = Buffer.alloc(2);
        len.writeUInt16BE(body.length);
        const fpr = createHash('sha1').update(Buffer.from([0x99])).update(len).update(body).digest();
        out.push({ version: 4, fingerprint: fpr, keyId: fpr.subarray(12) });
      } else if (body[0] === 6) {
        const len = Buffer.alloc(4);
        len.writeUInt32BE(body.length);
        const fpr = createHash('sha256').update(Buffer.from([0x9b])).update(len).update(body).digest();
        out.push({ version: 6, fingerprint: fpr, keyId: fpr.subarray(0, 8) });
      }
    }
    at = h.start + h.length;
  }
  return out;
}

/**
 * Where any key of `armoredKey` is named in `armored` (the message): its fingerprint or key ID as
 * bytes in the packets, or as hex in the armored text. [] when nowhere.
 */
export function keyNamedIn(armored, armoredKey) {
  const bin = dearmor(armored);
  const text = String(armored).toUpperCase().replace(/\s+/g, '');
  const found = [];
  for (const k of keyFingerprints(armoredKey)) {
    for (const [what, bytes] of [['fingerprint', k.fingerprint], ['key ID', k.keyId]]) {
      if (bin.indexOf(bytes) >= 0) found.push(`${what} ${bytes.toString('hex')} in the packets`);
      if (text.includes(bytes.toString('hex').toUpperCase())) found.push(`${what} ${bytes.toString('hex')} in the armor`);
    }
  }
  return found;
}
