//! The parser `open` uses to take an entity apart again: headers and body, multipart parts,
//! base64 and quoted-printable bodies, RFC 2047 encoded words and RFC 2231 parameters. Bounded:
//! header blocks, part counts and encoded words are capped, and decoding is linear.

use super::B64;
use crate::percent::percent_decode;
use base64::Engine;

/// A parsed MIME part: headers (names lower-cased, values unfolded) and raw body.
pub(crate) struct Part<'a> {
    pub headers: Vec<(String, String)>,
    pub body: &'a [u8],
}

impl Part<'_> {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
    /// The media type, lower-cased, without parameters (`text/plain` when absent).
    pub(crate) fn media_type(&self) -> String {
        self.header("content-type")
            .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "text/plain".to_owned())
    }
    /// A parameter of a header (`boundary`, `filename`, `name`), RFC 2231 forms included.
    pub(crate) fn param(&self, header: &str, name: &str) -> Option<String> {
        param(self.header(header)?, name)
    }
    /// The file name from Content-Disposition, else Content-Type's `name`.
    pub(crate) fn filename(&self) -> Option<String> {
        self.param("content-disposition", "filename").or_else(|| self.param("content-type", "name"))
    }
    /// The decoded body (base64, quoted-printable, or as is).
    pub(crate) fn decoded(&self) -> Result<Vec<u8>, String> {
        let cte = self.header("content-transfer-encoding").unwrap_or("7bit").trim().to_ascii_lowercase();
        match cte.as_str() {
            "base64" => {
                let clean: zeroize::Zeroizing<Vec<u8>> =
                    zeroize::Zeroizing::new(self.body.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect());
                B64.decode(&*clean).map_err(|_| "a part is not valid base64".to_owned())
            }
            "quoted-printable" => Ok(decode_qp(self.body)),
            _ => Ok(self.body.to_vec()),
        }
    }
}

/// Largest header block of one MIME entity `open` reads (ours are well under 2 KiB: a subject
/// of 200 characters, encoded, and a file name of 255 bytes, percent-encoded).
pub(crate) const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Most parts a multipart body may have: the text, `report.json` and at most `MAX_ATTACHMENTS`
/// attachments of each kind (in the report and passed as bytes), with room to spare.
pub(crate) const MAX_PARTS: usize = 256;

/// Splits `data` into headers and body at the first empty line; refuses a header block larger
/// than `MAX_HEADER_BYTES`.
pub(crate) fn parse_entity(data: &[u8]) -> Result<Part<'_>, String> {
    let too_large = || format!("a MIME header block is larger than {MAX_HEADER_BYTES} bytes");
    let head_window = &data[..data.len().min(MAX_HEADER_BYTES + 4)];
    let (head, body) = if let Some(rest) = data.strip_prefix(b"\r\n").or_else(|| data.strip_prefix(b"\n")) {
        (&data[..0], rest)
    } else {
        let crlf = find(head_window, b"\r\n\r\n").map(|i| (i, 4));
        let lf = find(head_window, b"\n\n").map(|i| (i, 2));
        let first = match (crlf, lf) {
            (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
        match first {
            Some((i, n)) => (&data[..i], &data[i + n..]),
            None => (data, &data[data.len()..]),
        }
    };
    if head.len() > MAX_HEADER_BYTES {
        return Err(too_large());
    }
    let text = String::from_utf8_lossy(head);
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = headers.last_mut() {
                v.push(' ');
                v.push_str(line.trim());
            }
        } else if let Some((n, v)) = line.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    Ok(Part { headers, body })
}

/// The parts of a multipart body delimited by `boundary` (preamble and epilogue dropped); more
/// than `MAX_PARTS` parts is refused.
pub(crate) fn split_multipart<'a>(body: &'a [u8], boundary: &str) -> Result<Vec<Part<'a>>, String> {
    let delim = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut starts: Vec<(usize, usize, bool)> = Vec::new(); // (line start, content start, is_close)
    let mut i = 0;
    while i < body.len() {
        let line_end = memchr_nl(&body[i..]).map_or(body.len(), |k| i + k + 1);
        let line = &body[i..line_end];
        let trimmed = trim_line_end(line);
        if let Some(rest) = trimmed.strip_prefix(delim.as_bytes()) {
            let rest = trim_ws(rest);
            if rest.is_empty() || rest == b"--" {
                if starts.len() > MAX_PARTS {
                    return Err(format!("more than {MAX_PARTS} MIME parts"));
                }
                starts.push((i, line_end, rest == b"--"));
                if rest == b"--" {
                    break;
                }
            }
        }
        i = line_end;
    }
    for w in starts.windows(2) {
        let (_, content_start, close) = w[0];
        if close {
            break;
        }
        let mut end = w[1].0;
        // The CRLF before a delimiter belongs to the delimiter.
        if end >= 2 && &body[end - 2..end] == b"\r\n" {
            end -= 2;
        } else if end >= 1 && body[end - 1] == b'\n' {
            end -= 1;
        }
        let end = end.max(content_start);
        parts.push(parse_entity(&body[content_start..end])?);
    }
    Ok(parts)
}

