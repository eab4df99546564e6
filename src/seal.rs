//! Sealing: a valid report (and its attachments), as a padded PGP/MIME entity, encrypted to the
//! pinned PSIRT key; and `open`, the PSIRT's side of the same format.
//!
//! - `key`: judging a recipient (reading the key, the pin, the validity policy, which key encrypts);
//! - `brainpool`: the Brainpool ECDH and ECDSA arithmetic rpgp lacks;
//! - `mime`: the MIME entity (streamed, exact length known up front), the `.eml`, and its parser;
//! - `pad`: the length buckets the plaintext is padded to;
//! - `text`: the readable rendering of the report inside the entity;
//! - `message_v4`: the OpenPGP message for v4 keys (PKESK v3, SEIPD v1) and its bulk cipher;
//! - `message_v6`: the OpenPGP message for v6 keys (PKESK v6, SEIPD v2, AEAD);
//! - `armor`: the streaming ASCII armor both write into;
//! - `open`: decrypting and taking the entity apart, for the PSIRT's intake and round-trip tests;
//! - `inbox`, `inspect`: the mails of a mailbox, and a message looked at without opening it;
//! - `keygen`: a key for the reporter, made when they have none;
//! - `platform_rsa`: RSA's exponentiation on the platform's big integers (the JavaScript core).
//!
//! Memory: attachments are borrowed, never copied; the MIME text is never held whole (base64 is
//! produced line by line as encryption reads it); the armored output is written once, into a
//! buffer reserved at its final size (or into any `Write` with [`seal_into`]); the `.eml` is the
//! armored text between a head and a tail ([`Sealed::eml`] builds it only when asked).

mod armor;
pub mod brainpool;
pub mod inbox;
pub mod inspect;
pub mod key;
pub mod keygen;
pub mod message_v4;
mod message_v6;
pub(crate) mod mime;
pub mod open;
pub mod pad;
pub mod platform_rsa;
pub mod text;

use crate::date::CalendarDate;
use crate::diagnostics::Diagnostics;
use crate::i18n::{Code, Lang, Params};
use crate::profile::Profile;
use crate::report;
#[cfg(feature = "core")]
use crate::validate::{self, Options};
use base64::Engine;
pub use key::{load_recipient, load_recipient_at, normalize_fingerprint, KeyError, Recipient, RecipientInfo};
use mime::Segment;
pub use open::{open, open_all, AppealTracking, OpenError, OpenOptions, Opened, OpenedAttachment, MAX_PLAINTEXT_BYTES};
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::io::Write;

/// What sealing needs besides the report and the key.
#[derive(Debug, Clone)]
pub struct SealOptions<'p> {
    pub profile: &'p Profile,
    /// A fingerprint to pin instead of the profile's.
    pub pin: Option<String>,
    pub today: Option<CalendarDate>,
    /// The time keys are judged at and the `.eml` is dated (seconds since 1970); `None` = now.
    pub now: Option<u64>,
}

impl<'p> SealOptions<'p> {
    /// Options for `profile`, with its pin, today's date and the real clock.
    pub fn new(profile: &'p Profile) -> Self {
        SealOptions { profile, pin: None, today: None, now: None }
    }
}

/// An attachment passed as bytes, borrowed for the duration of sealing.
#[derive(Debug, Clone, Copy)]
pub struct Attachment<'a> {
    /// A plain file name (no path), shown to the PSIRT and used when `open` writes it out.
    pub name: &'a str,
    /// Its media type, e.g. `image/png`; `application/octet-stream` when `None`.
    pub media_type: Option<&'a str>,
    pub data: &'a [u8],
}

/// Whether `s` is a plain ASCII `local@domain` address that can stand alone in a header: printable,
/// no white space, no quoting or grouping characters, one `@`, at most 254 characters.
pub(crate) fn is_plain_address(s: &str) -> bool {
    let ok = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.@".contains(c);
    s.len() <= 254
        && s.chars().all(ok)
        && s.matches('@').count() == 1
        && s.split('@').all(|p| !p.is_empty() && !p.starts_with('.') && !p.ends_with('.'))
}

