/** ZIP: the central directory and the entries it names (no ZIP64, no encryption). */

import { MAX_TEXT, inflate, le16, le32, utf8 } from './bytes.js';

/** The central directory: {entries: [{name, method, flags, csize, usize, offset, cd: {start, end}}], cdStart, cdEnd, eocd}, or null. */
export function zipDirectory(b) {
  const min = Math.max(0, b.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = b.length - 22; i >= min; i -= 1) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 5 && b[i + 3] === 6) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = le16(b, eocd + 10);
  const size = le32(b, eocd + 12);
  const start = le32(b, eocd + 16);
  if (count === 0xffff || start === 0xffffffff || start + size > eocd) return null; // ZIP64: not read here
  const entries = [];
  let at = start;
  for (let n = 0; n < count; n += 1) {
    if (at + 46 > eocd || le32(b, at) !== 0x02014b50) return null;
    const nameLen = le16(b, at + 28);
    const extraLen = le16(b, at + 30);
    const commentLen = le16(b, at + 32);
    const end = at + 46 + nameLen + extraLen + commentLen;
    if (end > eocd) return null;
    const e = { name: utf8(b.subarray(at + 46, at + 46 + nameLen)), flags: le16(b, at + 8), method: le16(b, at + 10), csize: le32(b, at + 20), usize: le32(b, at + 24), offset: le32(b, at + 42), cd: { start: at, end, nameLen } };
    if (e.offset + 30 > start || le32(b, e.offset) !== 0x04034b50) return null;
    e.dataStart = e.offset + 30 + le16(b, e.offset + 26) + le16(b, e.offset + 28);
    if (e.dataStart + e.csize > start) return null;
    entries.push(e);
    at = end;
  }
  return { entries, cdStart: start, cdEnd: at, eocd };
}

export async function zipEntry(b, e) {
  if (e.flags & 1) return null; // encrypted
  const data = b.subarray(e.dataStart, e.dataStart + e.csize);
  if (e.method === 0) return data;
  if (e.method === 8 && e.usize <= MAX_TEXT) return inflate(data, 'deflate-raw', MAX_TEXT);
  return null;
}