fn memchr_nl(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

fn trim_line_end(l: &[u8]) -> &[u8] {
    let l = l.strip_suffix(b"\n").unwrap_or(l);
    l.strip_suffix(b"\r").unwrap_or(l)
}

fn trim_ws(mut l: &[u8]) -> &[u8] {
    while let [rest @ .., b' ' | b'\t'] = l {
        l = rest;
    }
    l
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A header parameter, with RFC 2231 (`name*=utf-8''…`, continuations `name*0*=`) decoded.
pub(super) fn param(header: &str, name: &str) -> Option<String> {
    let mut plain = None;
    let mut extended: Vec<(u32, String, bool)> = Vec::new();
    for p in split_params(header).into_iter().skip(1) {
        let Some((k, v)) = p.split_once('=') else { continue };
        let k = k.trim().to_ascii_lowercase();
        let v = v.trim();
        let unquoted = v
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .map_or(v.to_owned(), |s| s.replace("\\\"", "\"").replace("\\\\", "\\"));
        if k == name {
            plain = Some(decode_words(&unquoted));
        } else if let Some(rest) = k.strip_prefix(name).and_then(|r| r.strip_prefix('*')) {
            // `*` alone, or `N` / `N*` (continuation, `*` = percent-encoded).
            let (num, enc) = match rest {
                "" => (0, true),
                r => match r.strip_suffix('*') {
                    Some(n) => (n.parse().unwrap_or(0), true),
                    None => (r.parse().unwrap_or(0), false),
                },
            };
            extended.push((num, unquoted, enc));
        }
    }
    if extended.is_empty() {
        return plain;
    }
    extended.sort_by_key(|(n, _, _)| *n);
    let mut bytes = Vec::new();
    for (i, (_, v, enc)) in extended.iter().enumerate() {
        let v = if i == 0 && *enc {
            // charset'language'value
            v.splitn(3, '\'').nth(2).unwrap_or(v)
        } else {
            v.as_str()
        };
        if *enc {
            // The scanner's `%XX` decoder; `None` means nothing was escaped.
            bytes.extend(percent_decode(v.as_bytes()).unwrap_or_else(|| v.as_bytes().to_vec()));
        } else {
            bytes.extend_from_slice(v.as_bytes());
        }
    }
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Splits `value; a=b; c="d;e"` on semicolons outside quotes.
fn split_params(s: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' && quoted {
            escaped = true;
        } else if c == '"' {
            quoted = !quoted;
        } else if c == ';' && !quoted {
            out.push(String::new());
            continue;
        }
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out
}

/// Longest encoded word RFC 2047 allows (§2: "may not be more than 75 characters long").
const MAX_ENCODED_WORD: usize = 75;

/// Decodes RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`) in a header value; the
/// whitespace between adjacent encoded words is dropped, as the RFC says. Each `=?` is examined
/// within the 75 characters an encoded word may span, so decoding is linear in the value.
pub(crate) fn decode_words(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let before = &rest[..start];
        let after = &rest[start + 2..];
        let mut window_end = after.len().min(MAX_ENCODED_WORD - 2);
        while !after.is_char_boundary(window_end) {
            window_end -= 1;
        }
        let window = &after[..window_end];
        let decoded = (|| {
            let (charset, tail) = window.split_once('?')?;
            let (enc, tail) = tail.split_once('?')?;
            let end = tail.find("?=")?;
            let text = &tail[..end];
            let bytes = match enc {
                "b" | "B" => B64.decode(text).ok()?,
                "q" | "Q" => decode_qp(text.replace('_', " ").as_bytes()),
                _ => return None,
            };
            // UTF-8 and ASCII are what we write; others are read as UTF-8, lossily.
            Some((String::from_utf8_lossy(&bytes).into_owned(), charset.len() + enc.len() + end + 4))
        })();
        match decoded {
            Some((text, used)) => {
                if !(last_was_word && before.trim().is_empty()) {
                    out.push_str(before);
                }
                out.push_str(&text);
                rest = &after[used..];
                last_was_word = true;
            }
            None => {
                out.push_str(&rest[..start + 2]);
                rest = after;
                last_was_word = false;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes quoted-printable (soft line breaks removed, `=XX` decoded, anything else kept).
pub(crate) fn decode_qp(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            if b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n') {
                i += 3;
                continue;
            }
            if b.get(i + 1) == Some(&b'\n') {
                i += 2;
                continue;
            }
            let hex = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(v) = hex {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}
