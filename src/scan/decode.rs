//! Encoded blobs: base64 (standard and URL-safe) and URL-encoded (`%41`) runs that decode to
//! text, to be scanned again; and text attachments (base64 content → text).
//!
//! Bounded: at most [`MAX_DECODED`] bytes decoded per scan in all, blobs of at most
//! [`MAX_BLOB`] bytes, and the engine limits nesting depth. Binary results (images, keys in DER,
//! compressed data) are not text and are skipped, so public keys and images are no findings.

use crate::percent::{hex, percent_decode};
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine};
use std::ops::Range;

/// Total bytes decoded per scan, all blobs together.
pub const MAX_DECODED: usize = 4 * 1024 * 1024;
/// Largest blob considered.
pub const MAX_BLOB: usize = 1024 * 1024;
/// Shortest base64 run considered (18 bytes decoded: shorter text holds no credential).
const MIN_B64: usize = 24;

#[derive(Default)]
pub(crate) struct Budget {
    used: usize,
}

pub(crate) struct Blob {
    pub span: Range<usize>,
    pub text: String,
    pub encoding: &'static str,
    /// For URL-encoding, where each byte of `text` starts in the blob (one entry more than
    /// `text` has bytes: the blob's length), so a finding inside maps back to its exact span.
    /// Base64 packs 3 bytes in 4 characters: its findings cover the whole blob.
    pub map: Option<Vec<usize>>,
}

fn lenient(a: &alphabet::Alphabet) -> GeneralPurpose {
    GeneralPurpose::new(
        a,
        GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(DecodePaddingMode::Indifferent),
    )
}

pub(crate) fn b64_standard(s: &[u8]) -> Option<Vec<u8>> {
    lenient(&alphabet::STANDARD).decode(s).ok()
}

fn b64_url(s: &[u8]) -> Option<Vec<u8>> {
    lenient(&alphabet::URL_SAFE).decode(s).ok()
}

/// Decodes base64 (either alphabet, padding optional).
pub(crate) fn b64_any(s: &[u8]) -> Option<Vec<u8>> {
    b64_standard(s).or_else(|| b64_url(s))
}

/// Text worth scanning: UTF-8, no NUL, mostly printable.
fn as_text(bytes: Vec<u8>) -> Option<String> {
    let s = String::from_utf8(bytes).ok()?;
    let mut bad = 0usize;
    let mut total = 0usize;
    for c in s.chars() {
        total += 1;
        if c == '\0' {
            return None;
        }
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t') {
            bad += 1;
        }
    }
    (total > 0 && bad * 20 <= total).then_some(s)
}

fn b64_byte(b: u8) -> bool {
    B64_BYTE[usize::from(b)]
}

/// The bytes of both base64 alphabets, as a table: the run search reads it once per byte looked at.
static B64_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'-' | b'_');
        b += 1;
    }
    t
};

