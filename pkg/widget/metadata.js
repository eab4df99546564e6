/**
 * Issue 16 item 6: what attachments say without showing it. Pure functions on Uint8Array (no DOM;
 * the tests run them in Node): `inspectMetadata(bytes)` lists the hidden data of a JPEG, PNG, PDF
 * or Office (docx/xlsx/pptx) file, and `cleanMetadata(bytes)` returns a copy without it, made by
 * parsing and rewriting the file (never by re-encoding an image on a canvas, which would change
 * every pixel's bytes and lose what makes the file evidence).
 *
 * Hand-written rather than a library (exifr, pdf-lib, JSZip…): the widget ships as plain,
 * unbundled ES modules with no bare imports, and those libraries are large bundles or CommonJS.
 * Every parser here is bounded: each size, count and offset is checked against the bytes it
 * reads, loops have caps, inflation stops at a limit; a malformed file gives the problem
 * `unreadable`, never an exception or a hang.
 *
 * An item is `{field, value, label?}`: `field` is a stable code the form translates (gps,
 * camera, author, …), `label` the file's own name for a free-form entry (a PNG text keyword).
 */

const MAX_ITEMS = 64;
const MAX_VALUE = 300; // characters shown of one value
const MAX_TEXT = 4 * 1024 * 1024; // bytes inflated from one compressed entry or chunk
const MAX_IFD_ENTRIES = 1024;
const MAX_SEGMENTS = 10_000;

const latin1 = (bytes) => new TextDecoder('latin1').decode(bytes);
const utf8 = (bytes) => new TextDecoder('utf-8').decode(bytes);
const ascii = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