// The attachment limits live with the report's other input limits (`report.rs`), which both wasm
// modules compile: the profile (core and seal) caps its own limits by them.
pub use crate::report::{MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES};

/// Everything about a sealed message except the armored text itself.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// Fingerprint of the PSIRT primary key it was encrypted to.
    pub fingerprint: String,
    /// Where to send it: the profile's PSIRT address.
    pub to: String,
    /// The neutral outer subject ("Encrypted report" / "Rapport chiffré"): never the title.
    pub subject: String,
    pub recipient: RecipientInfo,
    /// Size of the padded MIME plaintext: the length bucket (see `pad`).
    pub plaintext_len: u64,
    /// The reporter's own key the report was also encrypted to
    /// (`reporter.pgp_key` when it is an armored public key).
    pub reporter: Option<RecipientInfo>,
    /// The report id of the receipt: a random UUID (v4) made at sealing, written inside the
    /// ciphertext (header `X-Psirt-Report-Id` of the encrypted entity).
    pub report_id: String,
    /// When it was sealed (seconds since 1970, UTC), also inside the ciphertext (`Date:`).
    pub sealed_at: u64,
    eml_head: String,
    eml_tail: String,
}

impl Envelope {
    /// The `.eml` text that comes before the armored message.
    pub fn eml_head(&self) -> &str {
        &self.eml_head
    }
    /// The `.eml` text that comes after it.
    pub fn eml_tail(&self) -> &str {
        &self.eml_tail
    }
}

/// An encrypted report. JSON: `{armored, eml, fingerprint, to, subject, recipient}`.
#[derive(Debug, Clone)]
pub struct Sealed {
    /// The ASCII-armored OpenPGP message (CRLF line ends).
    pub armored: String,
    pub envelope: Envelope,
}

impl Sealed {
    /// The RFC 3156 `multipart/encrypted` e-mail (CRLF), built on demand.
    pub fn eml(&self) -> String {
        let e = &self.envelope;
        let mut s = String::with_capacity(e.eml_head.len() + self.armored.len() + e.eml_tail.len());
        s.push_str(&e.eml_head);
        s.push_str(&self.armored);
        s.push_str(&e.eml_tail);
        s
    }
    /// Writes the `.eml` without building it in memory.
    pub fn write_eml<W: Write>(&self, mut w: W) -> std::io::Result<()> {
        w.write_all(self.envelope.eml_head.as_bytes())?;
        w.write_all(self.armored.as_bytes())?;
        w.write_all(self.envelope.eml_tail.as_bytes())
    }
    pub fn fingerprint(&self) -> &str {
        &self.envelope.fingerprint
    }
    pub fn to(&self) -> &str {
        &self.envelope.to
    }
    pub fn subject(&self) -> &str {
        &self.envelope.subject
    }
    pub fn recipient(&self) -> &RecipientInfo {
        &self.envelope.recipient
    }
    /// The receipt the reporter keeps (see [`Receipt`]).
    pub fn receipt(&self) -> Receipt {
        Receipt::new(&self.envelope, &self.armored)
    }
}

/// What each key the message is encrypted to is for. JSON: the recipient's
/// fields (camelCase) and `role`: `psirt` or `reporter`.
#[derive(Debug, Clone, Serialize)]
pub struct ListedRecipient<'a> {
    pub role: &'static str,
    #[serde(flatten)]
    pub info: &'a RecipientInfo,
}

impl Envelope {
    /// Every key the message is encrypted to, the PSIRT's first.
    pub fn recipients(&self) -> Vec<ListedRecipient<'_>> {
        let mut v = vec![ListedRecipient { role: "psirt", info: &self.recipient }];
        if let Some(r) = &self.reporter {
            v.push(ListedRecipient { role: "reporter", info: r });
        }
        v
    }
}

