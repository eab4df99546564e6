/**
 * Byte helpers shared by the metadata parsers: bounded readers, text decoders, inflation with the
 * platform's DecompressionStream, CRC-32, and the list of items found (`Items`).
 */

export const MAX_ITEMS = 64;
export const MAX_VALUE = 300; // characters shown of one value
export const MAX_TEXT = 4 * 1024 * 1024; // bytes inflated from one compressed entry or chunk
export const MAX_IFD_ENTRIES = 1024;
export const MAX_SEGMENTS = 10_000;

export const latin1 = (bytes) => new TextDecoder('latin1').decode(bytes);
export const utf8 = (bytes) => new TextDecoder('utf-8').decode(bytes);
export const ascii = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

export function startsWith(bytes, at, text) {
  if (at < 0 || at + text.length > bytes.length) return false;
  for (let i = 0; i < text.length; i += 1) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

export function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const be16 = (b, i) => (b[i] << 8) | b[i + 1];
export const be32 = (b, i) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
export const le16 = (b, i) => b[i] | (b[i + 1] << 8);
export const le32 = (b, i) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

/** EXIF `2026:03:14 09:26:53`, ISO 8601 (Office) and PDF `D:20260314092653+01'00'` → `2026-03-14 09:26:53[ +01:00]`. */
function dateText(v) {
  const exif = /^(\d{4}):(\d\d):(\d\d)( \d\d:\d\d:\d\d)?$/.exec(v.trim());
  if (exif) return `${exif[1]}-${exif[2]}-${exif[3]}${exif[4] ?? ''}`;
  const iso = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d(?::\d\d)?)(?:\.\d+)?(Z|[+-]\d\d:\d\d)?$/.exec(v.trim());
  if (iso) return `${iso[1]} ${iso[2]}${iso[3] === 'Z' ? ' UTC' : iso[3] ? ` ${iso[3]}` : ''}`;
  const pdf = /^D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(Z|[+-]\d\d'?\d\d'?)?/.exec(v.trim());
  if (!pdf) return v;
  const [, y, mo = '01', d = '01', hh, mm = '00', ss = '00', tz] = pdf;
  const zone = tz && tz !== 'Z' ? ` ${tz.slice(0, 3)}:${tz.replace(/'/g, '').slice(3, 5)}` : tz ? ' UTC' : '';
  return `${y}-${mo}-${d}${hh ? ` ${hh}:${mm}:${ss}` : ''}${zone}`;
}
const DATE_FIELDS = new Set(['date', 'created', 'modified', 'printed']);

/** Trimmed, control characters removed, at most MAX_VALUE characters. */
function tidy(text) {
  const s = String(text)
    .slice(0, 4 * MAX_VALUE)
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}…` : s;
}

export class Items {
  list = [];
  /** XMP text read so far: past 1 MB in one file, further packets are said, not read. */
  xmpRead = 0;
  push(field, value, label) {
    if (this.list.length >= MAX_ITEMS) return;
    const v = tidy(DATE_FIELDS.has(field) ? dateText(String(value ?? '')) : value ?? '');
    if (!v || this.list.length >= MAX_ITEMS) return;
    if (this.list.some((x) => x.field === field && x.value === v && x.label === label)) return;
    this.list.push(label === undefined ? { field, value: v } : { field, value: v, label: tidy(label) });
  }
}

/**
 * Inflates `bytes` ('deflate' = zlib, 'deflate-raw' = a ZIP entry) with the platform's
 * DecompressionStream; null when the data is bad, larger than `limit`, or the platform has none.
 */
export async function inflate(bytes, format, limit = MAX_TEXT) {
  if (typeof DecompressionStream !== 'function') return null;
  let ds;
  try {
    ds = new DecompressionStream(format);
  } catch {
    return null;
  }
  const writer = ds.writable.getWriter();
  writer.write(bytes).catch(() => {});
  writer.close().catch(() => {});
  const reader = ds.readable.getReader();
  const parts = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        reader.cancel().catch(() => {});
        return null;
      }
      parts.push(value);
    }
  } catch {
    return null;
  }
  return concat(parts);
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i += 1) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The first `needle` (ASCII) in `b` from `from`, or -1: a byte search, no string of the file. */
export function indexOfBytes(b, needle, from = 0) {
  const first = needle.charCodeAt(0);
  for (let i = b.indexOf(first, from); i >= 0 && i + needle.length <= b.length; i = b.indexOf(first, i + 1)) {
    if (startsWith(b, i, needle)) return i;
  }
  return -1;
}

/** Every offset of `needle`, at most `max`. */
export function allBytes(b, needle, max = 100_000) {
  const out = [];
  for (let i = indexOfBytes(b, needle); i >= 0 && out.length < max; i = indexOfBytes(b, needle, i + 1)) out.push(i);
  return out;
}

/** A short window of the file as text (Latin-1: one character per byte). */
export const windowAt = (b, at, len) => latin1(b.subarray(Math.max(0, at), Math.min(b.length, at + len)));
