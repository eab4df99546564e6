// The cleaner keeps what is known to be safe and leaves out everything else (allow-list, not
// deny-list). Each fixture carries blocks a deny-list let through: JPEG APP6 (GoPro), APP11
// (C2PA/JUMBF), APP12 (Ducky), an unknown APP9, JFIF and JFXX thumbnails and the ICC profile;
// PNG iCCP, caBX and a private chunk; Office core properties in a .psmdcp part, tracked-change
// and comment authors, people.xml e-mails, an attached template under C:\Users\<login>,
// x15ac:absPath, customXml/ and ZIP extra fields and dates; a PDF whose compressed XMP stream
// sits in the first 2000 bytes. Independent readers check the cleaned copies: ExifTool
// (`-a -G1 -ee`) lists no field that names a person, a place, a device or a path; Python's
// zipfile reads every entry (CRCs, dates, extra fields) and finds no name in any of them.
// Fixtures: tests/js/lib/metadata-fixtures.mjs (built byte by byte).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectMetadata, cleanMetadata } from '../../../pkg/widget/metadata.js';
import { skipUnless } from '../lib/require.mjs';
import { HIDDEN, PHOTO, BASE_JPEG, DOCX_BODY, zip, mediaDocx, blocksJpeg, blocksPng, earlyCompressedXmpPdf, peopleDocx, absPathXlsx, photoJpeg, textPng, infoPdf, propsDocx } from '../lib/metadata-fixtures.mjs';

const skipExif = skipUnless(!spawnSync('exiftool', ['-ver']).error, 'exiftool is not installed (apt-get install libimage-exiftool-perl)');
const skipPython = skipUnless(!spawnSync('python3', ['--version']).error, 'python3 is not installed');

