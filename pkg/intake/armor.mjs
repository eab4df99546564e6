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
 * empty line, base64 that is exactly the canonical encoding of the bytes it decodes to (RFC 4648
 * alphabet, padded) cut in lines of one length with one kind of line end, an optional CRC line,
 * the END line, at most one line end. The CRC is not checked: RFC 9580 §6.1 says a mismatch must
 * not make a message rejected (the core does not check it either).
 *
 * How: Node decodes (natively, skipping what is not base64), encodes the bytes back, and the text
 * must be that encoding line for line — no character by character pass in JavaScript, no regular
 * expression over the whole body (both cost more than the decoding here).
 * @param {string} text  the body as latin1 text
 * @returns {{bytes: Buffer, end: number, crlf: boolean}|null}  the binary message; where the END
 *   line ends (index in `text`); whether every line end up to there is CRLF (the text is then
 *   already in the form the stored `.eml` holds it)
 */
export function dearmorMessage(text) {
  const head = HEAD.exec(text.slice(0, 8192));
  if (!head) return null;
  const end = text.lastIndexOf(END);
  if (end < 0) return null;
  const tail = text.slice(end + END.length);
  if (tail !== '' && tail !== '\n' && tail !== '\r\n') return null;
  let stop = end;
  const crc = CRC.exec(text.slice(Math.max(0, end - 16), end));
  if (crc) stop = end - crc[0].length + 1;
  const start = head[0].length;
  if (stop <= start) return null;
  const first = text.indexOf('\n', start);
  if (first < 0 || first >= stop) return null;
  const dataCrlf = text.charCodeAt(first - 1) === 13;
  const eol = dataCrlf ? '\r\n' : '\n';
  const width = first - start - (dataCrlf ? 1 : 0);
  if (width <= 0) return null;
  const data = text.slice(start, stop);
  const bytes = Buffer.from(data, 'base64');
  const canonical = bytes.toString('base64');
  let at = 0;
  for (let k = 0; k < canonical.length; k += width) {
    const line = canonical.slice(k, k + width);
    if (data.slice(at, at + line.length) !== line) return null;
    at += line.length;
    if (data.slice(at, at + eol.length) !== eol) return null;
    at += eol.length;
  }
  if (at !== data.length || bytes.length === 0) return null;
  const crlf = dataCrlf && !/(?:^|[^\r])\n/.test(head[0]) && (!crc || crc[0].endsWith('\r\n'));
  return { bytes, end: end + END.length, crlf };
}
