// Files that carry hidden data, built here byte by byte (independently of
// pkg/widget/metadata.js: own TIFF writer, own ZIP writer with node:zlib, own CRC), for the unit
// tests and the form's e2e. The base JPEG (tests/fixtures/metadata/base.jpg, 48×32 px, with an
// ICC profile in APP2) was drawn on a canvas by Chromium; the EXIF, XMP, IPTC and comment are
// added here.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BASE_JPEG = readFileSync(join(ROOT, 'tests/fixtures/metadata/base.jpg'));

const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
export function crc(buf) {
  let c = ~0;
  for (const b of buf) c = TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** Degrees → three EXIF rationals (d, m, s with s in 1/100). */
function dms(value) {
  const v = Math.abs(value);
  const d = Math.floor(v);
  const m = Math.floor((v - d) * 60);
  const s = Math.round(((v - d) * 60 - m) * 60 * 100);
  return [[d, 1], [m, 1], [s, 100]];
}

/**
 * A TIFF block as EXIF holds it. Each IFD is a list of [tag, type, value]: type 2 (ASCII, a
 * string), 3 (SHORT, numbers), 4 (LONG), 5 (RATIONAL, [[n, d]…]), 1/7 (bytes).
 */
function tiff(le, ifd0, exif, gps) {
  const size = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1 };
  const ifds = [ifd0.slice()];
  if (exif) ifds[0].push([0x8769, 4, [0]]);
  if (gps) ifds[0].push([0x8825, 4, [0]]);
  if (exif) ifds.push(exif);
  if (gps) ifds.push(gps);
  for (const ifd of ifds) ifd.sort((a, b) => a[0] - b[0]);
  const offsets = [];
  let at = 8;
  for (const ifd of ifds) {
    offsets.push(at);
    at += 2 + ifd.length * 12 + 4;
  }
  if (exif) ifds[0].find((e) => e[0] === 0x8769)[2] = [offsets[1]];
  if (gps) ifds[0].find((e) => e[0] === 0x8825)[2] = [offsets[exif ? 2 : 1]];
  const buf = Buffer.alloc(8192);
  const u16 = (v, i) => (le ? buf.writeUInt16LE(v, i) : buf.writeUInt16BE(v, i));
  const u32 = (v, i) => (le ? buf.writeUInt32LE(v >>> 0, i) : buf.writeUInt32BE(v >>> 0, i));
  buf.write(le ? 'II' : 'MM', 0, 'latin1');
  u16(42, 2);
  u32(8, 4);
  let data = at;
  ifds.forEach((ifd, k) => {
    let e = offsets[k];
    u16(ifd.length, e);
    e += 2;
    for (const [tag, type, value] of ifd) {
      const bytes = [];
      const tmp = Buffer.alloc(8);
      if (type === 2) bytes.push(...Buffer.from(`${value}\0`, 'latin1'));
      else if (type === 1 || type === 7) bytes.push(...value);
      else
        for (const v of value) {
          if (type === 3) le ? tmp.writeUInt16LE(v) : tmp.writeUInt16BE(v);
          if (type === 4) le ? tmp.writeUInt32LE(v) : tmp.writeUInt32BE(v);
          if (type === 5) le ? (tmp.writeUInt32LE(v[0]), tmp.writeUInt32LE(v[1], 4)) : (tmp.writeUInt32BE(v[0]), tmp.writeUInt32BE(v[1], 4));
          bytes.push(...tmp.subarray(0, size[type]));
        }
      u16(tag, e);
      u16(type, e + 2);
      u32(bytes.length / size[type], e + 4);
      if (bytes.length <= 4) Buffer.from(bytes).copy(buf, e + 8);
      else {
        u32(data, e + 8);
        Buffer.from(bytes).copy(buf, data);
        data += bytes.length + (bytes.length % 2);
      }
      e += 12;
    }
    u32(0, e);
  });
  return buf.subarray(0, data);
}

export const PHOTO = {
  lat: 48.8566,
  lon: 2.3522,
  make: 'Canon',
  model: 'Canon EOS 5D Mark IV',
  artist: 'Jane Photographer',
  copyright: '(c) Jane Photographer 2026',
  date: '2026:03:14 09:26:53',
  software: 'Example Photo Editor 7.1',
  creatorTool: 'Example XMP Tool 2.0',
  xmpCreator: 'Jane X. Photographer',
  comment: 'Taken at the lab door',
};