const u8 = (b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const others = (r) => r.items.filter((x) => x.field === 'other').map((x) => x.value);

function withFile(bytes, ext, fn) {
  const dir = mkdtempSync(join(tmpdir(), 'psirt-allow-'));
  try {
    const file = join(dir, `f.${ext}`);
    writeFileSync(file, bytes);
    return fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** ExifTool's full view (`-a -G1 -ee`, every duplicate, embedded data too) as {group:tag: value}. */
function exiftool(bytes, ext) {
  return withFile(bytes, ext, (file) => {
    const r = spawnSync('exiftool', ['-j', '-a', '-G1', '-ee', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout)[0];
  });
}

/**
 * The groups a cleaned file may show: the file system's, ExifTool's own, what describes the
 * pixels (JFIF's density, Adobe's colour transform, PNG's header and rendering chunks, ZIP's
 * entry header), computed values. Nothing else.
 */
const ALLOWED = /^(SourceFile|ExifTool:|System:|File:|JFIF:|Adobe:|PNG:(ImageWidth|ImageHeight|BitDepth|ColorType|Compression|Filter|Interlace|Gamma)$|PNG-pHYs:|ZIP:|Composite:(ImageSize|Megapixels)$|PDF:(PDFVersion|Linearized|PageCount)$)/;
/** Tag names that say who, where, with what or from which folder. */
const NAMING = /GPS|Author|Creator|Artist|By-?line|Owner|Serial|Make|Model|Device|Profile(Description|Copyright|Creator)|Copyright|Company|Manager|LastModifiedBy|Template|Path|Location|Comment|UserComment|Producer|Software/i;

function assertNamesNothing(info, what) {
  const text = JSON.stringify(info);
  for (const v of Object.values(HIDDEN)) assert.ok(!text.includes(v), `${what}: ExifTool still shows "${v}": ${text}`);
  const extra = Object.keys(info).filter((k) => !ALLOWED.test(k));
  assert.deepEqual(extra, [], `${what}: tags outside the allowed groups`);
  const naming = Object.keys(info).filter((k) => !/^(System|File):/.test(k) && NAMING.test(k.split(':')[1] ?? ''));
  assert.deepEqual(naming, [], `${what}: tags that name someone or something`);
}

/** The segments of a JPEG up to the first scan: [marker, body]. An independent walker. */
function jpegMarkers(b) {
  const out = [];
  for (let at = 2; at + 4 <= b.length; ) {
    const marker = b[at + 1];
    const len = b.readUInt16BE(at + 2);
    out.push([marker, b.subarray(at + 4, at + 2 + len)]);
    if (marker === 0xda) break;
    at += 2 + len;
  }
  return out;
}

// --- JPEG -------------------------------------------------------------------------------------------

test('JPEG allow-list: APP6 (GoPro), APP9, APP11 (C2PA), APP12 (Ducky), ICC, JFIF and JFXX thumbnails are listed as other data and left out; JFIF (no thumbnail) and Adobe APP14 are kept', async () => {
  const original = blocksJpeg();
  const r = await inspectMetadata(u8(original));
  assert.deepEqual(r.problems, []);
  assert.deepEqual(others(r), ['APP0 JFIF thumbnail', 'APP0 JFXX', 'APP2 ICC_PROFILE', 'APP6 GoPro', 'APP9 JANE-PRIVATE-APP', 'APP11 JP', 'APP12 Ducky']);
  const c = await cleanMetadata(u8(original));
  assert.ok(c.data, c.error);
  assert.deepEqual(c.notes, ['icc_dropped']);
  const out = Buffer.from(c.data);
  const markers = jpegMarkers(out);
  assert.deepEqual(
    markers.map(([m]) => m.toString(16)),
    ['e0', 'ee', 'db', 'db', 'c0', 'c4', 'c4', 'c4', 'c4', 'da'],
    'JFIF, Adobe, the tables, the frame and the scan: nothing else',
  );
  assert.equal(markers[0][1].length, 14, 'JFIF without its thumbnail');
  assert.deepEqual([markers[0][1][12], markers[0][1][13]], [0, 0]);
  assert.equal(Buffer.from(markers[1][1]).toString('latin1', 0, 5), 'Adobe');
  // The image data (from the first table to EOI) is the base JPEG's, byte for byte.
  const tables = BASE_JPEG.indexOf(Buffer.from([0xff, 0xdb]));
  assert.ok(out.subarray(out.indexOf(Buffer.from([0xff, 0xdb]))).equals(BASE_JPEG.subarray(tables)));
  assert.deepEqual((await inspectMetadata(c.data)).items, [], 'nothing left to list');
  assert.ok(Buffer.from((await cleanMetadata(c.data)).data).equals(out), 'cleaning twice changes nothing');
});

test('JPEG: ExifTool -a -G1 -ee sees the C2PA location, the GoPro device, the Ducky comment and the ICC profile in the original, and nothing that names anyone in the cleaned copy', { skip: skipExif }, async () => {
  const original = blocksJpeg();
  const before = exiftool(original, 'jpg');
  assert.equal(before['JSON:Location'], HIDDEN.c2pa);
  assert.equal(before['GoPro:DeviceName'], HIDDEN.gopro);
  assert.equal(before['Ducky:Comment'], HIDDEN.ducky);
  assert.ok(before['ICC_Profile:ProfileDescription']);
  const after = exiftool((await cleanMetadata(u8(original))).data, 'jpg');
  assertNamesNothing(after, 'cleaned JPEG');
  assert.equal(after['Composite:ImageSize'], '48x32');
  assert.equal(after['Adobe:ColorTransform'], 'YCbCr', 'the colour transform the decoder needs is kept');
  // The photo fixture of the form test (EXIF, XMP, IPTC, comment, ICC) too.
  assertNamesNothing(exiftool((await cleanMetadata(u8(photoJpeg({ le: true })))).data, 'jpg'), 'cleaned photo');
});

test('JPEG: a segment that is not a table between the scans of a progressive JPEG is left out', async () => {
  // The base's scan, then an APP11 and a DHT before a second (repeated) scan: the DHT stays.
  const sos = BASE_JPEG.indexOf(Buffer.from([0xff, 0xda]));
  const eoi = BASE_JPEG.length - 2;
  const app11 = Buffer.concat([Buffer.from([0xff, 0xeb, 0, 2 + HIDDEN.c2pa.length]), Buffer.from(HIDDEN.c2pa, 'latin1')]);
  const dhtAt = BASE_JPEG.indexOf(Buffer.from([0xff, 0xc4]));
  const dht = BASE_JPEG.subarray(dhtAt, dhtAt + 2 + BASE_JPEG.readUInt16BE(dhtAt + 2));
  const file = Buffer.concat([BASE_JPEG.subarray(0, eoi), app11, dht, BASE_JPEG.subarray(sos, eoi), Buffer.from([0xff, 0xd9])]);
  assert.ok(others(await inspectMetadata(u8(file))).includes('APP11'));
  const out = Buffer.from((await cleanMetadata(u8(file))).data);
  assert.ok(!out.includes(Buffer.from(HIDDEN.c2pa, 'latin1')), 'the APP11 between the scans is gone');
  assert.ok(out.includes(Buffer.concat([dht, BASE_JPEG.subarray(sos, sos + 20)])), 'the table between the scans is kept');
});

// --- PNG --------------------------------------------------------------------------------------------

test('PNG allow-list: iCCP, caBX and a private chunk are listed as other data and left out; gAMA and pHYs are kept', async () => {
  const original = blocksPng();
  const r = await inspectMetadata(u8(original));
  assert.deepEqual(others(r), ['iCCP', 'caBX', 'prVt']);
  const c = await cleanMetadata(u8(original));
  assert.deepEqual(c.notes, ['icc_dropped']);
  const out = Buffer.from(c.data);
  const types = [];
  for (let at = 8; at < out.length; at += 12 + out.readUInt32BE(at)) types.push(out.toString('latin1', at + 4, at + 8));
  assert.deepEqual(types, ['IHDR', 'gAMA', 'pHYs', 'IDAT', 'IEND']);
  assert.deepEqual((await inspectMetadata(c.data)).items, []);
});

test('PNG: ExifTool -a -G1 -ee sees the profile name, the ICC device and the caBX manifest in the original, nothing that names anyone in the cleaned copy', { skip: skipExif }, async () => {
  const original = blocksPng();
  const before = exiftool(original, 'png');
  assert.equal(before['PNG:ProfileName'], HIDDEN.icc);
  assert.equal(before['ICC-header:DeviceModel'], 'J314');
  assert.equal(before['JSON:Location'], HIDDEN.caBX);
  const after = exiftool((await cleanMetadata(u8(original))).data, 'png');
  assertNamesNothing(after, 'cleaned PNG');
  assert.equal(after['PNG:Gamma'], 2.2);
  assertNamesNothing(exiftool((await cleanMetadata(u8(textPng()))).data, 'png'), 'cleaned text PNG');
});

// --- PDF --------------------------------------------------------------------------------------------

test('PDF: a compressed XMP stream in the first 2000 bytes is found (no cleaned copy, with its reason); further in, too', async () => {
  const early = earlyCompressedXmpPdf();
  assert.ok(early.indexOf('/Type /Metadata') < 2000);
  const r = await inspectMetadata(u8(early));
  assert.ok(r.problems.includes('pdf_compressed_xmp'), JSON.stringify(r));
  assert.deepEqual(await cleanMetadata(u8(early)), { error: 'pdf_compressed_xmp' });
  // The same stream 3000 bytes into the file (a comment before it).
  const late = Buffer.concat([early.subarray(0, 9), Buffer.from(`%${'x'.repeat(3000)}\n`), early.subarray(9)]);
  assert.deepEqual(await cleanMetadata(u8(late)), { error: 'pdf_compressed_xmp' });
  // An XMP stream without its xpacket wrapper (optional in XMP) is not read either: no copy.
  const bare = Buffer.from(infoPdf().toString('latin1').replace(/<\?xpacket begin[^>]*\?>/, '<!--  packet  -->'), 'latin1');
  assert.deepEqual(await cleanMetadata(u8(bare)), { error: 'pdf_unread_xmp' });
  // A plain one is still cleaned.
  assert.ok((await cleanMetadata(u8(infoPdf()))).data);
});

// --- Office -----------------------------------------------------------------------------------------

/** Python's zipfile on a cleaned package: CRCs, and for every entry its date, extra, system, text and whether its XML parses. */
function pythonZip(bytes) {
  return withFile(bytes, 'zip', (file) => {
    const py = `import zipfile,sys,json,xml.etree.ElementTree as ET
z=zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
def wf(n):
  if not n.endswith((".xml",".rels",".psmdcp")): return True
  try: ET.fromstring(z.read(n)); return True
  except ET.ParseError: return False
print(json.dumps([{"name":i.filename,"wellformed":wf(i.filename),"date":list(i.date_time),"extra":i.extra.hex(),"comment":i.comment.hex(),"system":i.create_system,"attr":i.external_attr,"text":z.read(i.filename).decode("utf-8","replace")} for i in z.infolist()]+[z.comment.hex()]))`;
    const r = spawnSync('python3', ['-c', py, file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  });
}

function assertPackageClean(entries, what) {
  const archiveComment = entries.pop();
  assert.equal(archiveComment, '');
  for (const e of entries) {
    assert.ok(e.wellformed, `${what} ${e.name}: Python's XML parser refuses the rewritten part:\n${e.text}`);
    assert.deepEqual(e.date, [1980, 1, 1, 0, 0, 0], `${what} ${e.name}: date`);
    assert.equal(e.extra, '', `${what} ${e.name}: extra field`);
    assert.equal(e.comment, '', `${what} ${e.name}: comment`);
    assert.equal(e.system, 0, `${what} ${e.name}: made by`);
    assert.equal(e.attr, 0, `${what} ${e.name}: attributes`);
    assert.ok(!/^customxml\//i.test(e.name), `${what}: ${e.name} is left out`);
    for (const v of Object.values(HIDDEN)) assert.ok(!e.text.includes(v), `${what} ${e.name} still holds "${v}":\n${e.text}`);
    assert.ok(!/customXml/i.test(e.text), `${what} ${e.name} still points at customXml/`);
    assert.ok(!/Users[\\/]/.test(e.text), `${what} ${e.name} still holds a user folder`);
  }
  return Object.fromEntries(entries.map((e) => [e.name, e.text]));
}

test('docx: core properties in a .psmdcp part, tracked-change and comment authors, people.xml e-mail, attached template path and customXml/ are listed', async () => {
  const r = await inspectMetadata(u8(peopleDocx()));
  assert.deepEqual(r.problems, []);
  const by = (field) => r.items.filter((x) => x.field === field).map((x) => x.value);
  assert.deepEqual(by('author'), [HIDDEN.core], 'found through _rels/.rels');
  assert.deepEqual(by('reviewer'), [HIDDEN.tracked, HIDDEN.commenter]);
  assert.deepEqual(by('account'), [`S::${HIDDEN.email}::8c1f`]);
  assert.ok(by('template').some((v) => v.includes(`C:\\Users\\${HIDDEN.login}\\`)), JSON.stringify(r.items));
  assert.deepEqual(others(r), ['customXml/']);
});

test('docx cleaned: Python zipfile reads every entry (CRCs good), all dated 1980-01-01 with no extra field, no name, e-mail, login or customXml left; the text and the tracked changes stay', { skip: skipPython }, async () => {
  const c = await cleanMetadata(u8(peopleDocx()));
  assert.ok(c.data, c.error);
  assert.deepEqual(c.notes, ['office_names_replaced']);
  const parts = assertPackageClean(pythonZip(c.data), 'docx');
  assert.deepEqual(Object.keys(parts), ['[Content_Types].xml', '_rels/.rels', 'package/services/metadata/core-properties/4f1c2a.psmdcp', 'docProps/app.xml', 'word/document.xml', 'word/_rels/document.xml.rels', 'word/comments.xml', 'word/people.xml', 'word/settings.xml', 'word/_rels/settings.xml.rels']);
  const doc = parts['word/document.xml'];
  assert.ok(doc.includes(DOCX_BODY) && doc.includes('<w:ins w:id="1" w:author="Author"') && doc.includes('<w:delText> Removed.</w:delText>'));
  assert.ok(parts['word/comments.xml'].includes('w:author="Author"') && parts['word/comments.xml'].includes('Check this.'));
  assert.match(parts['package/services/metadata/core-properties/4f1c2a.psmdcp'], /<cp:coreProperties [^>]*><\/cp:coreProperties>$/);
  assert.match(parts['word/_rels/settings.xml.rels'], /Target="Normal\.dotm" TargetMode="External"/);
  assert.ok(parts['word/_rels/document.xml.rels'].includes('Target="comments.xml"'), 'other relationships stay');
  assert.deepEqual((await inspectMetadata(c.data)).items, [], 'nothing left to list');
});

test('xlsx cleaned: x15ac:absPath, legacy comment authors and threaded-comment persons', { skip: skipPython }, async () => {
  const original = absPathXlsx();
  const r = await inspectMetadata(u8(original));
  assert.deepEqual(r.items.filter((x) => x.field === 'path').map((x) => x.value), [`C:\\Users\\${HIDDEN.login}\\Documents\\Audit\\`]);
  assert.deepEqual(r.items.filter((x) => x.field === 'reviewer').map((x) => x.value), [HIDDEN.commenter, HIDDEN.person]);
  const c = await cleanMetadata(u8(original));
  const parts = assertPackageClean(pythonZip(c.data), 'xlsx');
  assert.ok(parts['xl/workbook.xml'].includes('<x15ac:absPath url=""'));
  assert.ok(parts['xl/workbook.xml'].includes('<sheet name="Findings"'), 'the sheets stay');
  assert.ok(parts['xl/comments1.xml'].includes('<author>Author</author>') && parts['xl/comments1.xml'].includes('<t>Check.</t>'));
});

test('docx and xlsx: ExifTool -a -G1 -ee finds no name, company, template or date in the cleaned copies; ZIP dates read 1980', { skip: skipExif }, async () => {
  for (const [what, make] of [['docx', peopleDocx], ['xlsx', absPathXlsx], ['props docx', () => propsDocx({ descriptor: true })]]) {
    const before = exiftool(make(), 'docx');
    assert.notEqual(before['ZIP:ZipModifyDate'], '1980:01:01 00:00:00');
    const after = exiftool((await cleanMetadata(u8(make()))).data, 'docx');
    assertNamesNothing(after, `cleaned ${what}`);
    assert.equal(after['ZIP:ZipModifyDate'], '1980:01:01 00:00:00');
  }
});

test('Office: a part that may name people and cannot be read gives no cleaned copy, with a reason code', async () => {
  // word/document.xml stored with an unknown compression method (99): it cannot be inflated here.
  const z = Buffer.from(peopleDocx());
  const name = Buffer.from('word/document.xml');
  for (let at = z.indexOf(name); at >= 0; at = z.indexOf(name, at + 1)) {
    if (z.readUInt32LE(at - 30) === 0x04034b50) z.writeUInt16LE(99, at - 30 + 8);
    if (z.readUInt32LE(at - 46) === 0x02014b50) z.writeUInt16LE(99, at - 46 + 10);
  }
  assert.ok((await inspectMetadata(u8(z))).problems.includes('unreadable'));
  assert.deepEqual(await cleanMetadata(u8(z)), { error: 'office_unreadable_part' });
});

// --- hostile input on the new fixtures ----------------------------------------------------------------

for (const [name, make] of Object.entries({ blocksJpeg, blocksPng, peopleDocx, absPathXlsx, mediaDocx, earlyCompressedXmpPdf })) {
  test(`${name}: every truncation and 500 random corruptions → a result, never an exception or a hang`, async () => {
    const full = make();
    const run = async (b, what) => {
      const t0 = performance.now();
      const r = await inspectMetadata(u8(b));
      const c = await cleanMetadata(u8(b));
      assert.ok(Array.isArray(r.items) && Array.isArray(r.problems), what);
      assert.ok(c.data instanceof Uint8Array || typeof c.error === 'string', what);
      assert.ok(performance.now() - t0 < 2000, `${what} took too long`);
    };
    for (let n = 1; n < full.length; n += Math.max(1, Math.floor(full.length / 200))) await run(Buffer.from(full.subarray(0, n)), `cut at ${n}`);
    let x = 0x2545f491;
    const rnd = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
    for (let i = 0; i < 500; i += 1) {
      const b = Buffer.from(full);
      for (let k = 0; k < 1 + (rnd() % 4); k += 1) b[rnd() % b.length] = rnd() & 0xff;
      await run(b, `corruption ${i}`);
    }
  });
}

test('docx with pasted pictures: each picture\'s GPS, camera, author and other data are listed with its part name, and each is cleaned like an attached one', { skip: skipPython || skipExif }, async () => {
  const original = mediaDocx();
  const r = await inspectMetadata(u8(original));
  assert.deepEqual(r.problems, []);
  const has = (field, value) => r.items.some((x) => x.field === field && x.value === value);
  assert.ok(has('gps', '48.8566, 2.3522 (word/media/image1.jpeg)'), JSON.stringify(r.items));
  assert.ok(has('author', `${PHOTO.artist} (word/media/image1.jpeg)`));
  assert.ok(has('gps', '-33.8688, 151.2093 (word/media/image2.png)'));
  assert.ok(has('other', 'APP11 JP (docProps/thumbnail.jpeg)'));
  const c = await cleanMetadata(u8(original));
  assert.ok(c.data, c.error);
  const dir = mkdtempSync(join(tmpdir(), 'psirt-allow-'));
  try {
    writeFileSync(join(dir, 'c.docx'), c.data);
    const py = `import zipfile,sys,os
z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None
for n in ["word/media/image1.jpeg","word/media/image2.png","docProps/thumbnail.jpeg"]:
  open(os.path.join(sys.argv[2], n.replace("/","_")),"wb").write(z.read(n))`;
    const x = spawnSync('python3', ['-c', py, join(dir, 'c.docx'), dir], { encoding: 'utf8' });
    assert.equal(x.status, 0, x.stderr);
    for (const f of ['word_media_image1.jpeg', 'word_media_image2.png', 'docProps_thumbnail.jpeg']) {
      const e = spawnSync('exiftool', ['-j', '-a', '-G1', '-ee', join(dir, f)], { encoding: 'utf8' });
      assert.equal(e.status, 0, e.stderr);
      const info = JSON.parse(e.stdout)[0];
      assertNamesNothing(info, f);
      assert.ok(!JSON.stringify(info).includes(PHOTO.artist) && !JSON.stringify(info).includes('Canon'), f);
      assert.ok(info['Composite:ImageSize'], `${f} is still a picture`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('xlsx: the user who reserved the workbook and the files its data connections read are listed, and renamed or cut to a file name', async () => {
  const z = zip([
    ['[Content_Types].xml', '<Types/>'],
    ['xl/workbook.xml', `<workbook><fileSharing readOnlyRecommended="1" userName="${HIDDEN.person}"/><sheets/></workbook>`],
    ['xl/connections.xml', `<connections><connection id="1" name="q" sourceFile="C:\\Users\\${HIDDEN.login}\\Data\\audit.csv" odcFile="\\\\fileserver\\${HIDDEN.login}\\My Data Sources\\q.odc"/></connections>`],
  ]);
  const r = await inspectMetadata(u8(z));
  assert.deepEqual(r.items, [
    { field: 'reviewer', value: HIDDEN.person },
    { field: 'path', value: `C:\\Users\\${HIDDEN.login}\\Data\\audit.csv` },
    { field: 'path', value: `\\\\fileserver\\${HIDDEN.login}\\My Data Sources\\q.odc` },
  ]);
  const out = Buffer.from((await cleanMetadata(u8(z))).data);
  for (const v of [HIDDEN.person, HIDDEN.login]) assert.ok(!out.includes(v), v);
  assert.ok(out.includes('sourceFile="audit.csv"') && out.includes('odcFile="q.odc"'));
});

test('pptx: legacy comment authors and modern comment authors (with their accounts) are listed and renamed', async () => {
  const z = zip([
    ['[Content_Types].xml', '<Types/>'],
    ['ppt/commentAuthors.xml', `<p:cmAuthorLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cmAuthor id="0" name="${HIDDEN.commenter}" initials="CC" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>`],
    ['ppt/authors.xml', `<p188:authorLst xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main"><p188:author id="{5F1A}" name="${HIDDEN.person}" initials="RP" userId="${HIDDEN.email}" providerId="AD"/></p188:authorLst>`],
    ['ppt/slides/slide1.xml', '<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld name="Findings"/></p:sld>', { store: true }],
  ]);
  const r = await inspectMetadata(u8(z));
  assert.deepEqual(r.items, [
    { field: 'reviewer', value: HIDDEN.commenter },
    { field: 'reviewer', value: HIDDEN.person },
    { field: 'account', value: HIDDEN.email },
  ]);
  const c = await cleanMetadata(u8(z));
  assert.deepEqual(c.notes, ['office_names_replaced']);
  const out = Buffer.from(c.data);
  for (const v of [HIDDEN.commenter, HIDDEN.person, HIDDEN.email, 'initials="CC"', 'providerId="AD"']) assert.ok(!out.includes(v), v);
  assert.ok(out.includes('<p:cSld name="Findings"/>'), 'a slide\'s own name attribute is not touched');
});