/// The reporter's receipt. JSON (camelCase): `{reportId, sealedAt, psirtFingerprint,
/// sha256}`; `sha256` is the lower-case hex SHA-256 of the armored text exactly as delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    pub report_id: String,
    /// ISO 8601, UTC.
    pub sealed_at: String,
    pub psirt_fingerprint: String,
    pub sha256: String,
}

impl Receipt {
    pub fn new(envelope: &Envelope, armored: &str) -> Self {
        let digest = <sha2::Sha256 as sha2::Digest>::digest(armored.as_bytes());
        Receipt {
            report_id: envelope.report_id.clone(),
            sealed_at: crate::date::iso8601(envelope.sealed_at),
            psirt_fingerprint: envelope.fingerprint.clone(),
            sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
        }
    }
}

impl Serialize for Sealed {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Wire<'a> {
            armored: &'a str,
            eml: String,
            fingerprint: &'a str,
            to: &'a str,
            subject: &'a str,
            recipient: &'a RecipientInfo,
            recipients: Vec<ListedRecipient<'a>>,
            receipt: Receipt,
        }
        Wire {
            armored: &self.armored,
            eml: self.eml(),
            fingerprint: self.fingerprint(),
            to: self.to(),
            subject: self.subject(),
            recipient: self.recipient(),
            recipients: self.envelope.recipients(),
            receipt: self.receipt(),
        }
        .serialize(s)
    }
}

/// Why a report was not sealed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum SealError {
    /// The report does not validate; nothing was encrypted.
    Report(Box<Diagnostics>),
    /// The key was refused.
    Key(KeyError),
    /// An attachment passed as bytes was refused (`reason` never quotes its content).
    Attachment { reason: String },
    /// The OpenPGP library failed to encrypt, or the output could not be written.
    Encrypt { reason: String },
    /// The reporter's own key (`reporter.pgp_key`) cannot take a copy. Never
    /// silently dropped: sealing stops.
    ReporterKey(ReporterKeyError),
    /// The profile cannot be used to address a message (e.g. its PSIRT address would not be a
    /// single plain address in a `To:` header).
    Profile { reason: String },
}

impl SealError {
    pub fn code(&self) -> Code {
        match self {
            SealError::Report(_) => Code::ReportInvalid,
            SealError::Key(k) => k.code(),
            SealError::Attachment { .. } => Code::AttachmentRefused,
            SealError::Encrypt { .. } => Code::SealFailed,
            SealError::Profile { .. } => Code::ProfileInvalid,
            SealError::ReporterKey(r) => r.code(),
        }
    }
    pub fn params(&self) -> Params {
        match self {
            SealError::Report(d) => {
                let mut p = Params::new();
                p.insert("count", d.errors.len().to_string());
                p
            }
            SealError::Key(k) => k.params(),
            SealError::ReporterKey(r) => r.params(),
            SealError::Attachment { reason } | SealError::Encrypt { reason } | SealError::Profile { reason } => {
                let mut p = Params::new();
                p.insert("reason", reason.clone());
                p
            }
        }
    }
}

crate::i18n::localized_error!(SealError);

/// Why the reporter's own key was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReporterKeyError {
    /// The key policy refused it (the same policy as the PSIRT's key, without the pin).
    Key(KeyError),
    /// `reporter.pgp_key` is a bare fingerprint: carried to the PSIRT, but it cannot encrypt.
    FingerprintOnly,
    /// A v4 and a v6 key cannot share one message (SEIPD v1 takes v3 PKESKs, v2 takes v6 ones).
    VersionMismatch { reporter: u8, psirt: u8 },
}

