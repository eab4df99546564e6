/** PDF: the Info dictionary and XMP packets, read and blanked in place. */

import { allBytes, ascii, indexOfBytes, latin1, utf8, windowAt } from './bytes.js';
import { readXmp } from './xml.js';

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
    // The window starts at most 2000 bytes before the match (at 0 near the start of the file):
    // positions in it are counted from `base`, not from `m - 2000`.
    const base = Math.max(0, m - 2000);
    const head = windowAt(b, base, m - base + 2000);
    const dictStart = head.lastIndexOf('obj', m - base);
    const stream = head.indexOf('stream', m - base);
    if (stream < 0 || dictStart < 0) continue;
    const streamAt = base + stream;
    if (packets.some((p) => p.start > streamAt && p.start < streamAt + 200)) continue;
    // Not read, so not blanked: compressed, or XMP without its (optional) xpacket wrapper.
    problems.push(/\/Filter\b/.test(head.slice(dictStart, stream)) ? 'pdf_compressed_xmp' : 'pdf_unread_xmp');
  }
  if (indexOfBytes(b, '/ObjStm') >= 0 && !refs.size && !inline.length) problems.push('pdf_objstm');
  return { strings, packets, problems };
}

export function inspectPdf(b, items, problems) {
  const scan = scanPdf(b);
  problems.push(...scan.problems);
  for (const s of scan.strings) items.push(s.field, s.text, s.label);
  for (const p of scan.packets) readXmp(p.xml, items);
}

const EMPTY_XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>';

export function cleanPdf(b) {
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
