/** JPEG: the segments before and between the scans, read and rewritten. */

import { MAX_SEGMENTS, be16, concat, startsWith, utf8 } from './bytes.js';
import { readTiff } from './tiff.js';
import { readXmp } from './xml.js';

const EXIF_ID = 'Exif\u0000\u0000';
const XMP_ID = 'http://ns.adobe.com/xap/1.0/\u0000';

/** The segments before the image data: [{marker, start, end, body}], or null when malformed. */
function jpegSegments(b) {
  if (!(b[0] === 0xff && b[1] === 0xd8)) return null;
  const segs = [];
  let at = 2;
  for (let n = 0; n < MAX_SEGMENTS; n += 1) {
    while (at < b.length && b[at] === 0xff && b[at + 1] === 0xff) at += 1; // fill bytes
    if (at + 2 > b.length || b[at] !== 0xff) return null;
    const marker = b[at + 1];
    if (marker === 0xd9) return { segs, scan: at }; // EOI with no image data
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    if (at + 4 > b.length) return null;
    const len = be16(b, at + 2);
    if (len < 2 || at + 2 + len > b.length) return null;
    if (marker === 0xda) return { segs, scan: at }; // start of scan: image data to the end
    segs.push({ marker, start: at, end: at + 2 + len, body: b.subarray(at + 4, at + 2 + len) });
    at += 2 + len;
  }
  return null;
}

/**
 * The allow-list: what a cleaned copy keeps is what decodes the image, nothing else.
 * SOFn (0xC0–0xCF but for DHT, JPG and DAC, which are listed on their own), DHT, DAC, DQT, DRI,
 * DNL; SOS, restart markers and EOI are handled by the scan walk. JFIF's APP0 and Adobe's APP14
 * are kept rewritten (below); every other segment, known or not, is left out.
 */
const CODING = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf, 0xc4, 0xcc, 0xdb, 0xdd, 0xdc]);
/** Between the scans of a progressive JPEG only tables and the next scan header belong. */
const BETWEEN_SCANS = new Set([0xc4, 0xcc, 0xdb, 0xdd, 0xdc, 0xda]);

/** JFIF APP0 without its thumbnail: the 14-byte header with a 0×0 thumbnail, or null. */
function jfifHeader(s) {
  if (s.marker !== 0xe0 || s.body.length < 14 || !startsWith(s.body, 0, 'JFIF\u0000')) return null;
  const body = s.body.slice(0, 14);
  body[12] = 0;
  body[13] = 0;
  return concat([Uint8Array.of(0xff, 0xe0, 0, 16), body]);
}

/** Adobe APP14 (colour transform: how to decode the components): its fixed 12 bytes, or null. */
function adobeHeader(s) {
  if (s.marker !== 0xee || s.body.length < 12 || !startsWith(s.body, 0, 'Adobe')) return null;
  return concat([Uint8Array.of(0xff, 0xee, 0, 14), s.body.subarray(0, 12)]);
}

/** APP2 "MPF": the Multi-Picture index of further images stored after the end of this one. */
const isMpf = (s) => s.marker === 0xe2 && startsWith(s.body, 0, 'MPF\u0000');
const isIcc = (s) => s.marker === 0xe2 && startsWith(s.body, 0, 'ICC_PROFILE\u0000');

/** A segment's name for the "other data" list: `APP11 JP`, `APP2 ICC_PROFILE`, `marker 0xF0`. */
function segmentName(s) {
  if (s.marker < 0xe0 || s.marker > 0xef) return `marker 0x${s.marker.toString(16).toUpperCase()}`;
  let id = '';
  for (let i = 0; i < Math.min(16, s.body.length) && s.body[i] !== 0; i += 1) {
    const c = s.body[i];
    if (c < 0x20 || c > 0x7e) {
      id = '';
      break;
    }
    id += String.fromCharCode(c);
  }
  if (s.marker === 0xe0 && id === 'JFIF') return 'APP0 JFIF thumbnail';
  return `APP${s.marker - 0xe0}${/^[A-Za-z0-9 _.:-]+$/.test(id) ? ` ${id}` : ''}`;
}

/**
 * From the first start-of-scan to the end of the image: the byte ranges to keep (any segment
 * between the scans of a progressive JPEG that is not a table or a scan header left out), those
 * segments, and where the
 * image ends (just past EOI; -1 when the file stops before it). Entropy-coded data is skipped by
 * its rule: a 0xFF in it is followed by 0x00 or a restart marker.
 */
