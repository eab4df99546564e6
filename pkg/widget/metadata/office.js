/** Office Open XML (docx, xlsx, pptx): the parts that name people, read and rewritten. */

import { concat, crc32, utf8 } from './bytes.js';
import { xmlText, xmlValues } from './xml.js';
import { zipDirectory, zipEntry } from './zip.js';

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


export async function inspectOffice(b, items, problems, dir) {
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

export function cleanOffice(b) {
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