/// Encoded runs in `hay` that decode to text, within the budget.
pub(crate) fn blobs(hay: &[u8], budget: &mut Budget) -> Vec<Blob> {
    let mut out = Vec::new();
    // base64 runs. Only runs of MIN_B64+ bytes matter, and any such run starting in
    // `i..=i + MIN_B64 - 1` covers that last byte: when it is not a base64 byte, the whole stretch
    // is skipped without looking at the rest (a Boyer-Moore-like skip; on prose most bytes are
    // never read). Invariant: `i` is 0 or follows a byte that ends a run.
    let mut i = 0;
    while i + MIN_B64 <= hay.len() {
        let probe = i + MIN_B64 - 1;
        if !b64_byte(hay[probe]) {
            i = probe + 1;
            continue;
        }
        let mut start = probe;
        while start > i && b64_byte(hay[start - 1]) {
            start -= 1;
        }
        let mut i_end = probe;
        while i_end < hay.len() && b64_byte(hay[i_end]) {
            i_end += 1;
        }
        let mut end = i_end;
        while end < hay.len() && end - i_end < 2 && hay[end] == b'=' {
            end += 1;
        }
        let run = &hay[start..i_end];
        // A run glued to a word character on the left is part of something else (a path, an
        // identifier); hex-only runs are hashes and ids; a length of 4k+1 is never base64.
        let glued = start > 0 && matches!(hay[start - 1], b'.' | b'\\' | b'%' | b'$');
        if run.len() >= MIN_B64
            && run.len() <= MAX_BLOB
            && run.len() % 4 != 1
            && !glued
            && !run.iter().all(u8::is_ascii_hexdigit)
            && has_mixed_case_or_digit(run)
            && budget.used + run.len() <= MAX_DECODED
        {
            budget.used += run.len();
            if let Some(text) = b64_any(run).and_then(as_text) {
                out.push(Blob { span: start..end, text, encoding: "base64", map: None });
            }
        }
        i = end.max(i_end);
    }
    // URL-encoded runs: the token around each `%XX`.
    let mut last_end = 0usize;
    let mut j = 0;
    while let Some(off) = memchr_pct(&hay[j..]) {
        let p = j + off;
        j = p + 1;
        if p < last_end || p + 2 >= hay.len() || !hay[p + 1].is_ascii_hexdigit() || !hay[p + 2].is_ascii_hexdigit() {
            continue;
        }
        let mut s = p;
        while s > 0 && p - s < MAX_BLOB && url_byte(hay[s - 1]) {
            s -= 1;
        }
        let mut e = p;
        while e < hay.len() && e - s < MAX_BLOB && url_byte(hay[e]) {
            e += 1;
        }
        last_end = e;
        j = e.max(j);
        if budget.used + (e - s) > MAX_DECODED {
            break;
        }
        budget.used += e - s;
        if let Some((bytes, map)) = percent_decode_mapped(&hay[s..e]) {
            if let Some(text) = as_text(bytes) {
                out.push(Blob { span: s..e, text, encoding: "url", map: Some(map) });
            }
        }
    }
    out
}

fn has_mixed_case_or_digit(run: &[u8]) -> bool {
    let lower = run.iter().any(u8::is_ascii_lowercase);
    let upper = run.iter().any(u8::is_ascii_uppercase);
    let digit = run.iter().any(u8::is_ascii_digit);
    (lower && upper) || (digit && (lower || upper))
}

fn memchr_pct(h: &[u8]) -> Option<usize> {
    h.iter().position(|&b| b == b'%')
}

fn url_byte(b: u8) -> bool {
    b > b' ' && b < 0x7f && !matches!(b, b'"' | b'\'' | b'<' | b'>' | b'`' | b'(' | b')' | b'[' | b']' | b'{' | b'}')
}

/// Decodes `%XX` escapes, and says where each decoded byte starts in `s` (plus `s.len()` last).
fn percent_decode_mapped(s: &[u8]) -> Option<(Vec<u8>, Vec<usize>)> {
    let mut map = Vec::with_capacity(s.len() + 1);
    let mut i = 0;
    while i < s.len() {
        map.push(i);
        i += if s[i] == b'%' && i + 2 < s.len() && hex(s[i + 1]).is_some() && hex(s[i + 2]).is_some() { 3 } else { 1 };
    }
    map.push(s.len());
    // A form body or a query string (`adresse=19+chemin+de+la+Croix-Rousse%2C+38100+Grenoble`):
    // `+` is a space there. Byte for byte, so the map stays right.
    if s.contains(&b'=') && s.contains(&b'+') {
        let spaced: Vec<u8> = s.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
        return percent_decode(&spaced).map(|d| (d, map));
    }
    percent_decode(s).map(|d| (d, map))
}