impl ReporterKeyError {
    pub fn code(&self) -> Code {
        match self {
            ReporterKeyError::FingerprintOnly => Code::ReporterKeyFingerprintOnly,
            ReporterKeyError::VersionMismatch { .. } => Code::ReporterKeyVersionMismatch,
            ReporterKeyError::Key(k) => match k {
                KeyError::Unreadable { .. } => Code::ReporterKeyUnreadable,
                KeyError::SecretGiven => Code::ReporterKeySecretGiven,
                KeyError::Revoked => Code::ReporterKeyRevoked,
                KeyError::Expired { .. } | KeyError::EncryptionSubkeyExpired => Code::ReporterKeyExpired,
                KeyError::NoEncryptionKey => Code::ReporterKeyNoEncryptionKey,
                KeyError::WeakAlgorithm { .. } | KeyError::UnsupportedAlgorithm { .. } | KeyError::Brainpool512 => {
                    Code::ReporterKeyAlgorithm
                }
                _ => Code::ReporterKeyInvalid,
            },
        }
    }
    pub fn params(&self) -> Params {
        let mut p = Params::new();
        match self {
            ReporterKeyError::FingerprintOnly => {}
            ReporterKeyError::VersionMismatch { reporter, psirt } => {
                p.insert("reporter", reporter.to_string());
                p.insert("psirt", psirt.to_string());
            }
            ReporterKeyError::Key(k) => {
                p = k.params();
                if let KeyError::Brainpool512 = k {
                    p.insert("algorithm", "brainpoolP512r1".into());
                }
                p.insert("cause", k.code().as_str().to_owned());
            }
        }
        p
    }
}

/// The reporter's own key from `reporter.pgp_key`, judged now. `None` when there
/// is none. A bare fingerprint is carried to the PSIRT but encrypts nothing (`Ok(None)`): the
/// schema allows it, so the PSIRT can look the key up; the form tells the reporter. Anything
/// else that is not an armored public key is refused, never dropped.
pub fn reporter_key(report: &serde_json::Value, now: Option<u64>) -> Result<Option<Recipient>, ReporterKeyError> {
    let Some(text) = report.pointer("/reporter/pgp_key").and_then(|v| v.as_str()) else { return Ok(None) };
    if text.trim().is_empty() || (!key::is_armored(text.as_bytes()) && normalize_fingerprint(text).is_ok()) {
        return Ok(None);
    }
    key::load_reporter_key(text.as_bytes(), now).map(Some).map_err(ReporterKeyError::Key)
}

