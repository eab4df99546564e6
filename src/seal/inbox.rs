//! What arrives in a PSIRT's mailbox, taken apart down to the OpenPGP message in each mail.
//!
//! `open` is given whatever the analyst saved: our `.eml` as written, the same mail after a client
//! or a forwarding step re-encoded it (the encrypted part in base64 or quoted-printable, CRLF or LF
//! line ends, folded headers), a forwarded mail (`message/rfc822` inside), an `.mbox` holding
//! several mails, inline PGP (an armored block in a `text/plain` body with text around it), or the
//! bare armored or binary OpenPGP message. This module finds the OpenPGP message in each and says
//! which form it came in ([`Form`]); `open` decrypts it.
//!
//! Hand-written on top of `mime`, the parser `open` already uses for the decrypted entity, rather
//! than with a MIME crate such as `mail-parser`: everything needed here (unfolding, parameters,
//! base64 and quoted-printable bodies, multipart splitting with part and header limits) is in
//! `mime` already, so walking a mail tree costs a few hundred lines and no new crate in the wasm;
//! charsets do not matter because an armored block is ASCII. Measured: `mail-parser` 0.11 (default
//! features off) is ~124 KB of wasm (~45 KB gzip) in a one-function module after `wasm-opt -Oz`;
//! this module and the `open` changes that came with it added ~14 KB (~7 KB gzip) to psirt-report's.

use super::mime;
use crate::date::CalendarDate;
use serde::Serialize;
use std::borrow::Cow;

/// How the OpenPGP message was delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    /// RFC 3156 `multipart/encrypted` (our `.eml`, Thunderbird, GnuPG-based clients), whatever
    /// the transfer encoding of its parts.
    PgpMime,
    /// An armored block inside a text body (or an `.asc` attachment), text around it allowed.
    Inline,
    /// The bare armored message (`.asc`), possibly with text before or after it.
    Armored,
    /// The binary OpenPGP message (`.gpg`, `.pgp`).
    Binary,
}

/// One OpenPGP message found in what arrived.
#[derive(Debug, Clone)]
pub struct Found<'a> {
    pub form: Form,
    /// The armored block (`-----BEGIN PGP MESSAGE-----` … `-----END PGP MESSAGE-----`) or the
    /// binary message: borrowed from the input unless a transfer encoding had to be undone, so a
    /// large message is not held twice.
    pub data: Cow<'a, [u8]>,
    /// The mail's `Date:` header as a calendar date (UTC offset ignored), when there is a mail.
    pub received: Option<CalendarDate>,
}

/// Most mails read from one mailbox file.
pub const MAX_MAILS: usize = 10_000;
/// Deepest nesting of multiparts and forwarded mails walked.
const MAX_DEPTH: usize = 8;

const BEGIN: &[u8] = b"-----BEGIN PGP MESSAGE-----";
const END: &[u8] = b"-----END PGP MESSAGE-----";

/// Splits an mbox file (mboxo or mboxrd: each mail starts with a `From ` line at the start of the
/// file or after an empty line) into its mails, `>From ` quoting undone. Anything else is one mail
/// (borrowed, not copied).
pub fn split_mailbox(data: &[u8]) -> Vec<Cow<'_, [u8]>> {
    if !data.starts_with(b"From ") {
        return vec![Cow::Borrowed(data)];
    }
    let mut mails: Vec<Cow<'_, [u8]>> = Vec::new();
    let mut current: Option<Vec<u8>> = None;
    let mut previous_blank = true;
    for line in data.split_inclusive(|&b| b == b'\n') {
        let bare = line.strip_suffix(b"\n").unwrap_or(line);
        let bare = bare.strip_suffix(b"\r").unwrap_or(bare);
        if previous_blank && line.starts_with(b"From ") && mails.len() < MAX_MAILS {
            if let Some(mail) = current.take() {
                mails.push(Cow::Owned(trim_separator(mail)));
            }
            current = Some(Vec::new());
        } else if let Some(mail) = current.as_mut() {
            // mboxrd: one `>` is removed from `>From `, `>>From `, …
            let unquoted =
                if line.starts_with(b">") && line.iter().skip_while(|&&b| b == b'>').take(5).eq(b"From ".iter()) {
                    &line[1..]
                } else {
                    line
                };
            mail.extend_from_slice(unquoted);
        }
        previous_blank = bare.is_empty();
    }
    if let Some(mail) = current {
        mails.push(Cow::Owned(trim_separator(mail)));
    }
    mails
}

