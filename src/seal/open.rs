//! Opening a sealed report: the PSIRT's intake, and the round trip every test can use.
//!
//! Takes the armored message (`.asc`), the RFC 3156 e-mail (`.eml`: the armored block is taken
//! from its `application/octet-stream` part), or a binary OpenPGP message; decrypts it with the
//! PSIRT's secret key (passphrase optional); refuses a message whose integrity check (MDC for
//! SEIPDv1, AEAD tags for SEIPDv2) fails, with its own code; then parses the MIME entity and
//! validates `report.json` as the PSIRT sees it. Nothing is returned unless the whole message
//! decrypted and verified: a tampered message never yields partial content.

use super::key::{is_armored, short_reason, upper_hex};
use super::mime;
use crate::date::CalendarDate;
use crate::diag::Diagnostics;
use crate::i18n::{Code, Params};
use crate::profile::Profile;
#[cfg(feature = "core")]
use crate::validate::{self, Options};
use pgp::composed::{Deserializable, Esk, Message, SignedSecretKey};
use pgp::types::{KeyDetails, Password};
use serde::Serialize;
use std::io::Read;
use zeroize::Zeroizing;

/// Largest message `open` reads: the largest sealed report (40 MiB of report text plus 32 MiB of
/// attachments, base64 and armor) fits.
pub const MAX_MESSAGE_BYTES: usize = 160 * 1024 * 1024;

/// Largest decrypted plaintext `open` accepts, after decompression. Seal never compresses, so a
/// sealed report's plaintext is smaller than its message; a compressed packet (GnuPG compresses
/// by default) is inflated only up to this many bytes, so a small message cannot exhaust memory.
pub const MAX_PLAINTEXT_BYTES: usize = MAX_MESSAGE_BYTES;

/// What `open` needs besides the message and the key. Its `Debug` never shows the passphrase.
#[derive(Clone)]
pub struct OpenOptions<'p> {
    pub profile: &'p Profile,
    pub today: Option<CalendarDate>,
    /// The secret key's passphrase, if it has one (wiped when the options are dropped).
    pub passphrase: Option<Zeroizing<String>>,
}

impl std::fmt::Debug for OpenOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenOptions")
            .field("profile", &self.profile.id)
            .field("today", &self.today)
            .field("passphrase", &self.passphrase.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// An attachment taken out of a sealed message, bytes exact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenedAttachment {
    pub name: String,
    pub media_type: String,
    #[serde(skip)]
    pub data: Vec<u8>,
}

/// Wiped on drop: the attachment's bytes.
impl Drop for OpenedAttachment {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.data);
    }
}

/// Wiped on drop: the canonical report text and the text rendering. The parsed `report`
/// (a `serde_json::Value`) and `subject` are not: serde_json's values cannot be wiped in place.
impl Drop for Opened {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.report_json);
        zeroize::Zeroize::zeroize(&mut self.text);
    }
}

/// A decrypted, parsed report. JSON (camelCase): `{report, diagnostics, subject, text,
/// attachments: [{name, mediaType}], recipient}` (attachment bytes travel separately).
#[derive(Debug, Clone, Serialize)]
pub struct Opened {
    /// `report.json`, parsed.
    pub report: serde_json::Value,
    /// `report.json` exactly as it was in the message (canonical JSON).
    #[serde(skip)]
    pub report_json: String,
    /// Validation of the report, as the PSIRT's profile sees it. (The seal wasm module, built
    /// without `core`, leaves it to the JavaScript layer, which asks the core module.)
    #[cfg(feature = "core")]
    pub diagnostics: Diagnostics,
    /// The protected (real) subject.
    pub subject: String,
    /// The readable text rendering.
    pub text: String,
    /// Every attachment part (the report's own attachments and those passed as bytes).
    pub attachments: Vec<OpenedAttachment>,
    /// Fingerprint of the primary key whose (sub)key decrypted it.
    pub recipient: String,
}

/// Why a message could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OpenError {
    /// Not an OpenPGP message nor a PGP/MIME e-mail (or too large).
    Unreadable { reason: String },
    /// The secret key is unreadable, is only a public key, or the passphrase is wrong.
    SecretKey { reason: String },
    /// Encrypted, but to other keys (their key ids, hex).
    NotForThisKey { recipients: Vec<String> },
    /// The integrity check failed (the ciphertext was altered), or the message has none at all
    /// (a legacy SED packet without MDC, which rpgp refuses to decrypt, rightly).
    Tampered,
    /// Decrypted, but not a report payload (no `report.json`, not MIME, not JSON).
    Payload { reason: String },
    /// The decrypted content (after decompression) exceeds `limit` bytes.
    TooLarge { limit: usize },
}

