/**
 * What attachments say without showing it. Pure functions on Uint8Array (no DOM;
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

import { latin1, startsWith, Items } from './metadata/bytes.js';
import { inspectJpeg, cleanJpeg } from './metadata/jpeg.js';
import { PNG_SIG, inspectPng, cleanPng } from './metadata/png.js';
import { inspectPdf, cleanPdf } from './metadata/pdf.js';
import { zipDirectory } from './metadata/zip.js';
import { inspectOffice, cleanOffice } from './metadata/office.js';

export { crc32 } from './metadata/bytes.js';

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
 * read), `pdf_unread_xmp` (an XMP stream without its xpacket wrapper: not read), `pdf_objstm`
 * (compressed object streams, not read). An item `other` names a block that is neither read nor
 * known to be safe (`APP11 JP`, `iCCP`, `customXml/`): a cleaned copy leaves it out. Never throws.
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
 * A copy without the hidden data: `{data, notes}` or `{error: code}`. Images are cleaned by
 * allow-list: only what decodes and renders the pixels is kept, anything else (known or not)
 * is left out. Notes: `orientation_lost` (JPEG: the EXIF orientation went with the EXIF),
 * `icc_dropped` (JPEG, PNG: the colour profile, which names a device, left out),
 * `trailing_dropped` (JPEG: the data after the image left out), `pdf_in_place` (PDF: values
 * blanked in place), `office_names_replaced` (Office: comment and change authors now read
 * "Author"). Errors: `unsupported`, `unreadable`, `pdf_encrypted`, `pdf_compressed_info`,
 * `pdf_compressed_xmp`, `pdf_unread_xmp`, `office_unreadable_part` (a part that may name people
 * could not be read). Never throws.
 */
export async function cleanMetadata(bytes) {
  try {
    const format = metadataFormat(bytes);
    if (format === 'jpeg') return cleanJpeg(bytes);
    if (format === 'png') return cleanPng(bytes);
    if (format === 'pdf') return cleanPdf(bytes);
    if (format === 'office') return await cleanOffice(bytes);
    return { error: 'unsupported' };
  } catch {
    return { error: 'unreadable' };
  }
}
