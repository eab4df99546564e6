//! The PGP/MIME entity that is encrypted, streamed; the RFC 3156 `.eml` around the ciphertext;
//! and (in `parse`) the parser `open` uses to take the entity apart again.
//!
//! Plaintext (CRLF everywhere):
//! ```text
//! Content-Type: multipart/mixed; boundary="=_psirt_…"; protected-headers="v1"
//! Subject: <the report's title>          (RFC 2047 when not ASCII)
//! From: <reporter e-mail>   To: <PSIRT address>   MIME-Version: 1.0
//! --=_psirt_…   text/plain; charset=utf-8, quoted-printable: the readable rendering
//! --=_psirt_…   application/json report.json, base64 (canonical JSON)
//! --=_psirt_…   one part per attachment: its media type, its file name, base64
//! --=_psirt_…--
//! <padding: spaces in the epilogue, up to the length bucket (see `pad`)>
//! ```
//! The boundary contains `=_`, which neither base64 nor quoted-printable output can contain, so
//! it can never occur inside a part.
//!
//! ## Why hand-written and not `mail-builder` / `mail-parser`
//! Judged: `mail-builder` 2.0 (Stalwart, pure Rust) builds a message from owned or borrowed bodies
//! but only writes it whole into a `Write`; rpgp's encryption pulls its plaintext from a `Read`.
//! Joining the two needs either the whole MIME text in memory (the base64 of every attachment: 1.37x
//! their size, on top of the attachments and the armored output, which breaks the "peak memory <=
//! 3x the attachments" budget) or a second thread (not in wasm). And the padding scheme needs the
//! exact length before the first byte is written. So the entity is a list of segments (fixed bytes
//! and "base64 of these borrowed bytes") whose exact length is known up front and which is read
//! through a streaming base64 encoder. `mail-parser` (same family) would parse any e-mail, with
//! charset tables for dozens of legacy encodings: code and tables the widget would carry for one
//! format we write ourselves; `open` reads this product's payload (and the RFC 3156 wrapper any
//! mail client keeps), so a small parser of multipart, base64, quoted-printable and RFC 2047/2231
//! names suffices.

mod parse;

use base64::Engine;
pub(crate) use parse::{decode_words, find, parse_entity, split_multipart, Part, MAX_PARTS};
use std::borrow::Cow;
use std::io::Read;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;
/// Input bytes per base64 line: 57 bytes -> 76 characters.
const B64_LINE_IN: usize = 57;

/// Bytes that are read piecewise (e.g. a JavaScript `Uint8Array` seen from wasm).
pub(crate) trait ByteSource {
    fn len(&self) -> usize;
    /// Fills `buf` with the bytes at `offset..offset + buf.len()` (always within `len`).
    fn read_at(&self, offset: usize, buf: &mut [u8]);
}

/// Attachment bytes: in Rust memory, or behind a [`ByteSource`].
#[derive(Clone, Copy)]
pub(crate) enum Bytes<'a> {
    Slice(&'a [u8]),
    /// Built by the wasm bindings only (natively every attachment is a slice).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    Source(&'a dyn ByteSource),
}

impl Bytes<'_> {
    pub(crate) fn len(&self) -> usize {
        match self {
            Bytes::Slice(b) => b.len(),
            Bytes::Source(s) => s.len(),
        }
    }
}

/// One piece of the entity: bytes as they are, or bytes to be written in base64 lines.
pub(crate) enum Segment<'a> {
    Raw(Cow<'a, [u8]>),
    Base64(Cow<'a, [u8]>),
    Base64From(&'a dyn ByteSource),
}

impl Segment<'_> {
    /// Exact number of bytes this segment produces.
    pub(crate) fn len(&self) -> u64 {
        match self {
            Segment::Raw(b) => b.len() as u64,
            Segment::Base64(b) => base64_lines_len(b.len() as u64),
            Segment::Base64From(s) => base64_lines_len(s.len() as u64),
        }
    }
}

/// Length of `n` bytes in base64 lines of 76 characters, each ending with CRLF.
pub(crate) fn base64_lines_len(n: u64) -> u64 {
    let full = n / B64_LINE_IN as u64;
    let rest = n % B64_LINE_IN as u64;
    full * 78 + if rest > 0 { rest.div_ceil(3) * 4 + 2 } else { 0 }
}

/// Reads a list of segments as one byte stream, encoding base64 segments line by line.
pub(crate) struct SegmentReader<'a> {
    segments: Vec<Segment<'a>>,
    index: usize,
    /// Position in the current segment's *input* bytes.
    pos: usize,
    /// Encoded bytes not yet handed out.
    pending: Vec<u8>,
    pending_pos: usize,
    /// Input bytes copied out of a [`ByteSource`], one block at a time.
    scratch: Vec<u8>,
}

