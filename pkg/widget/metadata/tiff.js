/** EXIF's TIFF structure (IFD0, the Exif IFD, the GPS IFD), read in either byte order. */

import { MAX_IFD_ENTRIES, be16, be32, le16, le32, utf8 } from './bytes.js';

const TYPE_SIZE = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };

/**
 * Reads an EXIF TIFF block (IFD0, the Exif IFD, the GPS IFD), either byte order. Returns
 * `{ok, orientation}`; pushes what it finds into `items`.
 */
export function readTiff(b, items) {
  if (b.length < 8) return { ok: false };
  const le = b[0] === 0x49 && b[1] === 0x49;
  if (!le && !(b[0] === 0x4d && b[1] === 0x4d)) return { ok: false };
  const u16 = (i) => (le ? le16(b, i) : be16(b, i));
  const u32 = (i) => (le ? le32(b, i) : be32(b, i));
  if (u16(2) !== 42) return { ok: false };
  const seen = new Set();
  /** Map tag → {type, count, at} (value offset in b), or null when the IFD is out of bounds. */
  const ifd = (off) => {
    if (seen.has(off) || seen.size > 8 || off < 8 || off + 2 > b.length) return null;
    seen.add(off);
    const n = u16(off);
    if (n > MAX_IFD_ENTRIES || off + 2 + n * 12 > b.length) return null;
    const tags = new Map();
    for (let i = 0; i < n; i += 1) {
      const e = off + 2 + i * 12;
      const type = u16(e + 2);
      const count = u32(e + 4);
      const size = (TYPE_SIZE[type] ?? 0) * count;
      if (!size || count > b.length) continue;
      const at = size <= 4 ? e + 8 : u32(e + 8);
      if (at + size > b.length) continue;
      tags.set(u16(e), { type, count, at });
    }
    return tags;
  };
  const str = (t) => {
    if (!t) return '';
    if (t.type === 2 || t.type === 7 || t.type === 1) {
      const s = b.subarray(t.at, t.at + t.count);
      const z = s.indexOf(0);
      return utf8(z >= 0 ? s.subarray(0, z) : s);
    }
    return '';
  };
  const ucs2 = (t) => {
    if (!t || (t.type !== 1 && t.type !== 7)) return '';
    return new TextDecoder('utf-16le').decode(b.subarray(t.at, t.at + (t.count & ~1))).replace(/\u0000+$/, '');
  };
  const num = (t) => (!t ? null : t.type === 3 ? u16(t.at) : t.type === 4 ? u32(t.at) : null);
  const rationals = (t) => {
    if (!t || (t.type !== 5 && t.type !== 10) || t.count < 3) return null;
    const out = [];
    for (let i = 0; i < 3; i += 1) {
      const d = u32(t.at + i * 8 + 4);
      if (!d) return null;
      out.push(u32(t.at + i * 8) / d);
    }
    return out;
  };
  const ifd0 = ifd(u32(4));
  if (!ifd0) return { ok: false };
  const make = str(ifd0.get(0x010f)).trim();
  const model = str(ifd0.get(0x0110)).trim();
  if (make || model) items.push('camera', model.toLowerCase().startsWith(make.toLowerCase()) ? model : `${make} ${model}`);
  items.push('author', str(ifd0.get(0x013b)));
  items.push('author', ucs2(ifd0.get(0x9c9d)));
  items.push('copyright', str(ifd0.get(0x8298)));
  items.push('software', str(ifd0.get(0x0131)));
  items.push('description', str(ifd0.get(0x010e)));
  const orientation = num(ifd0.get(0x0112));
  const exifPtr = num(ifd0.get(0x8769));
  const exif = exifPtr ? ifd(exifPtr) : null;
  if (exif) {
    items.push('date', str(exif.get(0x9003)));
    items.push('owner', str(exif.get(0xa430)));
    items.push('serial', str(exif.get(0xa431)));
    items.push('lens', str(exif.get(0xa434)));
  }
  if (!exif || !exif.has(0x9003)) items.push('date', str(ifd0.get(0x0132)));
  const gpsPtr = num(ifd0.get(0x8825));
  const gps = gpsPtr ? ifd(gpsPtr) : null;
  if (gps) {
    const lat = rationals(gps.get(2));
    const lon = rationals(gps.get(4));
    if (lat && lon) {
      const deg = ([d, m, s], ref, neg) => (ref === neg ? -1 : 1) * (d + m / 60 + s / 3600);
      const la = deg(lat, str(gps.get(1)).trim().toUpperCase(), 'S');
      const lo = deg(lon, str(gps.get(3)).trim().toUpperCase(), 'W');
      if (Number.isFinite(la) && Number.isFinite(lo)) items.push('gps', `${la.toFixed(4)}, ${lo.toFixed(4)}`);
    } else if (gps.size > 0) {
      items.push('gps', '?');
    }
  }
  return { ok: true, orientation };
}