impl OpenError {
    pub fn code(&self) -> Code {
        match self {
            OpenError::Unreadable { .. } => Code::OpenUnreadable,
            OpenError::SecretKey { .. } => Code::OpenSecretKeyUnreadable,
            OpenError::NotForThisKey { .. } => Code::OpenNotForThisKey,
            OpenError::Tampered => Code::OpenTampered,
            OpenError::Payload { .. } => Code::OpenPayloadInvalid,
            OpenError::TooLarge { .. } => Code::OpenTooLarge,
        }
    }
    pub fn params(&self) -> Params {
        let mut p = Params::new();
        match self {
            OpenError::Unreadable { reason } | OpenError::SecretKey { reason } | OpenError::Payload { reason } => {
                p.insert("reason", reason.clone());
            }
            OpenError::NotForThisKey { recipients } => {
                p.insert("recipients", if recipients.is_empty() { "?".to_owned() } else { recipients.join(", ") });
            }
            OpenError::TooLarge { limit } => {
                p.insert("limit", limit.to_string());
            }
            OpenError::Tampered => {}
        }
        p
    }
}

crate::i18n::localized_error!(OpenError);

/// Decrypts `message` (.asc, .eml or binary) with `secret_key` and parses the report in it.
pub fn open(message: &[u8], secret_key: &[u8], opts: &OpenOptions<'_>) -> Result<Opened, OpenError> {
    if message.len() > MAX_MESSAGE_BYTES {
        return Err(OpenError::Unreadable { reason: format!("larger than {MAX_MESSAGE_BYTES} bytes") });
    }
    let key = parse_secret(secret_key)?;
    let armored = extract_armored(message);
    let parsed = match armored {
        Some(block) => Message::from_armor(block).map(|(m, _)| m),
        None if message.first().is_some_and(|b| b & 0x80 != 0) => Message::from_bytes(message),
        None => return Err(OpenError::Unreadable { reason: "no PGP MESSAGE block".into() }),
    };
    let msg = parsed.map_err(|e| OpenError::Unreadable { reason: short_reason(&e.to_string()) })?;
    let Message::Encrypted { esk, .. } = &msg else {
        return Err(OpenError::Unreadable { reason: "the message is not encrypted".into() });
    };
    // Is it for this key at all? (A wildcard recipient could be anyone: try it.)
    let mut recipients = Vec::new();
    let mut ours = false;
    for e in esk {
        if let Esk::PublicKeyEncryptedSessionKey(p) = e {
            let matches_key =
                p.match_identity(&key.primary_key) || key.secret_subkeys.iter().any(|sk| p.match_identity(&sk.key));
            ours |= matches_key;
            if let Ok(id) = p.id() {
                recipients.push(upper_hex(id.as_ref()));
            } else if let Ok(Some(fp)) = p.fingerprint() {
                recipients.push(upper_hex(fp.as_bytes()));
            }
        }
    }
    if !ours {
        return Err(OpenError::NotForThisKey { recipients });
    }
    let password: Password = opts.passphrase.as_deref().map(String::as_str).unwrap_or_default().into();
    // Unlock the matching key first, so a wrong passphrase is a key problem, not "tampered".
    let unlock = |r: pgp::errors::Result<pgp::errors::Result<()>>| match r {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) | Err(e) => Err(OpenError::SecretKey { reason: short_reason(&e.to_string()) }),
    };
    for e in esk {
        if let Esk::PublicKeyEncryptedSessionKey(p) = e {
            if p.match_identity(&key.primary_key) {
                unlock(key.primary_key.unlock(&password, |_, _| Ok(())))?;
            }
            for sk in key.secret_subkeys.iter().filter(|sk| p.match_identity(&sk.key)) {
                unlock(sk.key.unlock(&password, |_, _| Ok(())))?;
            }
        }
    }
    let decrypted = msg.decrypt(&password, &key).map_err(|e| classify(&e.to_string()))?;
    let mut decrypted = decrypted.decompress().map_err(|e| classify(&e.to_string()))?;
    // Reading to the end checks the MDC / AEAD tags; nothing is used before that succeeded. A
    // compressed packet is inflated only up to the limit: one byte more and it is refused.
    let mut plaintext = Zeroizing::new(Vec::new());
    (&mut decrypted)
        .take(MAX_PLAINTEXT_BYTES as u64 + 1)
        .read_to_end(&mut plaintext)
        .map_err(|e| classify(&e.to_string()))?;
    if plaintext.len() > MAX_PLAINTEXT_BYTES {
        return Err(OpenError::TooLarge { limit: MAX_PLAINTEXT_BYTES });
    }
    let recipient = upper_hex(key.primary_key.fingerprint().as_bytes());
    parse_payload(&plaintext, recipient, opts)
}