impl<'a> SegmentReader<'a> {
    pub(crate) fn new(segments: Vec<Segment<'a>>) -> Self {
        SegmentReader {
            segments,
            index: 0,
            pos: 0,
            pending: Vec::with_capacity(78 * BLOCK_LINES),
            pending_pos: 0,
            scratch: Vec::new(),
        }
    }
}

/// The plaintext this reader owns (canonical JSON, the text rendering, decoded attachments, the
/// base64 being handed out) is wiped when it is dropped, i.e. once it has been encrypted.
impl Drop for SegmentReader<'_> {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        for seg in &mut self.segments {
            if let Segment::Raw(Cow::Owned(v)) | Segment::Base64(Cow::Owned(v)) = seg {
                v.zeroize();
            }
        }
        self.pending.zeroize();
        self.scratch.zeroize();
    }
}

impl Read for SegmentReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.pending_pos < self.pending.len() {
                let n = (self.pending.len() - self.pending_pos).min(buf.len());
                buf[..n].copy_from_slice(&self.pending[self.pending_pos..self.pending_pos + n]);
                self.pending_pos += n;
                return Ok(n);
            }
            let Some(seg) = self.segments.get(self.index) else { return Ok(0) };
            match seg {
                Segment::Raw(b) => {
                    if self.pos >= b.len() {
                        self.index += 1;
                        self.pos = 0;
                        continue;
                    }
                    let n = (b.len() - self.pos).min(buf.len());
                    buf[..n].copy_from_slice(&b[self.pos..self.pos + n]);
                    self.pos += n;
                    return Ok(n);
                }
                Segment::Base64(b) => {
                    if self.pos >= b.len() {
                        self.index += 1;
                        self.pos = 0;
                        continue;
                    }
                    let end = (self.pos + BLOCK_LINES * B64_LINE_IN).min(b.len());
                    encode_lines(&b[self.pos..end], &mut self.pending)?;
                    self.pending_pos = 0;
                    self.pos = end;
                }
                Segment::Base64From(src) => {
                    if self.pos >= src.len() {
                        self.index += 1;
                        self.pos = 0;
                        continue;
                    }
                    let end = (self.pos + BLOCK_LINES * B64_LINE_IN).min(src.len());
                    self.scratch.resize(end - self.pos, 0);
                    src.read_at(self.pos, &mut self.scratch);
                    encode_lines(&self.scratch, &mut self.pending)?;
                    self.pending_pos = 0;
                    self.pos = end;
                }
            }
        }
    }
}

/// Base64 lines encoded per block: 1024 lines = 57 KiB of input.
const BLOCK_LINES: usize = 1024;

/// Replaces `out` with `input` as base64 lines of 76 characters + CRLF.
fn encode_lines(input: &[u8], out: &mut Vec<u8>) -> std::io::Result<()> {
    out.clear();
    let mut line = [0u8; 76];
    for chunk in input.chunks(B64_LINE_IN) {
        let n = B64.encode_slice(chunk, &mut line).map_err(std::io::Error::other)?;
        out.extend_from_slice(&line[..n]);
        out.extend_from_slice(b"\r\n");
    }
    Ok(())
}

/// Encodes a header value as RFC 2047 when it is not plain printable ASCII (or is too long).
pub(crate) fn encode_header_value(s: &str) -> String {
    let plain = s.bytes().all(|b| (0x20..0x7f).contains(&b)) && !s.contains("=?") && s.len() <= 900;
    if plain {
        return s.to_owned();
    }
    // Encoded words of at most ~45 input bytes, split on character boundaries, folded.
    let mut words = Vec::new();
    let mut start = 0;
    let clean: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let bytes = clean.as_bytes();
    while start < bytes.len() {
        let mut end = (start + 45).min(bytes.len());
        while end > start && !clean.is_char_boundary(end) {
            end -= 1;
        }
        words.push(format!("=?utf-8?b?{}?=", B64.encode(&bytes[start..end])));
        start = end;
    }
    words.join("\r\n ")
}

