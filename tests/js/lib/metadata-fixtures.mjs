// Issue 16 item 6: files that carry hidden data, built here byte by byte (independently of
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

/** A ZIP of [name, text, {store, descriptor}] with node:zlib's raw deflate. */
export function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text, opts = {}] of files) {
    const raw = Buffer.from(text, 'utf8');
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
    lh.writeUInt16LE(n.length, 26);
    const desc = opts.descriptor ? Buffer.alloc(16) : Buffer.alloc(0);
    if (opts.descriptor) {
      desc.writeUInt32LE(0x08074b50, 0);
      desc.writeUInt32LE(c, 4);
      desc.writeUInt32LE(data.length, 8);
      desc.writeUInt32LE(raw.length, 12);
    }
    locals.push(lh, n, data, desc);
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
    ch.writeUInt32LE(offset, 42);
    centrals.push(ch, n);
    offset += 30 + n.length + data.length + desc.length;
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