/// The text of an attachment, if it is text: decoded from base64 (whitespace ignored); taken
/// when it is UTF-8, or — for a textual media type — decoded lossily (invalid sequences become
/// U+FFFD, and so would they in a redacted copy).
pub(crate) fn attachment_text(b64: &str, media_type: &str) -> Option<String> {
    let compact: Vec<u8> = b64.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let bytes = b64_standard(&compact)?;
    match String::from_utf8(bytes) {
        Ok(s) => (!s.contains('\0') || is_textual(media_type)).then_some(s),
        Err(e) if is_textual(media_type) => Some(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(_) => None,
    }
}

/// `text/*`, JSON, XML, YAML, JavaScript, shell, CSV, HTTP traces and the like.
pub(crate) fn is_textual(media_type: &str) -> bool {
    let m = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    m.starts_with("text/")
        || m.ends_with("+json")
        || m.ends_with("+xml")
        || matches!(
            m.as_str(),
            "application/json"
                | "application/xml"
                | "application/yaml"
                | "application/x-yaml"
                | "application/javascript"
                | "application/x-sh"
                | "application/x-httpd-php"
                | "application/sql"
                | "application/x-pem-file"
                | "application/http"
                | "application/toml"
                | "application/x-www-form-urlencoded"
                | "message/http"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_base64_text_and_skips_binary_and_hex() {
        let mut b = Budget::default();
        let enc = "cGFzc3dvcmQ9aHVudGVyMjAyNCFzZWNyZXQ="; // password=hunter2024!secret
        let t = format!("x {enc} y 0123456789abcdef0123456789abcdef01234567 AAECAwQFBgcICQoLDA0ODxAREhMUFRYX");
        let found = blobs(t.as_bytes(), &mut b);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "password=hunter2024!secret");
        assert_eq!(&t[found[0].span.clone()], enc);
    }

    /// The skip loop finds the same base64 blobs as reading every byte.
    fn b64_runs_reference(hay: &[u8]) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < hay.len() {
            if !b64_byte(hay[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < hay.len() && b64_byte(hay[i]) {
                i += 1;
            }
            let mut end = i;
            while end < hay.len() && end - i < 2 && hay[end] == b'=' {
                end += 1;
            }
            let run = &hay[start..i];
            let glued = start > 0 && matches!(hay[start - 1], b'.' | b'\\' | b'%' | b'$');
            if run.len() >= MIN_B64
                && run.len() % 4 != 1
                && !glued
                && !run.iter().all(u8::is_ascii_hexdigit)
                && has_mixed_case_or_digit(run)
                && b64_any(run).and_then(as_text).is_some()
            {
                out.push(start..end);
            }
            i = end.max(i);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn base64_runs_match_the_reference(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    "[A-Za-z0-9+/]{1,40}", "={1,3}", "[ .$%\\\n]{1,3}", "[a-z]{1,8}",
                    proptest::strategy::Just("cGFzc3dvcmQ9aHVudGVyMjAyNCFzZWNyZXQ=".to_string()),
                ],
                0..40,
            )
        ) {
            let hay = parts.concat();
            let found: Vec<_> = blobs(hay.as_bytes(), &mut Budget::default())
                .into_iter()
                .filter(|b| b.encoding == "base64")
                .map(|b| b.span)
                .collect();
            proptest::prop_assert_eq!(found, b64_runs_reference(hay.as_bytes()));
        }
    }

    #[test]
    fn finds_url_encoded_runs() {
        let mut b = Budget::default();
        let t = "GET /login?next=%2Fhome&password%3Dhunter2 HTTP/1.1";
        let found = blobs(t.as_bytes(), &mut b);
        assert_eq!(found.len(), 1);
        assert!(found[0].text.contains("password=hunter2"));
        assert_eq!(found[0].encoding, "url");
    }

    #[test]
    fn percent_decode_handles_edges() {
        assert_eq!(percent_decode(b"a%41"), Some(b"aA".to_vec()));
        assert_eq!(percent_decode(b"a%4"), None);
        assert_eq!(percent_decode(b"%zz"), None);
    }

    #[test]
    fn attachments_text_and_lossy() {
        assert_eq!(attachment_text("aGVsbG8=", "text/plain").as_deref(), Some("hello"));
        assert_eq!(attachment_text("aGVs\nbG8=", "application/octet-stream").as_deref(), Some("hello"));
        // 0xff is never UTF-8
        assert_eq!(attachment_text("/2hp", "text/plain").as_deref(), Some("\u{fffd}hi"));
        assert_eq!(attachment_text("/2hp", "image/png"), None);
        assert_eq!(attachment_text("!!!", "text/plain"), None);
    }
}