/// Decides between "altered" and "wrong passphrase / unusable key" for an rpgp error text.
fn classify(e: &str) -> OpenError {
    let lower = e.to_ascii_lowercase();
    if lower.contains("mdc") || lower.contains("integrity") || lower.contains("tag") || lower.contains("aead") {
        OpenError::Tampered
    } else if lower.contains("passw") || lower.contains("s2k") || lower.contains("secret key") {
        OpenError::SecretKey { reason: short_reason(e) }
    } else {
        // A session key that decrypts to garbage, a packet that no longer parses: the ciphertext
        // was changed. Only an altered message gets here once the key matched.
        OpenError::Tampered
    }
}

fn parse_secret(bytes: &[u8]) -> Result<SignedSecretKey, OpenError> {
    let parsed = if is_armored(bytes) {
        SignedSecretKey::from_armor_single(bytes).map(|(k, _)| k)
    } else {
        SignedSecretKey::from_reader_single(bytes).map(|(k, _)| k)
    };
    parsed.map_err(|e| OpenError::SecretKey { reason: short_reason(&e.to_string()) })
}

/// The `-----BEGIN PGP MESSAGE-----` … `-----END PGP MESSAGE-----` block of an .asc or .eml.
fn extract_armored(data: &[u8]) -> Option<&[u8]> {
    let begin = mime::find(data, b"-----BEGIN PGP MESSAGE-----")?;
    let end_marker = b"-----END PGP MESSAGE-----";
    let end = mime::find(&data[begin..], end_marker)? + begin + end_marker.len();
    Some(&data[begin..end])
}

// `opts` serves validation, which the seal wasm module (no `core`) leaves to JavaScript.
#[cfg_attr(not(feature = "core"), allow(unused_variables))]
fn parse_payload(plaintext: &[u8], recipient: String, opts: &OpenOptions<'_>) -> Result<Opened, OpenError> {
    let bad = |reason: &str| OpenError::Payload { reason: reason.to_owned() };
    let top = mime::parse_entity(plaintext).map_err(|r| bad(&r))?;
    if top.media_type() != "multipart/mixed" {
        return Err(bad("not a multipart/mixed MIME entity"));
    }
    let boundary = top.param("content-type", "boundary").ok_or_else(|| bad("no MIME boundary"))?;
    let subject = top.header("subject").map(mime::decode_words).unwrap_or_default();
    let mut text = None;
    let mut report_json = None;
    let mut attachments = Vec::new();
    for part in mime::split_multipart(top.body, &boundary).map_err(|r| bad(&r))? {
        let media = part.media_type();
        let mut data = part.decoded().map_err(|r| bad(&r))?;
        match part.filename() {
            None if media == "text/plain" && text.is_none() => {
                text = Some(String::from_utf8_lossy(&data).replace("\r\n", "\n"));
                zeroize::Zeroize::zeroize(&mut data);
            }
            Some(name) if name == "report.json" && media == "application/json" && report_json.is_none() => {
                report_json = Some(String::from_utf8(data).map_err(|e| {
                    let mut bytes = e.into_bytes();
                    zeroize::Zeroize::zeroize(&mut bytes);
                    bad("report.json is not UTF-8")
                })?);
            }
            name => attachments.push(OpenedAttachment {
                name: name.unwrap_or_else(|| "attachment".to_owned()),
                media_type: media,
                data,
            }),
        }
    }
    let report_json = report_json.ok_or_else(|| bad("no report.json part"))?;
    let report = crate::report::parse(&report_json).map_err(|_| bad("report.json is not a JSON object"))?;
    Ok(Opened {
        #[cfg(feature = "core")]
        diagnostics: validate::validate_value(&report, &Options { profile: opts.profile, today: opts.today }),
        report,
        report_json,
        subject,
        text: text.unwrap_or_default(),
        attachments,
        recipient,
    })
}