export function exifBlock({ le = false, lat = PHOTO.lat, lon = PHOTO.lon, orientation = 6 } = {}) {
  return tiff(
    le,
    [
      [0x010f, 2, PHOTO.make],
      [0x0110, 2, PHOTO.model],
      [0x0112, 3, [orientation]],
      [0x0131, 2, PHOTO.software],
      [0x013b, 2, PHOTO.artist],
      [0x8298, 2, PHOTO.copyright],
    ],
    [[0x9003, 2, PHOTO.date]],
    [
      [0x0000, 1, [2, 3, 0, 0]],
      [0x0001, 2, lat < 0 ? 'S' : 'N'],
      [0x0002, 5, dms(lat)],
      [0x0003, 2, lon < 0 ? 'W' : 'E'],
      [0x0004, 5, dms(lon)],
    ],
  );
}

const segment = (marker, body) => {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
};

export const XMP = `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmp:CreatorTool="${PHOTO.creatorTool}">
<dc:creator><rdf:Seq><rdf:li>${PHOTO.xmpCreator}</rdf:li></rdf:Seq></dc:creator>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`;

/** A JPEG with EXIF (GPS, camera, artist…), XMP, IPTC and a comment; `le` picks the byte order. */
export function photoJpeg(opts = {}) {
  const app0End = 4 + BASE_JPEG.readUInt16BE(4);
  const exif = segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), exifBlock(opts)]));
  const xmp = segment(0xe1, Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(XMP, 'utf8')]));
  // IPTC in a Photoshop resource block: 8BIM 0x0404, record 2:80 (By-line).
  const byline = Buffer.from('Jane IPTC', 'latin1');
  const iptc = Buffer.concat([Buffer.from([0x1c, 2, 80, 0, byline.length]), byline]);
  const res = Buffer.concat([Buffer.from('Photoshop 3.0\x008BIM\x04\x04\0\0', 'latin1'), Buffer.from([0, 0, 0, iptc.length]), iptc, Buffer.alloc(iptc.length % 2)]);
  const app13 = segment(0xed, res);
  const com = segment(0xfe, Buffer.from(PHOTO.comment, 'latin1'));
  return Buffer.concat([BASE_JPEG.subarray(0, app0End), exif, xmp, app13, com, BASE_JPEG.subarray(app0End)]);
}

// --- PNG ------------------------------------------------------------------------------------------

const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};

export const PNG_TEXT = { author: 'Pat Screenshot', software: 'Example Capture 3', comment: 'From the staging server', description: 'Écran de la console — 3e étage' };

