/**
 * The ASCII armor of an OpenPGP message (RFC 9580 §6.2), taken off before the packet walk.
 *
 * Hand-written on purpose, and only for the intake's hot path: the core's `inspectMessage` also
 * reads armored text, but through rpgp's streaming dearmor inside the wasm, which was about two
 * thirds of the time it took on an 8 KB report (measured: ~500 µs armored against ~160 µs for
 * the same message in binary). Node's own base64 decoder is native. So the intake checks the
 * framing strictly here (one `BEGIN/END PGP MESSAGE` block, header lines, base64 lines with
 * padding only at the end, an optional CRC line) and hands the packets to the core; whatever
 * this strict form does not match is given to `inspectMessage` as it came, which decides.
 * What is stored is always the text as received, byte for byte.
 */

const HEAD = /^-----BEGIN PGP MESSAGE-----\r?\n(?:[\x21-\x39\x3b-\x7e]+: [\x20-\x7e]*\r?\n)*\r?\n/;
const END = '-----END PGP MESSAGE-----';
const CRC = /\n=[A-Za-z0-9+/]{4}\r?\n$/;

/**
 * The binary message inside `text` when it is one armored message in the strict form, else null
 * (then let the core judge it). Strict means: the BEGIN line, header lines (`Key: Value`), an
 * empty line, base64 lines of one width (the last one shorter or equal) with one kind of line
 * end, only the RFC 4648 alphabet, '=' padding only at the very end, an optional CRC line, the
 * END line, at most one line end. The CRC is not checked: RFC 9580 §6.1 says a mismatch must not
 * make a message rejected (the core does not check it either).
 *
 * How, without a pass in JavaScript over every character nor a regular expression over the body
 * (both cost more than the decoding): the line ends are checked where the width puts them, Node
 * decodes natively, and the decoded length must be exactly what that many characters give.
 * Node's decoder skips characters outside the alphabet and stops at '=': any such character makes
 * the length fall short. It also takes the URL alphabet ('-', '_'): those are looked for apart.
 * @param {string} text  the body as latin1 text
 * @returns {{bytes: Buffer, end: number, crlf: boolean}|null}  the binary message; where the END
 *   line ends (index in `text`); whether every line end up to there is CRLF (the text is then
 *   already in the form the stored `.eml` holds it)
 */
export function dearmorMessage(text) {
  const head = HEAD.exec(text.length > 8192 ? text.slice(0, 8192) : text);
  if (!head) return null;
  const end = text.lastIndexOf(END);
  if (end < 0) return null;
  const after = text.length - end - END.length;
  if (after !== 0 && !(after === 1 && text.charCodeAt(text.length - 1) === 10) && !(after === 2 && text.endsWith('\r\n'))) return null;
  let stop = end;
  const crc = CRC.exec(text.slice(Math.max(0, end - 16), end));
  if (crc) stop = end - crc[0].length + 1;
  const start = head[0].length;
  const first = text.indexOf('\n', start);
  if (first < 0 || first >= stop) return null;
  const crlf = text.charCodeAt(first - 1) === 13;
  const e = crlf ? 2 : 1;
  const width = first + 1 - e - start;
  const size = stop - start;
  if (width <= 0) return null;
  // Lines: full ones of `width`, then the last, shorter or full, each followed by its line end.
  const full = Math.floor(size / (width + e));
  const rest = size - full * (width + e);
  if (rest !== 0 && rest <= e) return null;
  const lines = full + (rest === 0 ? 0 : 1);
  for (let k = 0, at = start + width; k < lines; k++, at += width + e) {
    const lineEnd = k === lines - 1 ? stop - e : at;
    if (crlf ? text.charCodeAt(lineEnd) !== 13 || text.charCodeAt(lineEnd + 1) !== 10 : text.charCodeAt(lineEnd) !== 10) return null;
  }
  const chars = size - lines * e;
  if (chars % 4 !== 0) return null;
  const data = text.slice(start, stop);
  if (data.indexOf('-') >= 0 || data.indexOf('_') >= 0) return null;
  const eq = data.indexOf('=');
  const pad = eq < 0 ? 0 : size - e - eq;
  if (pad > 2 || (pad === 2 && text.charCodeAt(stop - e - 1) !== 61)) return null;
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length === 0 || bytes.length !== (chars / 4) * 3 - pad) return null;
  const lf = !crlf || /(?:^|[^\r])\n/.test(head[0]) || (crc && !crc[0].endsWith('\r\n'));
  return { bytes, end: end + END.length, crlf: !lf };
}