function jpegAfterScan(b, sos) {
  const keep = [];
  const meta = [];
  let from = sos;
  let i = sos;
  for (let n = 0; n < MAX_SEGMENTS; n += 1) {
    if (i + 2 > b.length || b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xd9) {
      keep.push([from, i + 2]);
      return { keep, meta, eoi: i + 2 };
    }
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    if (i + 4 > b.length) return null;
    const len = be16(b, i + 2);
    if (len < 2 || i + 2 + len > b.length) return null;
    const seg = { marker, start: i, end: i + 2 + len, body: b.subarray(i + 4, i + 2 + len) };
    if (!BETWEEN_SCANS.has(marker)) {
      keep.push([from, i]);
      meta.push(seg);
      from = seg.end;
    }
    i = seg.end;
    if (marker === 0xda) {
      for (;;) {
        i = b.indexOf(0xff, i);
        if (i < 0 || i + 1 >= b.length) {
          keep.push([from, b.length]);
          return { keep, meta, eoi: -1 };
        }
        const m = b[i + 1];
        if (m === 0x00 || (m >= 0xd0 && m <= 0xd7)) i += 2;
        else if (m === 0xff) i += 1;
        else break;
      }
    }
  }
  return null;
}

/** Bytes after the end of the image that are not just zero padding. */
function jpegTrailer(b, eoi) {
  if (eoi < 0 || eoi >= b.length) return 0;
  for (let i = eoi; i < b.length; i += 1) if (b[i] !== 0) return b.length - eoi;
  return 0;
}

export function inspectJpeg(b, items, problems) {
  const parsed = jpegSegments(b);
  const after = parsed ? jpegAfterScan(b, parsed.scan) : null;
  if (!parsed || (!after && b[parsed.scan + 1] !== 0xd9)) {
    problems.push('unreadable');
    if (!parsed) return;
  }
  // The first JFIF header without a thumbnail and the first 12-byte Adobe header stay as they are.
  const jfif = parsed.segs.find((s) => jfifHeader(s));
  const adobe = parsed.segs.find((s) => adobeHeader(s));
  const keptAsIs = new Set([jfif?.body.length === 14 && !jfif.body[12] && !jfif.body[13] ? jfif : null, adobe?.body.length === 12 ? adobe : null]);
  for (const s of [...parsed.segs, ...(after?.meta ?? [])]) {
    if (s.marker === 0xe1 && startsWith(s.body, 0, EXIF_ID)) {
      const before = items.list.length;
      if (!readTiff(s.body.subarray(6), items).ok) problems.push('unreadable');
      if (items.list.length === before) items.push('exif', 'EXIF');
    } else if (s.marker === 0xe1 && startsWith(s.body, 0, XMP_ID)) {
      readXmp(utf8(s.body.subarray(XMP_ID.length)), items);
    } else if (s.marker === 0xe1) {
      // Extended XMP, or an EXIF block with an unusual header: said, not read.
      items.push(startsWith(s.body, 0, 'Exif') ? 'exif' : 'xmp', 'APP1');
    } else if (s.marker === 0xed) {
      items.push('iptc', 'IPTC');
    } else if (s.marker === 0xfe) {
      items.push('comment', utf8(s.body));
    } else if (isMpf(s)) {
      // Said as the trailing data it indexes.
    } else if (!CODING.has(s.marker) && !keptAsIs.has(s)) {
      items.push('other', segmentName(s));
    }
  }
  // Phones append further pictures (Multi-Picture, motion photos) after the image, each with
  // its own metadata: not read here, but said, and left out of a cleaned copy.
  const trailer = after ? jpegTrailer(b, after.eoi) : 0;
  if (trailer) items.push('trailing', String(trailer));
}

export function cleanJpeg(b) {
  const parsed = jpegSegments(b);
  if (!parsed) return { error: 'unreadable' };
  const after = b[parsed.scan + 1] === 0xd9 ? { keep: [[parsed.scan, parsed.scan + 2]], meta: [], eoi: parsed.scan + 2 } : jpegAfterScan(b, parsed.scan);
  if (!after) return { error: 'unreadable' };
  const parts = [b.subarray(0, 2)];
  let exif = false;
  let icc = false;
  let jfif = false;
  let adobe = false;
  for (const s of parsed.segs) {
    if (CODING.has(s.marker)) {
      parts.push(b.subarray(s.start, s.end));
      continue;
    }
    const header = jfif ? null : jfifHeader(s);
    const transform = adobe || header ? null : adobeHeader(s);
    if (header) jfif = parts.push(header) > 0;
    else if (transform) adobe = parts.push(transform) > 0;
    else if (s.marker === 0xe1 && startsWith(s.body, 0, EXIF_ID)) exif = true;
    else if (isIcc(s)) icc = true;
  }
  for (const [from, to] of after.keep) parts.push(b.subarray(from, to));
  const notes = [];
  // EXIF also held the orientation a camera records: a picture taken sideways may show sideways.
  if (exif) notes.push('orientation_lost');
  // An ICC profile names the device it describes; without it the colours are read as sRGB.
  if (icc) notes.push('icc_dropped');
  if (jpegTrailer(b, after.eoi)) notes.push('trailing_dropped');
  return { data: concat(parts), notes };
}