/// A random UUID (version 4) as the receipt's report id.
fn uuid_v4<R: rand::Rng>(rng: &mut R) -> String {
    let mut b: [u8; 16] = rng.gen();
    b[6] = (b[6] & 0x0F) | 0x40;
    b[8] = (b[8] & 0x3F) | 0x80;
    let h = key::upper_hex(&b).to_ascii_lowercase();
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

impl From<KeyError> for SealError {
    fn from(e: KeyError) -> Self {
        SealError::Key(e)
    }
}

/// Validates `report_text`, checks `key` against the pin and encrypts the report.
pub fn seal(report_text: &str, key: &[u8], opts: &SealOptions<'_>) -> Result<Sealed, SealError> {
    seal_with_attachments(report_text, key, &[], opts)
}

/// [`seal`] with attachments passed as bytes.
pub fn seal_with_attachments(
    report_text: &str,
    key: &[u8],
    attachments: &[Attachment<'_>],
    opts: &SealOptions<'_>,
) -> Result<Sealed, SealError> {
    seal_full(report_text, key, attachments, opts, rand::rngs::OsRng)
}

/// [`seal`] with a caller-chosen random number generator (deterministic tests).
pub fn seal_with_rng<R: rand::CryptoRng + rand::Rng>(
    report_text: &str,
    key: &[u8],
    opts: &SealOptions<'_>,
    rng: R,
) -> Result<Sealed, SealError> {
    seal_full(report_text, key, &[], opts, rng)
}

/// Everything: attachments and a chosen generator. The armored text is written once into a
/// buffer reserved at its final size.
pub fn seal_full<R: rand::CryptoRng + rand::Rng>(
    report_text: &str,
    key: &[u8],
    attachments: &[Attachment<'_>],
    opts: &SealOptions<'_>,
    rng: R,
) -> Result<Sealed, SealError> {
    let mut out = Vec::new();
    let envelope = seal_into(report_text, key, attachments, opts, rng, |len| {
        out.reserve_exact(armor::armored_capacity(len));
        &mut out
    })?;
    // Armor is ASCII: this never fails, and moves the buffer without copying it.
    let armored = String::from_utf8(out).map_err(|_| SealError::Encrypt { reason: "armor is not ASCII".into() })?;
    Ok(Sealed { armored, envelope })
}

/// The streaming core: validates, judges the key, then streams the padded MIME entity through
/// encryption into the writer `out(plaintext_len)` returns (called once, after every check
/// passed, so a refused report or key writes nothing). Returns everything but the armored text.
pub fn seal_into<R, W, F>(
    report_text: &str,
    key: &[u8],
    attachments: &[Attachment<'_>],
    opts: &SealOptions<'_>,
    rng: R,
    out: F,
) -> Result<Envelope, SealError>
where
    R: rand::CryptoRng + rand::Rng,
    W: Write,
    F: FnOnce(u64) -> W,
{
    let parts: Vec<AttachmentPart<'_>> = attachments
        .iter()
        .map(|a| AttachmentPart { name: a.name, media_type: a.media_type, data: mime::Bytes::Slice(a.data) })
        .collect();
    seal_parts(report_text, key, &parts, opts, rng, out)
}

/// An attachment whose bytes may live outside Rust memory (wasm: a JavaScript `Uint8Array`,
/// read piecewise while encrypting, never copied whole).
pub(crate) struct AttachmentPart<'a> {
    pub(crate) name: &'a str,
    pub(crate) media_type: Option<&'a str>,
    pub(crate) data: mime::Bytes<'a>,
}

/// [`seal_into`] over attachment parts.
pub(crate) fn seal_parts<R, W, F>(
    report_text: &str,
    key: &[u8],
    attachments: &[AttachmentPart<'_>],
    opts: &SealOptions<'_>,
    rng: R,
    out: F,
) -> Result<Envelope, SealError>
where
    R: rand::CryptoRng + rand::Rng,
    W: Write,
    F: FnOnce(u64) -> W,
{
    let value = parse_report(report_text)?;
    #[cfg(feature = "core")]
    {
        let diagnostics = validate::validate_value(&value, &Options { profile: opts.profile, today: opts.today });
        if !diagnostics.valid {
            return Err(SealError::Report(Box::new(diagnostics)));
        }
    }
    seal_validated(&value, key, attachments, opts, &message_v4::soft_cipher, rng, out)
}

/// The report text as a JSON object, with the validator's limits; else `SealError::Report`.
pub(crate) fn parse_report(report_text: &str) -> Result<serde_json::Value, SealError> {
    report::parse(report_text)
        .map_err(|d| SealError::Report(Box::new(Diagnostics::build(vec![d], vec![], Default::default(), Lang::En))))
}

/// Sealing after validation: what the seal wasm module runs, once the JavaScript layer has had
/// the core module validate the same text (that module has no JSON Schema engine). Re-checks
/// only what sealing reads: attachments, the key, and `attachments[].content_base64` decoding.
pub(crate) fn seal_validated<R, W, F>(
    value: &serde_json::Value,
    key: &[u8],
    attachments: &[AttachmentPart<'_>],
    opts: &SealOptions<'_>,
    cipher: message_v4::CipherFactory<'_>,
    mut rng: R,
    out: F,
) -> Result<Envelope, SealError>
where
    R: rand::CryptoRng + rand::Rng,
    W: Write,
    F: FnOnce(u64) -> W,
{
    check_attachments(attachments, opts.profile.attachment_limits())?;
    // The address goes into the outer `To:` header as is: a Rust caller building a `Profile` by
    // hand could otherwise inject header lines (profiles read from JSON pass the schema first).
    if !is_plain_address(&opts.profile.psirt_email) {
        return Err(SealError::Profile { reason: "psirt_email is not a plain e-mail address".into() });
    }
    let pin = opts.pin.clone().unwrap_or_else(|| opts.profile.pin());
    let recipient = key::load_recipient_memo(key, &pin, &opts.profile.name, opts.now)?;
    // The reporter's own key, when the report carries one, gets a copy.
    let reporter = reporter_key(value, opts.now).map_err(SealError::ReporterKey)?;
    if let Some(r) = &reporter {
        if message_v6::is_v6(r) != message_v6::is_v6(&recipient) {
            let v = |r: &Recipient| if message_v6::is_v6(r) { 6 } else { 4 };
            return Err(SealError::ReporterKey(ReporterKeyError::VersionMismatch {
                reporter: v(r),
                psirt: v(&recipient),
            }));
        }
    }

    let lang = report::language_of(value);
    // An appeal about a CNA goes to the coordinator the policy names, the rest to the PSIRT.
    let to = opts.profile.address_for(value.get("channel").and_then(|c| c.as_str()).unwrap_or(""));
    if !is_plain_address(to) {
        return Err(SealError::Profile { reason: "appeal_email is not a plain e-mail address".into() });
    }
    let now = opts.now.unwrap_or_else(|| u64::from(pgp::types::Timestamp::now().as_secs()));
    let boundary = format!("=_psirt_{}", key::upper_hex(&rng.gen::<[u8; 12]>()).to_ascii_lowercase());
    let outer_boundary = format!("=_psirt_enc_{}", key::upper_hex(&rng.gen::<[u8; 12]>()).to_ascii_lowercase());
    let message_id = key::upper_hex(&rng.gen::<[u8; 16]>()).to_ascii_lowercase();
    let report_id = uuid_v4(&mut rng);

    // Attachments inside report.json, decoded, become parts too (a mail client shows them).
    let mut embedded: Vec<(String, String, Vec<u8>)> = Vec::new();
    if let Some(list) = value.get("attachments").and_then(|a| a.as_array()) {
        for a in list {
            let name = a.get("name").and_then(|v| v.as_str()).unwrap_or(text::UNNAMED_ATTACHMENT).to_owned();
            let media = a.get("media_type").and_then(|v| v.as_str()).unwrap_or("application/octet-stream").to_owned();
            let b64 = a.get("content_base64").and_then(|v| v.as_str()).unwrap_or("");
            let clean: Vec<u8> = b64.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
            let data = base64::engine::general_purpose::STANDARD
                .decode(&clean)
                .map_err(|_| SealError::Attachment { reason: "an attachment in the report is not base64".into() })?;
            embedded.push((name, media, data));
        }
    }

    let reporter_email = value.pointer("/reporter/email").and_then(|v| v.as_str()).unwrap_or("");
    let title = value.get("title").and_then(|v| v.as_str()).unwrap_or("");
    // The same function as `renderText`, so the reporter reviewed exactly this text; wiped on drop.
    let passed: Vec<(String, u64)> = attachments.iter().map(|a| (a.name.to_owned(), a.data.len() as u64)).collect();
    let rendering = zeroize::Zeroizing::new(text::sealed_text(value, &passed));

    let mut segments: Vec<Segment<'_>> = Vec::new();
    let raw = |s: String| Segment::Raw(Cow::Owned(s.into_bytes()));
    // RFC 2047 forbids encoded words in an address: an ASCII address is written as is; any other
    // (non-ASCII, or not a plain address) is left out of the header (it is in report.json).
    let from = if is_plain_address(reporter_email) { Some(reporter_email) } else { None };
    segments.push(raw(mime::entity_head(&boundary, title, from, to, (&report_id, now), &rendering)));
    let part_head = |name: &str, media: &str| mime::part_head(&boundary, name, media);
    segments.push(raw(part_head("report.json", "application/json; charset=utf-8")));
    segments.push(Segment::Base64(Cow::Owned(report::canonical_json(value).into_bytes())));
    for (name, media, data) in embedded {
        segments.push(raw(part_head(&name, &media)));
        if data.is_empty() {
            segments.push(raw("\r\n".into()));
        }
        segments.push(Segment::Base64(Cow::Owned(data)));
    }
    for a in attachments {
        segments.push(raw(part_head(a.name, a.media_type.unwrap_or("application/octet-stream"))));
        if a.data.len() == 0 {
            segments.push(raw("\r\n".into()));
        }
        segments.push(match a.data {
            mime::Bytes::Slice(d) => Segment::Base64(Cow::Borrowed(d)),
            mime::Bytes::Source(src) => Segment::Base64From(src),
        });
    }
    segments.push(raw(format!("--{boundary}--\r\n")));
    let len: u64 = segments.iter().map(Segment::len).sum();
    let padded = pad::bucket(len);
    let plaintext = std::io::Read::chain(mime::SegmentReader::new(segments), pad::Padding::new(padded - len));

    // v4 keys: the SEIPD v1 packet written by `message_v4`, on the cipher the caller chose (the
    // platform's AES in Node); v6 keys: rpgp's SEIPD v2 (AEAD).
    // The PSIRT's key packet names its key (the intake and the analyst's tools find it); the
    // reporter's names nobody (the wildcard recipient), so the message does not say who sent it.
    let mut to_keys = vec![(&recipient, message_v4::Naming::Named)];
    to_keys.extend(reporter.as_ref().map(|r| (r, message_v4::Naming::Anonymous)));
    if message_v6::is_v6(&recipient) {
        message_v6::encrypt_armored_v6(plaintext, padded, &to_keys, &mut rng, out(padded))?;
    } else {
        message_v4::encrypt_armored_v4(plaintext, padded, &to_keys, cipher, &mut rng, out(padded))?;
    }

    let subject = match lang {
        Lang::En => "Encrypted report",
        Lang::Fr => "Rapport chiffré",
    };
    // No outer From: nothing of the report (the reporter's address included) is written outside
    // the ciphertext; the mail client that sends the .eml adds its own From.
    let eml_head = mime::eml_head(to, subject, now, &message_id, &outer_boundary);
    let eml_tail = format!("\r\n--{outer_boundary}--\r\n");
    Ok(Envelope {
        fingerprint: recipient.info.fingerprint.clone(),
        to: to.to_owned(),
        subject: subject.to_owned(),
        recipient: recipient.info,
        plaintext_len: padded,
        reporter: reporter.map(|r| r.info),
        report_id,
        sealed_at: now,
        eml_head,
        eml_tail,
    })
}

/// Refuses attachments that cannot be carried safely: too many, too large, or a name that is not a
/// plain file name, or a media type that is not `type/subtype`. `limits` are the profile's
/// ([`Profile::attachment_limits`]: never above the core's own).
fn check_attachments(list: &[AttachmentPart<'_>], (max_files, max_bytes): (usize, u64)) -> Result<(), SealError> {
    let refuse = |reason: String| Err(SealError::Attachment { reason });
    if list.len() > max_files {
        return refuse(format!("more than {max_files} attachments"));
    }
    let total: u64 = list.iter().map(|a| a.data.len() as u64).sum();
    if total > max_bytes {
        return refuse(format!("{total} bytes in total, the limit is {max_bytes}"));
    }
    for (i, a) in list.iter().enumerate() {
        let n = i + 1;
        let bad_name = a.name.is_empty()
            || a.name.len() > 255
            || a.name == "."
            || a.name == ".."
            || a.name.chars().any(|c| c.is_control() || c == '/' || c == '\\');
        if bad_name {
            return refuse(format!("attachment {n}: the name must be a plain file name (no path, no control characters, at most 255 bytes)"));
        }
        if let Some(m) = a.media_type {
            let token = |s: &str| {
                !s.is_empty()
                    && s.len() < 64
                    && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b))
            };
            let ok = m.split_once('/').is_some_and(|(t, s)| token(t) && token(s));
            if !ok {
                return refuse(format!("attachment {n}: the media type must look like type/subtype"));
            }
        }
    }
    Ok(())
}