function startsWith(bytes, at, text) {
  if (at < 0 || at + text.length > bytes.length) return false;
  for (let i = 0; i < text.length; i += 1) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const be16 = (b, i) => (b[i] << 8) | b[i + 1];
const be32 = (b, i) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
const le16 = (b, i) => b[i] | (b[i + 1] << 8);
const le32 = (b, i) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

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

class Items {
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
async function inflate(bytes, format, limit = MAX_TEXT) {
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

// --- XML (XMP, Office properties) ----------------------------------------------------------------

function xmlText(s) {
  return s
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#x([0-9a-f]{1,6});/gi, (_, hex) => safeChar(parseInt(hex, 16)))
    .replace(/&#([0-9]{1,7});/g, (_, dec) => safeChar(parseInt(dec, 10)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
const safeChar = (n) => (n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '');

/**
 * The values of an element `tag` (prefix included, e.g. `dc:creator`) in an XML text: its text
 * content (inner tags dropped, so an rdf:Seq of names reads as the names) and, XMP's short form,
 * an attribute of that name. indexOf, not a regular expression over the whole text: linear.
 */
function xmlValues(xml, tag) {
  const out = [];
  let at = 0;
  for (let n = 0; n < 100; n += 1) {
    const open = xml.indexOf(`<${tag}`, at);
    if (open < 0) break;
    const after = xml[open + tag.length + 1];
    const end = xml.indexOf('>', open);
    if (end < 0) break;
    at = end + 1;
    if (after !== '>' && after !== ' ' && after !== '\t' && after !== '\n' && after !== '\r' && after !== '/') continue;
    if (xml[end - 1] === '/') continue;
    const close = xml.indexOf(`</${tag}>`, end);
    if (close < 0) break;
    out.push(xmlText(xml.slice(end + 1, close)));
    at = close;
  }
  // <rdf:Description xmp:CreatorTool="…">
  const attr = new RegExp(`[\\s<]${tag.replace(/[.:]/g, '\\$&')}="([^"<]{0,2000})"`, 'g');
  for (const m of xml.matchAll(attr)) out.push(xmlText(m[1]));
  return out.map((v) => v.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

const XMP_FIELDS = [
  ['dc:creator', 'author'],
  ['xmp:CreatorTool', 'creator_tool'],
  ['pdf:Producer', 'software'],
  ['dc:rights', 'copyright'],
  ['photoshop:AuthorsPosition', 'author'],
  ['xmp:CreateDate', 'created'],
  ['tiff:Make', 'camera'],
  ['tiff:Model', 'camera'],
];

/** XMP's `48,51.396N` (degrees, minutes[, seconds] and a direction) → -?48.8566, or null. */
function xmpCoord(v) {
  const m = /^(\d{1,3}),(\d{1,2}(?:\.\d+)?)(?:,(\d{1,2}(?:\.\d+)?))?([NSEW])$/.exec(v ?? '');
  if (!m) return null;
  const d = Number(m[1]) + Number(m[2]) / 60 + Number(m[3] ?? 0) / 3600;
  return (m[4] === 'S' || m[4] === 'W' ? -d : d).toFixed(4);
}

function readXmp(text, items) {
  items.xmpRead += text.length;
  if (items.xmpRead > 1024 * 1024) {
    items.push('xmp', 'XMP');
    return;
  }
  const before = items.list.length;
  for (const [tag, field] of XMP_FIELDS) for (const v of xmlValues(text, tag)) items.push(field, v);
  const lat = xmlValues(text, 'exif:GPSLatitude')[0];
  const lon = xmlValues(text, 'exif:GPSLongitude')[0];
  if (lat || lon) items.push('gps', xmpCoord(lat) && xmpCoord(lon) ? `${xmpCoord(lat)}, ${xmpCoord(lon)}` : `${lat ?? ''} ${lon ?? ''}`);
  // Only "there is an XMP block" when none of the fields above was in it (and it is not empty).
  if (items.list.length === before && text.includes('rdf:Description')) items.push('xmp', 'XMP');
}

// --- EXIF (TIFF structure) ------------------------------------------------------------------------

const TYPE_SIZE = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };

/**
 * Reads an EXIF TIFF block (IFD0, the Exif IFD, the GPS IFD), either byte order. Returns
 * `{ok, orientation}`; pushes what it finds into `items`.
 */
function readTiff(b, items) {
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

// --- JPEG -----------------------------------------------------------------------------------------

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

const isJpegMeta = (s) => s.marker === 0xe1 || s.marker === 0xed || s.marker === 0xfe;
/** APP2 "MPF": the Multi-Picture index of further images stored after the end of this one. */
const isMpf = (s) => s.marker === 0xe2 && startsWith(s.body, 0, 'MPF\u0000');

/**
 * From the first start-of-scan to the end of the image: the byte ranges to keep (metadata
 * segments between the scans of a progressive JPEG left out), those segments, and where the
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
    if (isJpegMeta(seg)) {
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

function inspectJpeg(b, items, problems) {
  const parsed = jpegSegments(b);
  const after = parsed ? jpegAfterScan(b, parsed.scan) : null;
  if (!parsed || (!after && b[parsed.scan + 1] !== 0xd9)) {
    problems.push('unreadable');
    if (!parsed) return;
  }
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
    }
  }
  // Phones append further pictures (Multi-Picture, motion photos) after the image, each with
  // its own metadata: not read here, but said, and left out of a cleaned copy.
  const trailer = after ? jpegTrailer(b, after.eoi) : 0;
  if (trailer) items.push('trailing', String(trailer));
}

function cleanJpeg(b) {
  const parsed = jpegSegments(b);
  if (!parsed) return { error: 'unreadable' };
  const after = b[parsed.scan + 1] === 0xd9 ? { keep: [[parsed.scan, parsed.scan + 2]], meta: [], eoi: parsed.scan + 2 } : jpegAfterScan(b, parsed.scan);
  if (!after) return { error: 'unreadable' };
  const parts = [b.subarray(0, 2)];
  let exif = false;
  for (const s of parsed.segs) {
    if (isJpegMeta(s) || isMpf(s)) {
      if (s.marker === 0xe1 && startsWith(s.body, 0, EXIF_ID)) exif = true;
      continue;
    }
    parts.push(b.subarray(s.start, s.end));
  }
  for (const [from, to] of after.keep) parts.push(b.subarray(from, to));
  const notes = [];
  // EXIF also held the orientation a camera records: a picture taken sideways may show sideways.
  if (exif) notes.push('orientation_lost');
  if (jpegTrailer(b, after.eoi)) notes.push('trailing_dropped');
  return { data: concat(parts), notes };
}

// --- PNG ------------------------------------------------------------------------------------------

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_META = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);
const PNG_KEYWORDS = { Author: 'author', Software: 'software', Copyright: 'copyright', 'Creation Time': 'date', Comment: 'comment', Title: 'title', Description: 'description' };

function pngChunks(b) {
  if (!PNG_SIG.every((v, i) => b[i] === v)) return null;
  const chunks = [];
  let at = 8;
  for (let n = 0; n < 100_000 && at < b.length; n += 1) {
    if (at + 12 > b.length) return null;
    const len = be32(b, at);
    if (len > b.length - at - 12) return null;
    const type = latin1(b.subarray(at + 4, at + 8));
    chunks.push({ type, start: at, end: at + 12 + len, data: b.subarray(at + 8, at + 8 + len) });
    at += 12 + len;
    if (type === 'IEND') return chunks;
  }
  return at === b.length ? chunks : null;
}

async function inspectPng(b, items, problems) {
  const chunks = pngChunks(b);
  if (!chunks) {
    problems.push('unreadable');
    return;
  }
  // One budget for the whole file: thousands of small zTXt bombs inflate 16 MB in all, not each.
  let budget = 4 * MAX_TEXT;
  const unzip = async (data) => {
    if (budget <= 0) return null;
    const out = await inflate(data, 'deflate', Math.min(MAX_TEXT, budget));
    budget -= out ? out.length : MAX_TEXT;
    return out;
  };
  const text = (keyword, value) => {
    if (keyword === 'XML:com.adobe.xmp') readXmp(value, items);
    else if (PNG_KEYWORDS[keyword]) items.push(PNG_KEYWORDS[keyword], value);
    else items.push('text', value, keyword);
  };
  for (const c of chunks) {
    const d = c.data;
    const z = d.indexOf(0);
    if (c.type === 'tEXt') {
      if (z < 1) problems.push('unreadable');
      else text(latin1(d.subarray(0, z)), latin1(d.subarray(z + 1)));
    } else if (c.type === 'zTXt') {
      const out = z >= 1 && d[z + 1] === 0 ? await unzip(d.subarray(z + 2)) : null;
      if (!out) problems.push('unreadable');
      else text(latin1(d.subarray(0, z)), latin1(out));
    } else if (c.type === 'iTXt') {
      if (z < 1 || z + 3 > d.length) {
        problems.push('unreadable');
        continue;
      }
      const compressed = d[z + 1] === 1;
      const lang = d.indexOf(0, z + 3);
      const tkey = lang < 0 ? -1 : d.indexOf(0, lang + 1);
      if (tkey < 0) {
        problems.push('unreadable');
        continue;
      }
      const raw = d.subarray(tkey + 1);
      const body = compressed ? await unzip(raw) : raw;
      if (!body) problems.push('unreadable');
      else text(latin1(d.subarray(0, z)), utf8(body));
    } else if (c.type === 'eXIf') {
      const before = items.list.length;
      if (!readTiff(d, items).ok) problems.push('unreadable');
      if (items.list.length === before) items.push('exif', 'EXIF');
    } else if (c.type === 'tIME' && d.length === 7) {
      const p = (v) => String(v).padStart(2, '0');
      items.push('modified', `${be16(d, 0)}-${p(d[2])}-${p(d[3])} ${p(d[4])}:${p(d[5])}:${p(d[6])}`);
    }
  }
}

function cleanPng(b) {
  const chunks = pngChunks(b);
  if (!chunks) return { error: 'unreadable' };
  // Kept chunks are copied byte for byte, CRC included: nothing to recompute.
  const parts = [b.subarray(0, 8), ...chunks.filter((c) => !PNG_META.has(c.type)).map((c) => b.subarray(c.start, c.end))];
  return { data: concat(parts), notes: [] };
}

// --- PDF ------------------------------------------------------------------------------------------

const PDF_INFO_FIELDS = { Author: 'author', Creator: 'creator_tool', Producer: 'software', Title: 'title', Subject: 'subject', Keywords: 'keywords', CreationDate: 'created', ModDate: 'modified' };
const PDF_WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const PDF_DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

/** The longest PDF string read (an Info value is a name or a sentence, not megabytes). */
const MAX_PDF_STRING = 64 * 1024;

/** A literal string from `(`: {end, bytes} (end just past `)`), or null. */
function pdfLiteral(b, at) {
  const out = [];
  let depth = 0;
  for (let i = at; i < b.length && i < at + MAX_PDF_STRING; i += 1) {
    const c = b[i];
    if (c === 0x5c) {
      const n = b[i + 1];
      i += 1;
      const esc = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12 }[n];
      if (esc !== undefined) out.push(esc);
      else if (n >= 0x30 && n <= 0x37) {
        let v = n - 0x30;
        for (let k = 0; k < 2 && b[i + 1] >= 0x30 && b[i + 1] <= 0x37; k += 1) v = v * 8 + (b[++i] - 0x30);
        out.push(v & 0xff);
      } else if (n === 0x0d) {
        if (b[i + 1] === 0x0a) i += 1;
      } else if (n !== 0x0a && n !== undefined) out.push(n);
      continue;
    }
    if (c === 0x28) {
      depth += 1;
      if (depth === 1) continue;
    } else if (c === 0x29) {
      depth -= 1;
      if (depth === 0) return { end: i + 1, bytes: Uint8Array.from(out) };
    }
    out.push(c);
  }
  return null;
}

function pdfHex(b, at) {
  const digits = [];
  for (let i = at + 1; i < b.length && i < at + 2 * MAX_PDF_STRING; i += 1) {
    const c = b[i];
    if (c === 0x3e) {
      if (digits.length % 2) digits.push(0);
      const out = new Uint8Array(digits.length / 2);
      for (let k = 0; k < out.length; k += 1) out[k] = digits[2 * k] * 16 + digits[2 * k + 1];
      return { end: i + 1, bytes: out };
    }
    if (PDF_WS.has(c)) continue;
    const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 0x57 : -1;
    if (v < 0) return null;
    digits.push(v);
  }
  return null;
}

/** PDF text string: UTF-16BE with its BOM, else PDFDocEncoding (read as Latin-1). */
function pdfText(bytes) {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3));
  return latin1(bytes);
}

/**
 * The entries of the dictionary starting at `<<`: [{key, kind: 'string'|'ref'|'other', start, end,
 * bytes?, ref?}] (start/end: the value's bytes, delimiters included), or null when malformed.
 */
function pdfDict(b, at) {
  if (!(b[at] === 0x3c && b[at + 1] === 0x3c)) return null;
  const entries = [];
  let i = at + 2;
  const skipWs = () => {
    while (i < b.length && PDF_WS.has(b[i])) i += 1;
  };
  const name = () => {
    const s = i;
    i += 1;
    while (i < b.length && !PDF_WS.has(b[i]) && !PDF_DELIM.has(b[i])) i += 1;
    return latin1(b.subarray(s + 1, i));
  };
  for (let n = 0; n < 1000; n += 1) {
    skipWs();
    if (i + 1 >= b.length) return null;
    if (b[i] === 0x3e && b[i + 1] === 0x3e) return entries;
    if (b[i] !== 0x2f) return null;
    const key = name();
    skipWs();
    const start = i;
    const c = b[i];
    if (c === 0x28) {
      const s = pdfLiteral(b, i);
      if (!s) return null;
      i = s.end;
      entries.push({ key, kind: 'string', start, end: i, bytes: s.bytes });
    } else if (c === 0x3c && b[i + 1] !== 0x3c) {
      const s = pdfHex(b, i);
      if (!s) return null;
      i = s.end;
      entries.push({ key, kind: 'string', start, end: i, bytes: s.bytes });
    } else if (c === 0x3c || c === 0x5b) {
      // A nested dictionary or an array: skipped by counting brackets (strings inside skipped too).
      let depth = 0;
      for (; i < b.length; i += 1) {
        if (b[i] === 0x28) {
          const s = pdfLiteral(b, i);
          if (!s) return null;
          i = s.end - 1;
        } else if (b[i] === 0x5b || (b[i] === 0x3c && b[i + 1] === 0x3c)) {
          depth += 1;
          if (b[i] === 0x3c) i += 1;
        } else if (b[i] === 0x5d || (b[i] === 0x3e && b[i + 1] === 0x3e)) {
          depth -= 1;
          if (b[i] === 0x3e) i += 1;
          if (depth === 0) {
            i += 1;
            break;
          }
        }
      }
      entries.push({ key, kind: 'other', start, end: i });
    } else if (c === 0x2f) {
      name();
      entries.push({ key, kind: 'other', start, end: i });
    } else {
      const m = /^(\d+)\s+(\d+)\s+R\b/.exec(latin1(b.subarray(i, i + 32)));
      if (m) {
        i += m[0].length;
        entries.push({ key, kind: 'ref', start, end: i, ref: [Number(m[1]), Number(m[2])] });
      } else {
        while (i < b.length && !PDF_WS.has(b[i]) && !PDF_DELIM.has(b[i])) i += 1;
        if (i === start) return null;
        entries.push({ key, kind: 'other', start, end: i });
      }
    }
  }
  return null;
}

/** The first `needle` (ASCII) in `b` from `from`, or -1: a byte search, no string of the file. */
function indexOfBytes(b, needle, from = 0) {
  const first = needle.charCodeAt(0);
  for (let i = b.indexOf(first, from); i >= 0 && i + needle.length <= b.length; i = b.indexOf(first, i + 1)) {
    if (startsWith(b, i, needle)) return i;
  }
  return -1;
}

/** Every offset of `needle`, at most `max`. */
function allBytes(b, needle, max = 100_000) {
  const out = [];
  for (let i = indexOfBytes(b, needle); i >= 0 && out.length < max; i = indexOfBytes(b, needle, i + 1)) out.push(i);
  return out;
}

/** A short window of the file as text (Latin-1: one character per byte). */
const windowAt = (b, at, len) => latin1(b.subarray(Math.max(0, at), Math.min(b.length, at + len)));

/**
 * Every plain (not compressed) object definition: `num gen` → offsets just past `num gen obj`
 * and its white space. Found by searching the bytes for `obj` and reading back: a 32 MB file is
 * never turned into one string (that alone took seconds).
 */
function pdfObjectTable(b) {
  const table = new Map();
  for (const at of allBytes(b, 'obj', 2_000_000)) {
    const after = b[at + 3];
    if (after !== undefined && !PDF_WS.has(after) && !PDF_DELIM.has(after)) continue;
    const m = /(?:^|[^0-9])(\d{1,10})[\s\0]+(\d{1,5})[\s\0]+$/.exec(windowAt(b, at - 24, 24));
    if (!m) continue;
    let i = at + 3;
    while (i < b.length && PDF_WS.has(b[i])) i += 1;
    const key = `${Number(m[1])} ${Number(m[2])}`;
    const list = table.get(key) ?? [];
    if (list.length < 50) list.push(i);
    table.set(key, list);
  }
  return table;
}

/**
 * What a PDF holds and where: {strings: [{field, text, start, end}], packets: [{start, end}],
 * problems}. `start`/`end` are byte ranges a cleaner may overwrite.
 */
function scanPdf(b) {
  const problems = [];
  const strings = [];
  const packets = [];
  if (indexOfBytes(b.subarray(0, 1024), '%PDF-') < 0) return { problems: ['unreadable'], strings, packets };
  if (allBytes(b, '/Encrypt', 1000).some((at) => /^\/Encrypt[\s\0]*(\d+[\s\0]+\d+[\s\0]+R|<<)/.test(windowAt(b, at, 64)))) return { problems: ['pdf_encrypted'], strings, packets };
  const refs = new Set();
  const inline = [];
  for (const at of allBytes(b, '/Info', 1000)) {
    const m = /^\/Info[\s\0]*(?:(\d{1,10})[\s\0]+(\d{1,5})[\s\0]+R|(<<))/.exec(windowAt(b, at, 64));
    if (!m) continue;
    if (m[3]) inline.push(at + m[0].length - 2);
    else refs.add(`${Number(m[1])} ${Number(m[2])}`);
    if (refs.size + inline.length > 50) break;
  }
  const objects = refs.size ? pdfObjectTable(b) : new Map();
  const dicts = [...inline];
  for (const ref of refs) {
    const found = objects.get(ref) ?? [];
    if (!found.length) problems.push('pdf_compressed_info');
    dicts.push(...found);
  }
  // At most 20 dictionaries, each read within 1 MB of its start: a file of unclosed dictionaries
  // costs at most 20 MB of scanning, not 50 × 50 times its size.
  for (const at of dicts.slice(0, 20)) {
    const entries = pdfDict(b.subarray(0, Math.min(b.length, at + (1 << 20))), at);
    if (!entries) {
      problems.push('unreadable');
      continue;
    }
    for (const e of entries) {
      // Any other key of the Info dictionary (PTEX.Fullbanner, a company's own…) is listed by name.
      const field = PDF_INFO_FIELDS[e.key] ?? 'text';
      const label = PDF_INFO_FIELDS[e.key] ? undefined : e.key;
      if (e.kind === 'string') strings.push({ field, label, text: pdfText(e.bytes), start: e.start, end: e.end });
      else if (e.kind === 'ref' && !label) {
        // A value kept in an object of its own: `/Author 12 0 R` → `12 0 obj (…) endobj`.
        const where = objects.get(`${e.ref[0]} ${e.ref[1]}`) ?? [];
        if (!where.length) problems.push('pdf_compressed_info');
        for (const v of where) {
          const s = b[v] === 0x28 ? pdfLiteral(b, v) : b[v] === 0x3c ? pdfHex(b, v) : null;
          if (s) strings.push({ field, label, text: pdfText(s.bytes), start: v, end: s.end });
        }
      }
    }
  }
  // XMP packets, wherever they sit uncompressed (the document's and those of embedded images).
  let at = 0;
  for (let n = 0; n < 200; n += 1) {
    const begin = indexOfBytes(b, '<?xpacket begin', at);
    if (begin < 0) break;
    const beginEnd = indexOfBytes(b, '?>', begin);
    const end = beginEnd < 0 ? -1 : indexOfBytes(b, '<?xpacket end', beginEnd);
    if (end < 0) {
      problems.push('unreadable');
      break;
    }
    packets.push({ start: beginEnd + 2, end, xml: utf8(b.subarray(beginEnd + 2, end)) });
    at = end;
  }
  // A metadata stream that is compressed cannot be read (or blanked in place) here.
  for (const m of allBytes(b, '/Metadata', 1000)) {
    if (!/\/Type[\s\0]*$/.test(windowAt(b, m - 16, 16)) || !/^\/Metadata(?![A-Za-z0-9])/.test(windowAt(b, m, 12))) continue;
    const head = windowAt(b, m - 2000, 4000);
    const dictStart = head.lastIndexOf('obj', 2000);
    const stream = head.indexOf('stream', 2000);
    if (stream < 0 || dictStart < 0) continue;
    const streamAt = m - 2000 + stream;
    if (/\/Filter\b/.test(head.slice(dictStart, stream)) && !packets.some((p) => p.start > streamAt && p.start < streamAt + 200)) problems.push('pdf_compressed_xmp');
  }
  if (indexOfBytes(b, '/ObjStm') >= 0 && !refs.size && !inline.length) problems.push('pdf_objstm');
  return { strings, packets, problems };
}

function inspectPdf(b, items, problems) {
  const scan = scanPdf(b);
  problems.push(...scan.problems);
  for (const s of scan.strings) items.push(s.field, s.text, s.label);
  for (const p of scan.packets) readXmp(p.xml, items);
}

const EMPTY_XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>';

function cleanPdf(b) {
  const scan = scanPdf(b);
  const blocking = scan.problems.find((p) => p !== 'pdf_objstm');
  if (blocking) return { error: blocking };
  // Overwritten in place with blanks of the same length: every byte offset in the xref table (or
  // xref stream) stays right, so the file needs no other change. Rewriting the PDF's objects and
  // xref would need a PDF library, which this unbundled widget cannot ship.
  const out = b.slice();
  for (const s of scan.strings) {
    out[s.start] = b[s.start]; // keeps `(` or `<`
    out.fill(0x20, s.start + 1, s.end - 1); // `(   )` is a string of spaces, `<   >` an empty one
    out[s.end - 1] = b[s.end - 1];
  }
  for (const p of scan.packets) {
    const len = p.end - p.start;
    const body = len >= EMPTY_XMP.length + 2 ? `\n${EMPTY_XMP}`.padEnd(len, ' ') : ' '.repeat(len);
    out.set(ascii(body), p.start);
  }
  return { data: out, notes: ['pdf_in_place'] };
}

// --- Office (ZIP) ---------------------------------------------------------------------------------

const CORE = 'docProps/core.xml';
const APP = 'docProps/app.xml';
const EMPTY_CORE =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>';
const EMPTY_APP =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>';
const CUSTOM = 'docProps/custom.xml';
const EMPTY_CUSTOM =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>';
/** What each emptied entry is replaced with. */
const EMPTIED = new Map([
  [CORE, EMPTY_CORE],
  [APP, EMPTY_APP],
  [CUSTOM, EMPTY_CUSTOM],
]);

/** Custom properties: `<property name="Client"><vt:lpwstr>ACME</vt:lpwstr></property>` → [name, value]. */
function customProperties(xml) {
  const out = [];
  let at = 0;
  for (let n = 0; n < 200; n += 1) {
    const open = xml.indexOf('<property', at);
    const end = open < 0 ? -1 : xml.indexOf('>', open);
    const close = end < 0 ? -1 : xml.indexOf('</property>', end);
    if (close < 0) break;
    const name = /\sname="([^"]{0,200})"/.exec(xml.slice(open, end));
    out.push([xmlText(name?.[1] ?? '?'), xmlText(xml.slice(end + 1, close))]);
    at = close;
  }
  return out;
}

const CORE_FIELDS = [
  ['dc:creator', 'author'],
  ['cp:lastModifiedBy', 'last_modified_by'],
  ['dcterms:created', 'created'],
  ['dcterms:modified', 'modified'],
  ['cp:lastPrinted', 'printed'],
  ['dc:title', 'title'],
  ['dc:subject', 'subject'],
  ['cp:keywords', 'keywords'],
  ['dc:description', 'description'],
];
const APP_FIELDS = [
  ['Application', 'software'],
  ['Company', 'company'],
  ['Manager', 'manager'],
  ['Template', 'template'],
];

/** The central directory: {entries: [{name, method, flags, csize, usize, offset, cd: {start, end}}], cdStart, cdEnd, eocd}, or null. */
function zipDirectory(b) {
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

async function zipEntry(b, e) {
  if (e.flags & 1) return null; // encrypted
  const data = b.subarray(e.dataStart, e.dataStart + e.csize);
  if (e.method === 0) return data;
  if (e.method === 8 && e.usize <= MAX_TEXT) return inflate(data, 'deflate-raw', MAX_TEXT);
  return null;
}

async function inspectOffice(b, items, problems, dir) {
  for (const [name, fields] of [
    [CORE, CORE_FIELDS],
    [APP, APP_FIELDS],
  ]) {
    const e = dir.entries.find((x) => x.name === name);
    if (!e) continue;
    const data = await zipEntry(b, e);
    if (!data) {
      problems.push('unreadable');
      continue;
    }
    const xml = utf8(data);
    for (const [tag, field] of fields) for (const v of xmlValues(xml, tag)) items.push(field, v);
  }
  const custom = dir.entries.find((x) => x.name === CUSTOM);
  if (custom) {
    const data = await zipEntry(b, custom);
    if (!data) problems.push('unreadable');
    else for (const [name, value] of customProperties(utf8(data))) items.push('text', value, name);
  }
  if (dir.entries.some((e) => /^(word\/comments\.xml|xl\/comments\d*\.xml|ppt\/comments\/|ppt\/commentAuthors\.xml)/.test(e.name))) problems.push('office_comments');
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

function cleanOffice(b) {
  const dir = zipDirectory(b);
  if (!dir) return { error: 'unreadable' };
  const sorted = [...dir.entries].sort((x, y) => x.offset - y.offset);
  const parts = [];
  const central = [];
  let pos = 0;
  const enc = new TextEncoder();
  for (let k = 0; k < sorted.length; k += 1) {
    const e = sorted[k];
    const next = k + 1 < sorted.length ? sorted[k + 1].offset : dir.cdStart;
    if (next < e.dataStart + e.csize) return { error: 'unreadable' }; // overlapping entries
    const cd = b.slice(e.cd.start, e.cd.end);
    const view = new DataView(cd.buffer);
    const replacement = EMPTIED.get(e.name);
    if (replacement === undefined) {
      // Copied verbatim (local header, compressed data, data descriptor); only its offset moves.
      parts.push(b.subarray(e.offset, next));
      view.setUint32(42, pos, true);
      central.push(cd);
      pos += next - e.offset;
      continue;
    }
    // Replaced: stored (method 0), its CRC-32 and sizes set, no data descriptor, and the date
    // set to 1980-01-01 (the original's said when the document was saved).
    const data = enc.encode(replacement);
    const crc = crc32(data);
    const name = b.subarray(e.cd.start + 46, e.cd.start + 46 + e.cd.nameLen);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, e.flags & 0x0800, true); // keeps only the UTF-8 name flag
    lv.setUint16(8, 0, true);
    lv.setUint16(10, 0, true);
    lv.setUint16(12, 0x21, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, name.length, true);
    lv.setUint16(28, 0, true);
    local.set(name, 30);
    parts.push(local, data);
    const c2 = new Uint8Array(46 + name.length);
    c2.set(cd.subarray(0, 46));
    const cv = new DataView(c2.buffer);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, e.flags & 0x0800, true);
    cv.setUint16(10, 0, true);
    cv.setUint16(12, 0, true);
    cv.setUint16(14, 0x21, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(30, 0, true); // no extra field
    cv.setUint16(32, 0, true); // no comment
    cv.setUint32(42, pos, true);
    c2.set(name, 46);
    central.push(c2);
    pos += local.length + data.length;
  }
  // The central directory in its original order (sorted by local offset above only to copy).
  const order = new Map(sorted.map((e, k) => [e, central[k]]));
  const cdParts = dir.entries.map((e) => order.get(e));
  const cdSize = cdParts.reduce((n, p) => n + p.length, 0);
  const eocd = b.slice(dir.eocd);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, pos, true);
  return { data: concat([...parts, ...cdParts, eocd]), notes: [] };
}

// --- entry points ---------------------------------------------------------------------------------

/** 'jpeg' | 'png' | 'pdf' | 'office' | null, from the bytes (not the name). */
export function metadataFormat(b) {
  if (!(b instanceof Uint8Array) || b.length < 8) return null;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (PNG_SIG.every((v, i) => b[i] === v)) return 'png';
  if (latin1(b.subarray(0, 1024)).includes('%PDF-')) return 'pdf';
  if (startsWith(b, 0, 'PK\u0003\u0004')) {
    const dir = zipDirectory(b);
    if (dir?.entries.some((e) => e.name === '[Content_Types].xml' || e.name.startsWith('docProps/'))) return 'office';
  }
  return null;
}

/**
 * The hidden data in a file: `{format, items: [{field, value, label?}], problems: [code]}`.
 * Problems: `unreadable` (malformed: could not read all of it), `pdf_encrypted`,
 * `pdf_compressed_info` / `pdf_compressed_xmp` (kept in a compressed object stream: could not
 * read), `pdf_objstm` (compressed object streams, not read), `office_comments` (comments carry
 * their authors' names; not cleaned). Never throws.
 */
export async function inspectMetadata(bytes) {
  const items = new Items();
  const problems = [];
  let format = null;
  try {
    format = metadataFormat(bytes);
    if (format === 'jpeg') inspectJpeg(bytes, items, problems);
    else if (format === 'png') await inspectPng(bytes, items, problems);
    else if (format === 'pdf') inspectPdf(bytes, items, problems);
    else if (format === 'office') await inspectOffice(bytes, items, problems, zipDirectory(bytes));
  } catch {
    problems.push('unreadable');
  }
  return { format, items: items.list, problems: [...new Set(problems)] };
}

/**
 * A copy without the hidden data: `{data, notes}` or `{error: code}`. Notes: `orientation_lost`
 * (JPEG: the EXIF orientation went with the EXIF), `trailing_dropped` (JPEG: the data after the
 * image left out), `pdf_in_place` (PDF: values blanked in place). Never throws.
 */
export async function cleanMetadata(bytes) {
  try {
    const format = metadataFormat(bytes);
    if (format === 'jpeg') return cleanJpeg(bytes);
    if (format === 'png') return cleanPng(bytes);
    if (format === 'pdf') return cleanPdf(bytes);
    if (format === 'office') return cleanOffice(bytes);
    return { error: 'unsupported' };
  } catch {
    return { error: 'unreadable' };
  }
}