/// The empty line that separates two mails in an mbox belongs to neither.
fn trim_separator(mut mail: Vec<u8>) -> Vec<u8> {
    if mail.ends_with(b"\r\n\r\n") {
        mail.truncate(mail.len() - 2);
    } else if mail.ends_with(b"\n\n") {
        mail.truncate(mail.len() - 1);
    }
    mail
}

/// Finds the OpenPGP message in one mail, `.asc` or binary message; `Err` says why there is none.
pub fn find(mail: &[u8]) -> Result<Found<'_>, String> {
    let start = mail.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(mail.len());
    let trimmed = &mail[start..];
    if trimmed.first().is_some_and(|b| b & 0x80 != 0) {
        return Ok(Found { form: Form::Binary, data: Cow::Borrowed(trimmed), received: None });
    }
    if trimmed.starts_with(BEGIN) {
        return armored_block(trimmed)
            .map(|data| Found { form: Form::Armored, data: Cow::Borrowed(data), received: None })
            .ok_or_else(|| "the PGP MESSAGE block has no end line".to_owned());
    }
    if looks_like_headers(trimmed) {
        let top = mime::parse_entity(trimmed)?;
        let received = top.header("date").and_then(mail_date);
        if let Some((form, data)) = walk(&top, 0)? {
            return Ok(Found { form, data, received });
        }
        return Err("the mail holds no PGP message (neither PGP/MIME nor an inline block)".to_owned());
    }
    armored_block(trimmed)
        .map(|data| Found { form: Form::Armored, data: Cow::Borrowed(data), received: None })
        .ok_or_else(|| "no PGP MESSAGE block".to_owned())
}

/// Whether `data` starts with a header line (`Name: value`, the name printable ASCII).
pub(crate) fn looks_like_headers(data: &[u8]) -> bool {
    let line = data.split(|&b| b == b'\n').next().unwrap_or(b"");
    match line.iter().position(|&b| b == b':') {
        Some(i) if i > 0 => line[..i].iter().all(|&b| b.is_ascii_graphic() && b != b':'),
        _ => false,
    }
}

/// A message found in a part: its form and its bytes.
type Hit<'a> = Option<(Form, Cow<'a, [u8]>)>;

/// Depth-first through the mail's parts; the first part holding an armored block wins.
fn walk<'a>(part: &mime::Part<'a>, depth: usize) -> Result<Hit<'a>, String> {
    if depth > MAX_DEPTH {
        return Err(format!("the mail nests parts more than {MAX_DEPTH} levels deep"));
    }
    let media = part.media_type();
    if let Some(sub) = media.strip_prefix("multipart/") {
        let boundary = part.param("content-type", "boundary").ok_or("a multipart has no boundary")?;
        let children = mime::split_multipart(part.body, &boundary)?;
        // RFC 3156: the second part (application/octet-stream) is the message; look there first.
        if sub == "encrypted" {
            for child in children.iter().filter(|c| c.media_type() == "application/octet-stream") {
                if let Some(data) = armored_in(body(child)?) {
                    return Ok(Some((Form::PgpMime, data)));
                }
            }
        }
        for child in &children {
            if let Some(found) = walk(child, depth + 1)? {
                return Ok(Some(found));
            }
        }
        return Ok(None);
    }
    if media == "message/rfc822" {
        return match body(part)? {
            Cow::Borrowed(inner) => walk(&mime::parse_entity(inner)?, depth + 1),
            // A forwarded mail whose own transfer encoding was undone: what it holds is copied.
            Cow::Owned(inner) => Ok(walk(&mime::parse_entity(&inner)?, depth + 1)?
                .map(|(form, data)| (form, Cow::Owned(data.into_owned())))),
        };
    }
    if media.starts_with("text/") || media.starts_with("application/") {
        let content = body(part)?;
        // A binary OpenPGP message attached as a file (`.gpg`, `.pgp`).
        let binary_name = part.filename().is_some_and(|n| {
            let n = n.to_ascii_lowercase();
            n.ends_with(".gpg") || n.ends_with(".pgp")
        });
        if binary_name && content.first().is_some_and(|b| b & 0x80 != 0) {
            return Ok(Some((Form::Binary, content)));
        }
        if let Some(data) = armored_in(content) {
            return Ok(Some((Form::Inline, data)));
        }
    }
    Ok(None)
}