/// A file name as a MIME parameter: `name="…"` when plain ASCII, else RFC 2231 `name*=utf-8''…`.
pub(crate) fn name_param(param: &str, value: &str) -> String {
    let plain = value.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\') && value.len() < 200;
    if plain {
        return format!("{param}=\"{value}\"");
    }
    let mut out = format!("{param}*=utf-8''");
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Quoted-printable (RFC 2045 §6.7) with CRLF line ends kept as hard breaks.
pub(crate) fn quoted_printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut col = 0;
        let bytes = line.as_bytes();
        for (j, &b) in bytes.iter().enumerate() {
            let last = j + 1 == bytes.len();
            let literal = (b == b' ' || b == b'\t') && !last || (33..=126).contains(&b) && b != b'=';
            let piece = if literal { char::from(b).to_string() } else { format!("={b:02X}") };
            if col + piece.len() > 75 {
                out.push_str("=\r\n");
                col = 0;
            }
            col += piece.len();
            out.push_str(&piece);
        }
    }
    out
}

/// The head of the encrypted entity: the protected headers (`protected-headers="v1"`: the real
/// subject travels inside the ciphertext) and the readable text part, quoted-printable.
pub(crate) fn entity_head(
    boundary: &str,
    title: &str,
    from: Option<&str>,
    to: &str,
    receipt: (&str, u64),
    rendering: &str,
) -> String {
    // Addresses are written as is: the caller passes only plain ASCII addresses (RFC 2047 forbids
    // encoded words in an address), and leaves `From:` out for any other.
    let from = from.map(|f| format!("From: {f}\r\n")).unwrap_or_default();
    // The receipt's report id and sealing time, inside the ciphertext.
    let (report_id, sealed_at) = receipt;
    let date = crate::date::rfc5322(sealed_at);
    format!(
        "Content-Type: multipart/mixed; boundary=\"{boundary}\"; protected-headers=\"v1\"\r\n\
         Subject: {}\r\n{from}To: {to}\r\nDate: {date}\r\n{REPORT_ID_HEADER}: {report_id}\r\n\
         MIME-Version: 1.0\r\n\r\n\
         --{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: quoted-printable\r\n\r\n{}\r\n",
        encode_header_value(title),
        quoted_printable(rendering),
    )
}

/// The header carrying the report id of the reporter's receipt.
pub(crate) const REPORT_ID_HEADER: &str = "X-Psirt-Report-Id";

/// The head of one attachment part (base64 body follows).
pub(crate) fn part_head(boundary: &str, name: &str, media: &str) -> String {
    format!(
        "--{boundary}\r\nContent-Type: {media}; {}\r\nContent-Disposition: attachment; {}\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n",
        name_param("name", name),
        name_param("filename", name),
    )
}

/// The RFC 3156 `.eml` up to the armored message: the outer headers (neutral subject, no From:
/// nothing of the report is written outside the ciphertext) and the `application/pgp-encrypted`
/// version part.
pub(crate) fn eml_head(to: &str, subject: &str, now: u64, message_id: &str, outer_boundary: &str) -> String {
    format!(
        "To: {}\r\nSubject: {}\r\nDate: {}\r\nMessage-ID: <{message_id}@psirt-report.invalid>\r\n\
          MIME-Version: 1.0\r\n\
          Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"{outer_boundary}\"\r\n\
          \r\nThis is an OpenPGP/MIME encrypted message (RFC 3156).\r\n\
          --{outer_boundary}\r\nContent-Type: application/pgp-encrypted\r\n\
          Content-Description: PGP/MIME version identification\r\n\r\nVersion: 1\r\n\r\n\
          --{outer_boundary}\r\nContent-Type: application/octet-stream; name=\"encrypted.asc\"\r\n\
          Content-Description: OpenPGP encrypted message\r\n\
          Content-Disposition: inline; filename=\"encrypted.asc\"\r\n\r\n",
        to,
        encode_header_value(subject),
        crate::date::rfc5322(now),
    )
}

#[cfg(test)]
mod tests {
    use super::parse::{decode_qp, param, MAX_HEADER_BYTES};
    use super::*;

    #[test]
    fn segment_lengths_are_exact() {
        for n in [0usize, 1, 2, 3, 56, 57, 58, 114, 1000, 4096] {
            let data: Vec<u8> = (0..n).map(|i| (i * 7) as u8).collect();
            let seg = Segment::Base64(Cow::Borrowed(&data));
            let expected = seg.len();
            let mut out = Vec::new();
            SegmentReader::new(vec![seg]).read_to_end(&mut out).unwrap();
            assert_eq!(out.len() as u64, expected, "{n}");
            let clean: Vec<u8> = out.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
            assert_eq!(B64.decode(clean).unwrap(), data);
            assert!(out.split(|&b| b == b'\n').all(|l| l.len() <= 77));
        }
    }

