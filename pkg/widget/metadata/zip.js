/** ZIP: the central directory and the entries it names (no ZIP64, no encryption). */

import { MAX_TEXT, concat, inflate, le16, le32, utf8 } from './bytes.js';

/** The central directory: {entries: [{name, method, flags, needed, crc, csize, usize, offset, cd: {start, end, nameLen}}], cdStart, cdEnd, eocd}, or null. */
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
    const e = { name: utf8(b.subarray(at + 46, at + 46 + nameLen)), flags: le16(b, at + 8), needed: le16(b, at + 6), method: le16(b, at + 10), crc: le32(b, at + 16), csize: le32(b, at + 20), usize: le32(b, at + 24), offset: le32(b, at + 42), cd: { start: at, end, nameLen } };
    if (e.offset + 30 > start || le32(b, e.offset) !== 0x04034b50) return null;
    e.dataStart = e.offset + 30 + le16(b, e.offset + 26) + le16(b, e.offset + 28);
    if (e.dataStart + e.csize > start) return null;
    entries.push(e);
    at = end;
  }
  return { entries, cdStart: start, cdEnd: at, eocd };
}

/** An entry's bytes, inflated; null when encrypted, of another method, or larger than `limit`. */
export async function zipEntry(b, e, limit = MAX_TEXT) {
  if (e.flags & 1) return null; // encrypted
  const data = b.subarray(e.dataStart, e.dataStart + e.csize);
  if (e.method === 0) return data.length <= limit ? data : null;
  if (e.method === 8 && e.usize <= limit) return inflate(data, 'deflate-raw', limit);
  return null;
}

/**
 * A new ZIP of `files` ([{name: bytes, method, flags, needed, crc, csize, usize, data}], `data`
 * as stored: compressed when `method` is 8), written so that it says nothing but the names and
 * the contents: every entry dated 1980-01-01 00:00 (the earliest DOS date), no extra fields
 * (they hold NTFS and Unix times, uid and gid), no comments, "made by" MS-DOS with no file
 * attributes (a Unix mode says which system wrote it), no data descriptors.
 */
export function writeZip(files) {
  const parts = [];
  const central = [];
  let pos = 0;
  for (const f of files) {
    const flags = f.flags & 0x0806; // UTF-8 names and the deflate level hint; no descriptor
    const needed = Math.max(20, f.needed & 0xff);
    const local = new Uint8Array(30 + f.name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, needed, true);
    lv.setUint16(6, flags, true);
    lv.setUint16(8, f.method, true);
    lv.setUint16(10, 0, true); // 00:00:00
    lv.setUint16(12, 0x21, true); // 1980-01-01
    lv.setUint32(14, f.crc, true);
    lv.setUint32(18, f.csize, true);
    lv.setUint32(22, f.usize, true);
    lv.setUint16(26, f.name.length, true);
    local.set(f.name, 30);
    parts.push(local, f.data);
    const c = new Uint8Array(46 + f.name.length);
    const cv = new DataView(c.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true); // made by: MS-DOS, 2.0
    cv.setUint16(6, needed, true);
    cv.setUint16(8, flags, true);
    cv.setUint16(10, f.method, true);
    cv.setUint16(12, 0, true);
    cv.setUint16(14, 0x21, true);
    cv.setUint32(16, f.crc, true);
    cv.setUint32(20, f.csize, true);
    cv.setUint32(24, f.usize, true);
    cv.setUint16(28, f.name.length, true);
    cv.setUint32(42, pos, true);
    c.set(f.name, 46);
    central.push(c);
    pos += local.length + f.data.length;
  }
  const cdSize = central.reduce((n, p) => n + p.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, files.length, true);
  ev.setUint16(10, files.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, pos, true);
  return concat([...parts, ...central, eocd]);
}