/// A part's body with its transfer encoding undone: borrowed when there was none to undo.
fn body<'a>(part: &mime::Part<'a>) -> Result<Cow<'a, [u8]>, String> {
    let cte = part.header("content-transfer-encoding").unwrap_or("7bit").trim().to_ascii_lowercase();
    match cte.as_str() {
        "base64" | "quoted-printable" => part.decoded().map(Cow::Owned),
        _ => Ok(Cow::Borrowed(part.body)),
    }
}

/// The armored block in `data`, borrowed from it when `data` is borrowed.
fn armored_in(data: Cow<'_, [u8]>) -> Option<Cow<'_, [u8]>> {
    match data {
        Cow::Borrowed(b) => armored_block(b).map(Cow::Borrowed),
        Cow::Owned(v) => armored_block(&v).map(|b| Cow::Owned(b.to_vec())),
    }
}

/// The first `-----BEGIN PGP MESSAGE-----` … `-----END PGP MESSAGE-----` block in `data`.
/// Inline PGP quoted by a mail client (`> ` before each line) is not unquoted: it is refused.
pub fn armored_block(data: &[u8]) -> Option<&[u8]> {
    let begin = mime::find(data, BEGIN)?;
    let end = mime::find(&data[begin..], END)? + begin + END.len();
    Some(&data[begin..end])
}

/// The calendar date of an RFC 5322 `Date:` value (`Fri, 27 Nov 2026 16:47:42 +0000`): the day,
/// month name and year as written (the sender's local date).
pub fn mail_date(value: &str) -> Option<CalendarDate> {
    let words: Vec<&str> = value.split([' ', ',', '\t']).filter(|w| !w.is_empty()).collect();
    let month_at = words.iter().position(|w| month(w).is_some())?;
    let day: u8 = words.get(month_at.checked_sub(1)?)?.parse().ok()?;
    let year: i32 = words.get(month_at + 1)?.parse().ok()?;
    let m = time::Month::try_from(month(words[month_at])?).ok()?;
    CalendarDate::from_calendar_date(year, m, day).ok()
}

fn month(w: &str) -> Option<u8> {
    const NAMES: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let w = w.to_ascii_lowercase();
    NAMES.iter().position(|n| w == *n).and_then(|i| u8::try_from(i + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mbox_splits_at_from_lines_after_a_blank_line_only() {
        let mbox = b"From a@b Fri Nov 27 10:00:00 2026\nSubject: 1\n\nbody\nFrom inside a body\n\nFrom b@c Fri Nov 27 11:00:00 2026\nSubject: 2\n\n>From quoted\n\n";
        let mails = split_mailbox(mbox);
        assert_eq!(mails.len(), 2);
        assert_eq!(&*mails[0], b"Subject: 1\n\nbody\nFrom inside a body\n");
        assert_eq!(&*mails[1], b"Subject: 2\n\nFrom quoted\n");
        assert_eq!(split_mailbox(b"Subject: x\n\nbody").len(), 1);
    }

    #[test]
    fn mail_dates() {
        assert_eq!(
            mail_date("Fri, 27 Nov 2026 16:47:42 +0000").map(crate::date::format).as_deref(),
            Some("2026-11-27")
        );
        assert_eq!(mail_date("3 Dec 2026 08:00 -0500").map(crate::date::format).as_deref(), Some("2026-12-03"));
        assert_eq!(mail_date("yesterday"), None);
        assert_eq!(mail_date("31 Feb 2026 10:00"), None);
    }

    #[test]
    fn forms() {
        let block = b"-----BEGIN PGP MESSAGE-----\n\nwcA=\n-----END PGP MESSAGE-----";
        assert_eq!(find(block).map(|f| f.form), Ok(Form::Armored));
        assert_eq!(find(&[0x85, 1, 2]).map(|f| f.form), Ok(Form::Binary));
        let mut inline = b"Subject: hi\nContent-Type: text/plain\n\nHello,\n\n".to_vec();
        inline.extend_from_slice(block);
        inline.extend_from_slice(b"\n\n-- \nsignature\n");
        let found = find(&inline).map_err(|e| e.to_string());
        assert_eq!(found.as_ref().map(|f| f.form), Ok(Form::Inline));
        assert_eq!(found.map(|f| f.data.into_owned()), Ok(block.to_vec()));
        assert!(find(b"Subject: hi\n\nno message here").is_err());
        assert!(find(b"just text").is_err());
    }
}