    struct Piecewise(Vec<u8>);
    impl ByteSource for Piecewise {
        fn len(&self) -> usize {
            self.0.len()
        }
        fn read_at(&self, offset: usize, buf: &mut [u8]) {
            buf.copy_from_slice(&self.0[offset..offset + buf.len()]);
        }
    }

    #[test]
    fn a_byte_source_encodes_like_a_slice() {
        for n in [0usize, 1, 57, 58_367, 200_000] {
            let data: Vec<u8> = (0..n).map(|i| (i * 31 % 251) as u8).collect();
            let src = Piecewise(data.clone());
            let (mut a, mut b) = (Vec::new(), Vec::new());
            SegmentReader::new(vec![Segment::Base64(Cow::Borrowed(&data))]).read_to_end(&mut a).unwrap();
            let seg = Segment::Base64From(&src);
            assert_eq!(seg.len(), a.len() as u64);
            SegmentReader::new(vec![seg]).read_to_end(&mut b).unwrap();
            assert_eq!(a, b, "{n}");
        }
    }

    #[test]
    fn headers_and_names_round_trip() {
        for s in ["Plain title", "Titre accentué — “quoted”", "x".repeat(300).as_str(), "😀 emoji"] {
            let enc = encode_header_value(s);
            assert!(enc.is_ascii());
            assert_eq!(decode_words(&enc.replace("\r\n", "")), s);
        }
        for n in ["report.json", "capture d'écran.png", "a\"b.txt", "x;y=z.bin"] {
            let header = format!("attachment; {}", name_param("filename", n));
            assert_eq!(param(&header, "filename").as_deref(), Some(n), "{header}");
        }
    }

    #[test]
    fn quoted_printable_round_trips_and_keeps_lines_short() {
        let text = format!("Line one é\r\nx = y \r\n{}\r\n\ttab", "long ".repeat(60));
        let qp = quoted_printable(&text);
        assert!(qp.split("\r\n").all(|l| l.len() <= 76), "{qp}");
        assert_eq!(String::from_utf8(decode_qp(qp.as_bytes())).unwrap(), text);
    }

    #[test]
    fn multipart_split_ignores_preamble_and_epilogue() {
        let body =
            b"preamble\r\n--B\r\nContent-Type: text/plain\r\n\r\none\r\n--B\r\n\r\ntwo\r\n--B--\r\n   epilogue --B\r\n";
        let parts = split_multipart(body, "B").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].body, b"one");
        assert_eq!(parts[0].media_type(), "text/plain");
        assert_eq!(parts[1].body, b"two");
    }

    /// Every `=?` was once searched to the end of the value (quadratic).
    #[test]
    fn encoded_word_decoding_is_linear_on_a_crafted_value() {
        let crafted = "=?x?q?a".repeat(200_000); // 1.4 MB, no `?=` anywhere
        assert!(!crafted.contains("?="));
        let started = std::time::Instant::now();
        let out = decode_words(&crafted);
        assert!(out == crafted, "an undecodable value comes back unchanged");
        assert!(started.elapsed() < std::time::Duration::from_secs(2), "{:?}", started.elapsed());
        // A well-formed word is still decoded, and one longer than 75 characters is left as is.
        assert_eq!(decode_words("a =?utf-8?q?caf=C3=A9?= b"), "a café b");
        let long = format!("=?utf-8?q?{}?=", "x".repeat(70));
        assert_eq!(decode_words(&long), long);
    }

    /// Header blocks and part counts are capped.
    #[test]
    fn header_blocks_and_part_counts_are_capped() {
        let big = format!("Subject: {}\r\n\r\nbody", "a".repeat(MAX_HEADER_BYTES));
        assert!(parse_entity(big.as_bytes()).is_err());
        let ok = format!("Subject: {}\r\n\r\nbody", "a".repeat(MAX_HEADER_BYTES - 20));
        assert_eq!(parse_entity(ok.as_bytes()).unwrap().body, b"body");
        let no_blank_line = "X".repeat(MAX_HEADER_BYTES + 10);
        assert!(parse_entity(no_blank_line.as_bytes()).is_err());
        let many = format!("{}--B--\r\n", "--B\r\n\r\nx\r\n".repeat(MAX_PARTS + 1));
        assert!(split_multipart(many.as_bytes(), "B").is_err());
        let enough = format!("{}--B--\r\n", "--B\r\n\r\nx\r\n".repeat(MAX_PARTS));
        assert_eq!(split_multipart(enough.as_bytes(), "B").unwrap().len(), MAX_PARTS);
    }
}
