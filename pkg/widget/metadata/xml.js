/** XML as the metadata parsers read it: element and attribute values (XMP, Office properties). */

import { utf8 } from './bytes.js';

export function xmlText(s) {
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
export function xmlValues(xml, tag) {
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

export function readXmp(text, items) {
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