/** A 4×4 PNG with tEXt (Author, Software), zTXt (Comment), compressed iTXt (Description), eXIf and tIME. */
export function textPng() {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(4, 0);
  ihdr.writeUInt32BE(4, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc(4 * (1 + 4 * 3), 0x80);
  for (let r = 0; r < 4; r += 1) raw[r * 13] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from(`Author\0${PNG_TEXT.author}`, 'latin1')),
    chunk('tEXt', Buffer.from(`Software\0${PNG_TEXT.software}`, 'latin1')),
    chunk('zTXt', Buffer.concat([Buffer.from('Comment\0\0', 'latin1'), deflateSync(Buffer.from(PNG_TEXT.comment, 'latin1'))])),
    chunk('iTXt', Buffer.concat([Buffer.from('Description\0\x01\0fr\0\0', 'latin1'), deflateSync(Buffer.from(PNG_TEXT.description, 'utf8'))])),
    chunk('eXIf', exifBlock({ le: true, lat: -33.8688, lon: 151.2093 })),
    chunk('tIME', Buffer.from([0x07, 0xea, 3, 14, 9, 26, 53])),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- PDF ------------------------------------------------------------------------------------------

/** UTF-16BE with its BOM, as a PDF hex string. */
const utf16Hex = (s) => `<FEFF${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;

export const PDF_INFO = { author: 'Dana Écrivain', title: 'Pentest (draft) report', creator: 'Example Writer 5.2', producer: 'Example PDF Library 1.9', subject: 'Internal \\ only', keywords: 'firmware; console' };

/**
 * A one-page PDF with an Info dictionary (literal strings with escapes, a UTF-16BE hex string)
 * and an uncompressed XMP metadata stream; the xref table's offsets are exact.
 * `variant`: 'encrypted' adds an /Encrypt entry; 'objstm' keeps the Info dict in an object stream.
 */
export function infoPdf(variant = 'plain') {
  // The file is written as Latin-1 text: the packet's UTF-8 BOM goes in as its three bytes.
  const xmp = XMP.replace(PHOTO.creatorTool, 'Example Writer 5.2').replace(PHOTO.xmpCreator, 'Dana XMP').replace('\ufeff', '\xef\xbb\xbf');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
    variant === 'objstm'
      ? '<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length 10 >>\nstream\nxxxxxxxxxx\nendstream'
      : `<< /Author ${utf16Hex(PDF_INFO.author)} /Title (Pentest \\(draft\\) report) /Creator (${PDF_INFO.creator}) /Producer (Example PDF\\040Library 1.9) /Subject (Internal \\\\ only) /Keywords <6669726D776172653B20636F6E736F6C65> /CreationDate (D:20260314092653+01'00') /Company (ACME Internal) >>`,
    `<< /Type /Metadata /Subtype /XML /Length ${Buffer.byteLength(xmp, 'latin1')} >>\nstream\n${xmp}\nendstream`,
  ];
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  const info = variant === 'objstm' ? '/Info 9 0 R' : '/Info 4 0 R';
  const enc = variant === 'encrypted' ? ' /Encrypt 6 0 R' : '';
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${info}${enc} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

// --- Office (ZIP) ---------------------------------------------------------------------------------

export const DOC = { creator: 'Robin Author', lastModifiedBy: 'Sam Editor', created: '2026-03-14T09:26:53Z', modified: '2026-03-15T10:00:00Z', application: 'Microsoft Office Word', company: 'Example Corp Internal', manager: 'Morgan Manager' };

const CORE_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Findings</dc:title><dc:creator>${DOC.creator}</dc:creator><cp:lastModifiedBy>${DOC.lastModifiedBy}</cp:lastModifiedBy><cp:revision>3</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">${DOC.created}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${DOC.modified}</dcterms:modified></cp:coreProperties>`;
const APP_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template>Normal.dotm</Template><TotalTime>42</TotalTime><Application>${DOC.application}</Application><Company>${DOC.company}</Company><Manager>${DOC.manager}</Manager></Properties>`;

/** A ZIP of [name, text, {store, descriptor, extra, latin1 (text holds bytes)}] with node:zlib's raw deflate; `extra` goes in both headers, version made by says Unix. */
export function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text, opts = {}] of files) {
    const raw = Buffer.from(text, opts.latin1 ? 'latin1' : 'utf8');
    const data = opts.store ? raw : deflateRawSync(raw);
    const n = Buffer.from(name, 'utf8');
    const c = crc(raw);
    const flags = opts.descriptor ? 8 : 0;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(flags, 6);
    lh.writeUInt16LE(opts.store ? 0 : 8, 8);
    lh.writeUInt16LE(0x4a6d, 10);
    lh.writeUInt16LE(0x5c6e, 12);
    if (!opts.descriptor) {
      lh.writeUInt32LE(c, 14);
      lh.writeUInt32LE(data.length, 18);
      lh.writeUInt32LE(raw.length, 22);
    }
    const extra = opts.extra ?? Buffer.alloc(0);
    lh.writeUInt16LE(n.length, 26);
    lh.writeUInt16LE(extra.length, 28);
    const desc = opts.descriptor ? Buffer.alloc(16) : Buffer.alloc(0);
    if (opts.descriptor) {
      desc.writeUInt32LE(0x08074b50, 0);
      desc.writeUInt32LE(c, 4);
      desc.writeUInt32LE(data.length, 8);
      desc.writeUInt32LE(raw.length, 12);
    }
    locals.push(lh, n, extra, data, desc);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(flags, 8);
    ch.writeUInt16LE(opts.store ? 0 : 8, 10);
    ch.writeUInt16LE(0x4a6d, 12);
    ch.writeUInt16LE(0x5c6e, 14);
    ch.writeUInt32LE(c, 16);
    ch.writeUInt32LE(data.length, 20);
    ch.writeUInt32LE(raw.length, 24);
    ch.writeUInt16LE(n.length, 28);
    ch.writeUInt16LE(extra.length, 30);
    if (opts.extra) {
      ch.writeUInt16LE(0x0314, 4); // made by Unix: the external attributes hold a mode
      ch.writeUInt32LE(0o100640 * 0x10000, 38);
    }
    ch.writeUInt32LE(offset, 42);
    centrals.push(ch, n, extra);
    offset += 30 + n.length + extra.length + data.length + desc.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(files.length, 8);
  eocd.writeUInt16LE(files.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

export const DOCX_BODY = 'The console renders device names without encoding.';
export const DOCX_DOCUMENT = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${DOCX_BODY}</w:t></w:r></w:p></w:body></w:document>`;

/** A minimal .docx: content types, relationships, the document, docProps/core.xml and app.xml. */
export function propsDocx({ descriptor = false } = {}) {
  return zip([
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'],
    ['_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>', { store: true }],
    ['docProps/core.xml', CORE_XML, { descriptor }],
    ['word/document.xml', DOCX_DOCUMENT, { descriptor }],
    ['docProps/app.xml', APP_XML],
  ]);
}

// --- blocks an allow-list cleaner must drop ---------------------

/** What the blocks below name: none of it may be left in a cleaned copy. */
export const HIDDEN = {
  c2pa: 'C2PA Lab Bench, 48.85N 2.35E',
  gopro: 'HERO8 Black',
  ducky: 'Jane Ducky Comment',
  icc: 'Jane MacBook Pro Display',
  app9: 'JANE-PRIVATE-APP9',
  caBX: 'Jane caBX manifest',
  prVt: 'JANE-PRIVATE-PNG',
  core: 'Quinn Hidden-Core',
  tracked: 'Taylor Tracked',
  commenter: 'Casey Commenter',
  email: 'casey.commenter@example-corp.test',
  login: 'jdoe-login',
  template: 'Secret Template',
  customXml: 'Jordan CustomXml',
  company: 'Hidden Company SA',
  person: 'Riley Person',
};

/** A minimal ICC v2 profile whose description and copyright name a device and a person. */
export function iccProfile(description = HIDDEN.icc) {
  const desc = Buffer.alloc(12 + description.length + 1 + 8 + 3 + 67);
  desc.write('desc', 0, 'latin1');
  desc.writeUInt32BE(description.length + 1, 8);
  desc.write(description, 12, 'latin1');
  const cprt = Buffer.from(`text\0\0\0\0(c) ${description}\0`, 'latin1');
  const pad = (b) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  const tags = [
    ['desc', pad(desc)],
    ['cprt', pad(cprt)],
  ];
  const table = Buffer.alloc(4 + tags.length * 12);
  table.writeUInt32BE(tags.length, 0);
  let at = 128 + table.length;
  tags.forEach(([sig, data], i) => {
    table.write(sig, 4 + i * 12, 'latin1');
    table.writeUInt32BE(at, 8 + i * 12);
    table.writeUInt32BE(data.length, 12 + i * 12);
    at += data.length;
  });
  const head = Buffer.alloc(128);
  head.writeUInt32BE(at, 0);
  head.write('appl', 4, 'latin1');
  head.writeUInt32BE(0x02100000, 8);
  head.write('mntrRGB XYZ ', 12, 'latin1');
  head.writeUInt16BE(2026, 24);
  head.writeUInt16BE(3, 26);
  head.writeUInt16BE(14, 28);
  head.write('acspAPPL', 36, 'latin1');
  head.write('APPL', 48, 'latin1');
  head.write('J314', 52, 'latin1'); // device model
  head.writeUInt32BE(0x0000f6d6, 68);
  head.writeUInt32BE(0x00010000, 72);
  head.writeUInt32BE(0x0000d32d, 76);
  head.write('appl', 80, 'latin1');
  return Buffer.concat([head, table, ...tags.map((t) => t[1])]);
}

/** A JUMBF superbox (ISO 19566-5) as C2PA writes it, holding one JSON box. */
function jumbf(label, json) {
  const box = (type, body) => {
    const h = Buffer.alloc(8);
    h.writeUInt32BE(8 + body.length);
    h.write(type, 4, 'latin1');
    return Buffer.concat([h, body]);
  };
  const jsonType = Buffer.from('6a736f6e00110010800000aa00389b71', 'hex'); // 'json' + ISO UUID tail
  const jumd = box('jumd', Buffer.concat([jsonType, Buffer.from([0x03]), Buffer.from(`${label}\0`, 'latin1')]));
  return box('jumb', Buffer.concat([jumd, box('json', Buffer.from(JSON.stringify(json), 'utf8'))]));
}

/** GoPro's GPMF in APP6: a DEVC holding the device name (DVNM). */
function gpmf(name) {
  const klv = (key, type, size, data) => {
    const h = Buffer.alloc(8);
    h.write(key, 0, 'latin1');
    h.write(type, 4, 'latin1');
    h[5] = size;
    h.writeUInt16BE(data.length / size, 6);
    return Buffer.concat([h, data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
  };
  const dvnm = klv('DVNM', 'c', name.length, Buffer.from(name, 'latin1'));
  const devc = Buffer.alloc(8);
  devc.write('DEVC', 0, 'latin1');
  devc[4] = 0;
  devc[5] = 1;
  devc.writeUInt16BE(dvnm.length, 6);
  return Buffer.concat([Buffer.from('GoPro\0', 'latin1'), devc, dvnm]);
}

/**
 * The base JPEG with every block a deny-list missed: a JFIF thumbnail, a JFXX thumbnail, APP6
 * (GoPro), APP9 (unknown), APP11 (C2PA/JUMBF), APP12 (Ducky), and the base's own ICC profile
 * (APP2); plus an Adobe APP14, which a cleaned copy keeps.
 */
export function blocksJpeg() {
  const app0Len = BASE_JPEG.readUInt16BE(4);
  const jfif = Buffer.from(BASE_JPEG.subarray(6, 4 + app0Len));
  jfif[12] = 2; // a 2×1 RGB thumbnail
  jfif[13] = 1;
  const app0 = segment(0xe0, Buffer.concat([jfif, Buffer.from([255, 0, 0, 0, 0, 255])]));
  const jfxx = segment(0xe0, Buffer.concat([Buffer.from('JFXX\0\x13', 'latin1'), Buffer.from([2, 1]), Buffer.from([0, 255, 0, 0, 0, 255])]));
  const app6 = segment(0xe6, gpmf(HIDDEN.gopro));
  const app9 = segment(0xe9, Buffer.from(`${HIDDEN.app9}\0`, 'latin1'));
  const c2pa = jumbf('c2pa.location', { location: HIDDEN.c2pa, 'exif:GPSLatitude': '48,51.396N' });
  const app11 = segment(0xeb, Buffer.concat([Buffer.from('JP', 'latin1'), Buffer.from([0, 1, 0, 0, 0, 1]), c2pa]));
  const comment = Buffer.from(HIDDEN.ducky, 'utf16le').swap16();
  const ducky = Buffer.concat([Buffer.from('Ducky', 'latin1'), Buffer.from([0, 1, 0, 4, 0, 0, 0, 80]), Buffer.from([0, 2, 0, comment.length + 4, 0, 0, 0, comment.length / 2]), comment, Buffer.from([0, 0])]);
  const app12 = segment(0xec, ducky);
  const adobe = segment(0xee, Buffer.from('Adobe\0\x64\0\0\0\0\x01', 'latin1'));
  return Buffer.concat([BASE_JPEG.subarray(0, 2), app0, jfxx, BASE_JPEG.subarray(2 + 2 + app0Len, BASE_JPEG.indexOf(Buffer.from([0xff, 0xdb]))), app6, app9, app11, app12, adobe, BASE_JPEG.subarray(BASE_JPEG.indexOf(Buffer.from([0xff, 0xdb])))]);
}

/** A 4×4 PNG with rendering chunks (gAMA, pHYs, sRGB) a cleaned copy keeps, and iCCP, caBX and a private chunk it drops. */
export function blocksPng() {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(4, 0);
  ihdr.writeUInt32BE(4, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc(4 * (1 + 4 * 3), 0x40);
  for (let r = 0; r < 4; r += 1) raw[r * 13] = 0;
  const phys = Buffer.alloc(9);
  phys.writeUInt32BE(2835, 0);
  phys.writeUInt32BE(2835, 4);
  phys[8] = 1;
  const gama = Buffer.alloc(4);
  gama.writeUInt32BE(45455);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('gAMA', gama),
    chunk('iCCP', Buffer.concat([Buffer.from(`${HIDDEN.icc}\0\0`, 'latin1'), deflateSync(iccProfile())])),
    chunk('pHYs', phys),
    chunk('caBX', jumbf('c2pa', { location: HIDDEN.caBX })),
    chunk('prVt', Buffer.from(HIDDEN.prVt, 'latin1')),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A one-page PDF whose compressed XMP stream (`/Type /Metadata … /Filter /FlateDecode`) lies in
 * the first 2000 bytes of the file, and an Info dictionary the cleaner can blank.
 */
export function earlyCompressedXmpPdf() {
  const xmp = deflateSync(Buffer.from(XMP.replace(PHOTO.xmpCreator, 'Dana Compressed'), 'utf8'));
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
    `<< /Type /Metadata /Subtype /XML /Filter /FlateDecode /Length ${xmp.length} >>\nstream\n${xmp.toString('latin1')}\nendstream`,
    '<< /Author (Dana Info) >>',
  ];
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** ZIP extra fields as Info-ZIP writes them: extended timestamp (0x5455) and Unix uid/gid (0x7875). */
export const ZIP_EXTRA = Buffer.from('5455050003a0e1b269' + '75780b000104e803000004e8030000', 'hex');

const CT = (overrides) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="psmdcp" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>${overrides.map(([part, type]) => `<Override PartName="${part}" ContentType="${type}"/>`).join('')}</Types>`;
const RELS = (rels) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.map(([id, type, target, external]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"${external ? ' TargetMode="External"' : ''}/>`).join('')}</Relationships>`;
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const CORE_OF = (creator) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>${creator}</dc:creator><cp:lastModifiedBy>${creator}</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">2026-03-14T09:26:53Z</dcterms:created></cp:coreProperties>`;

/**
 * A .docx with everything that names people outside docProps/core.xml: core properties in a
 * `.psmdcp` part reached through _rels/.rels, tracked changes and comments with authors,
 * word/people.xml with an e-mail, an attached template under C:\Users\<login>, customXml/, and
 * ZIP entries with extra fields (timestamps, uid/gid) and 2026 dates.
 */
export function peopleDocx() {
  const core = '/package/services/metadata/core-properties/4f1c2a.psmdcp';
  const X = { extra: ZIP_EXTRA };
  return zip([
    ['[Content_Types].xml', CT([['/word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'], ['/word/comments.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml'], ['/word/people.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml'], ['/word/settings.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml'], ['/customXml/itemProps1.xml', 'application/vnd.openxmlformats-officedocument.customXmlProperties+xml'], ['/docProps/app.xml', 'application/vnd.openxmlformats-officedocument.extended-properties+xml']]), X],
    ['_rels/.rels', RELS([['rId1', `${R}/officeDocument`, 'word/document.xml'], ['rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', core], ['rId3', `${R}/extended-properties`, 'docProps/app.xml']]), X],
    [core.slice(1), CORE_OF(HIDDEN.core), X],
    ['docProps/app.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Template>${HIDDEN.template}.dotm</Template><Company>${HIDDEN.company}</Company></Properties>`, X],
    ['word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${W}><w:body><w:p><w:r><w:t>${DOCX_BODY}</w:t></w:r><w:ins w:id="1" w:author="${HIDDEN.tracked}" w:date="2026-03-14T09:00:00Z"><w:r><w:t> Added.</w:t></w:r></w:ins><w:del w:id="2" w:author="${HIDDEN.tracked}" w:date="2026-03-14T09:01:00Z"><w:r><w:delText> Removed.</w:delText></w:r></w:del><w:commentRangeStart w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p></w:body></w:document>`, X],
    ['word/_rels/document.xml.rels', RELS([['rId1', `${R}/comments`, 'comments.xml'], ['rId2', `${R}/settings`, 'settings.xml'], ['rId3', 'http://schemas.microsoft.com/office/2011/relationships/people', 'people.xml'], ['rId4', `${R}/customXml`, '../customXml/item1.xml']]), X],
    ['word/comments.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments ${W}><w:comment w:id="0" w:author="${HIDDEN.commenter}" w:date="2026-03-14T09:02:00Z" w:initials="CC"><w:p><w:r><w:t>Check this.</w:t></w:r></w:p></w:comment></w:comments>`, X],
    ['word/people.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="${HIDDEN.commenter}"><w15:presenceInfo w15:providerId="AD" w15:userId="S::${HIDDEN.email}::8c1f"/></w15:person></w15:people>`, X],
    ['word/settings.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings ${W}><w:attachedTemplate r:id="rId1"/></w:settings>`, X],
    ['word/_rels/settings.xml.rels', RELS([['rId1', `${R}/attachedTemplate`, `file:///C:\\Users\\${HIDDEN.login}\\AppData\\Roaming\\Microsoft\\Templates\\${HIDDEN.template}.dotm`, true]]), X],
    ['customXml/item1.xml', `<?xml version="1.0"?><b:Sources xmlns:b="http://schemas.openxmlformats.org/officeDocument/2006/bibliography"><b:Source><b:Author>${HIDDEN.customXml}</b:Author></b:Source></b:Sources>`, X],
    ['customXml/itemProps1.xml', '<?xml version="1.0"?><ds:datastoreItem ds:itemID="{6A1C}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>', X],
    ['customXml/_rels/item1.xml.rels', RELS([['rId1', `${R}/customXmlProps`, 'itemProps1.xml']]), X],
  ]);
}

/** An .xlsx whose workbook records where it was saved (x15ac:absPath), with legacy comment authors and a threaded-comment person. */
export function absPathXlsx() {
  return zip([
    ['[Content_Types].xml', CT([['/xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'], ['/xl/comments1.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml'], ['/xl/persons/person.xml', 'application/vnd.ms-excel.person+xml'], ['/docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml']])],
    ['_rels/.rels', RELS([['rId1', `${R}/officeDocument`, 'xl/workbook.xml'], ['rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml']])],
    ['docProps/core.xml', CORE_OF(HIDDEN.core)],
    ['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="x15"><x15ac:absPath url="C:\\Users\\${HIDDEN.login}\\Documents\\Audit\\" xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/></mc:Choice></mc:AlternateContent><sheets><sheet name="Findings" sheetId="1" r:id="rId1" xmlns:r="${R}"/></sheets></workbook>`],
    ['xl/comments1.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>${HIDDEN.commenter}</author></authors><commentList><comment ref="A1" authorId="0"><text><t>Check.</t></text></comment></commentList></comments>`],
    ['xl/persons/person.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><person displayName="${HIDDEN.person}" id="{1B2C}" userId="${HIDDEN.email}" providerId="AD"/></personList>`],
  ]);
}

/** A .docx with pictures pasted in: a phone-like photo (EXIF GPS…), a PNG with text chunks, and a thumbnail carrying C2PA and ICC blocks. */
export function mediaDocx() {
  return zip([
    ['[Content_Types].xml', CT([['/word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml']]).replace('</Types>', '<Default Extension="jpeg" ContentType="image/jpeg"/><Default Extension="png" ContentType="image/png"/></Types>')],
    ['_rels/.rels', RELS([['rId1', `${R}/officeDocument`, 'word/document.xml'], ['rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail', 'docProps/thumbnail.jpeg']])],
    ['word/document.xml', DOCX_DOCUMENT],
    ['word/_rels/document.xml.rels', RELS([['rId1', `${R}/image`, 'media/image1.jpeg'], ['rId2', `${R}/image`, 'media/image2.png']])],
    ['word/media/image1.jpeg', photoJpeg().toString('latin1'), { store: true, latin1: true }],
    ['word/media/image2.png', textPng().toString('latin1'), { latin1: true }],
    ['docProps/thumbnail.jpeg', blocksJpeg().toString('latin1'), { store: true, latin1: true }],
  ]);
}
