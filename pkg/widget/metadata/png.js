/** PNG: the chunks, read and rewritten. */

import { MAX_TEXT, be16, be32, concat, inflate, latin1, utf8 } from './bytes.js';
import { readTiff } from './tiff.js';
import { readXmp } from './xml.js';

export const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Chunks read and listed under their own field. */
const PNG_META = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);
/**
 * The allow-list: the critical chunks, the ancillary chunks that say how to render the pixels
 * (transparency, gamma, chromaticities, sRGB intent, pixel size, background, significant bits,
 * cICP's colour code points) and APNG's frames. All are numbers or pixels, none free text. Every
 * other chunk, known or not, is left out of a cleaned copy: iCCP too, whose profile name is free
 * text and whose profile names a device maker and model (a screenshot's says which display).
 */
const PNG_KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'pHYs', 'bKGD', 'sBIT', 'cICP', 'acTL', 'fcTL', 'fdAT']);
/** A chunk type as shown in the "other data" list (four letters, or `?`). */
const chunkName = (type) => (/^[A-Za-z]{4}$/.test(type) ? type : '?');
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

export async function inspectPng(b, items, problems) {
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
    } else if (!PNG_KEEP.has(c.type) && !PNG_META.has(c.type)) {
      items.push('other', chunkName(c.type));
    }
  }
}

export function cleanPng(b) {
  const chunks = pngChunks(b);
  if (!chunks) return { error: 'unreadable' };
  // Kept chunks are copied byte for byte, CRC included: nothing to recompute.
  const parts = [b.subarray(0, 8), ...chunks.filter((c) => PNG_KEEP.has(c.type)).map((c) => b.subarray(c.start, c.end))];
  return { data: concat(parts), notes: chunks.some((c) => c.type === 'iCCP') ? ['icc_dropped'] : [] };
}
