//! Opening a sealed report: the PSIRT's intake, and the round trip every test can use.
//!
//! Takes whatever arrived (see `inbox`: the `.eml` as written or as a mail client re-encoded it,
//! inline PGP, an `.mbox` of several mails with [`open_all`], the bare armored or binary
//! message); decrypts it with the
//! PSIRT's secret key (passphrase optional); refuses a message whose integrity check (MDC for
//! SEIPDv1, AEAD tags for SEIPDv2) fails, with its own code; then parses the MIME entity and
//! validates `report.json` as the PSIRT sees it. Nothing is returned unless the whole message
//! decrypted and verified: a tampered message never yields partial content.

use super::inbox::{self, Form};
use super::key::{is_armored, short_reason, upper_hex};
use super::mime;
use crate::date::{self, CalendarDate};
use crate::diagnostics::{Diagnostic, Diagnostics, Scores};
use crate::i18n::{Code, Lang, Params};
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
/// attachments: [{name, mediaType}], recipient, structured, form, appeal?}` (attachment bytes
/// travel separately).
#[derive(Debug, Clone, Serialize)]
pub struct Opened {
    /// `report.json`, parsed; `null` when the message is not structured (no `report.json`).
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
    /// `false` when the decrypted message is not ours (no `report.json`): it is shown as text
    /// and attachments, `report` is `null` and the diagnostics hold `open-unstructured`.
    pub structured: bool,
    /// How the OpenPGP message was delivered (`pgp-mime`, `inline`, `armored`, `binary`).
    pub form: Form,
    /// For a CNA appeal: the coordinator's tracking facts (due date, CNA, grounds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appeal: Option<AppealTracking>,
    /// The report id of the reporter's receipt (`X-Psirt-Report-Id` inside the
    /// ciphertext), to match a receipt a reporter shows later. JSON: `reportId`.
    #[serde(rename = "reportId", skip_serializing_if = "Option::is_none")]
    pub report_id: Option<String>,
}

/// What the CNA coordinator's queue needs from an appeal, sortable by `acknowledgementDue`.
/// JSON (camelCase): `{cna, grounds, cveId?, requestReference?, firstContactOn?, received,
/// receivedFrom, workingDays, acknowledgementDue, coordinator}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppealTracking {
    /// The CNA the appeal is about, as the reporter named it.
    pub cna: Option<String>,
    /// `no_response`, `cve_refused`, `record_not_populated` or `other`.
    pub grounds: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cve_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_contact_on: Option<String>,
    /// The day of receipt (YYYY-MM-DD) the due date counts from.
    pub received: String,
    /// `mail-date` (the mail's `Date:` header) or `today` (no mail around the message).
    pub received_from: &'static str,
    /// The profile's acknowledgement delay (3 working days for Thales).
    pub working_days: u32,
    /// `received` plus `working_days` working days, weekends and the profile's holidays skipped.
    pub acknowledgement_due: String,
    /// Where appeals are answered from: the profile's appeal address.
    pub coordinator: String,
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
    /// A mailbox (`.mbox`) holding `count` mails was given where one message is expected.
    Several { count: usize },
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
            OpenError::Several { .. } => Code::OpenSeveralMessages,
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
            OpenError::Several { count } => {
                p.insert("count", count.to_string());
            }
            OpenError::Tampered => {}
        }
        p
    }
}

crate::i18n::localized_error!(OpenError);

/// Decrypts `message` (one mail, .asc or binary; see `inbox`) with `secret_key` and parses the
/// report in it. An `.mbox` holding several mails is refused (`OpenError::Several`): use
/// [`open_all`].
pub fn open(message: &[u8], secret_key: &[u8], opts: &OpenOptions<'_>) -> Result<Opened, OpenError> {
    if message.len() > MAX_MESSAGE_BYTES {
        return Err(OpenError::Unreadable { reason: format!("larger than {MAX_MESSAGE_BYTES} bytes") });
    }
    let key = parse_secret(secret_key)?;
    let mails = inbox::split_mailbox(message);
    match mails.len() {
        1 => open_mail(&mails[0], &key, opts),
        0 => Err(OpenError::Unreadable { reason: "an empty mailbox".into() }),
        count => Err(OpenError::Several { count }),
    }
}

/// Opens every mail of an `.mbox` (or the one message given), each on its own: one mail that
/// cannot be opened does not stop the others. `Err` only when nothing can be tried (the key is
/// unreadable, the file too large).
pub fn open_all(
    message: &[u8],
    secret_key: &[u8],
    opts: &OpenOptions<'_>,
) -> Result<Vec<Result<Opened, OpenError>>, OpenError> {
    if message.len() > MAX_MESSAGE_BYTES {
        return Err(OpenError::Unreadable { reason: format!("larger than {MAX_MESSAGE_BYTES} bytes") });
    }
    let key = parse_secret(secret_key)?;
    Ok(inbox::split_mailbox(message).iter().map(|mail| open_mail(mail, &key, opts)).collect())
}

fn open_mail(mail: &[u8], key: &SignedSecretKey, opts: &OpenOptions<'_>) -> Result<Opened, OpenError> {
    let found = inbox::find(mail).map_err(|reason| OpenError::Unreadable { reason })?;
    let parsed = match found.form {
        Form::Binary => Message::from_bytes(&found.data[..]),
        _ => Message::from_armor(&found.data[..]).map(|(m, _)| m),
    };
    let msg = parsed.map_err(|e| OpenError::Unreadable { reason: short_reason(&e.to_string()) })?;
    let Message::Encrypted { esk, .. } = &msg else {
        return Err(OpenError::Unreadable { reason: "the message is not encrypted".into() });
    };
    // Is it for this key at all? A key packet names its key, or nobody (the wildcard, "anonymous
    // recipient": how seal writes the reporter's copy): an unnamed one could be for any key, so
    // it is tried, but only a named match makes "not for this key" impossible.
    let mut recipients = Vec::new();
    let mut named = false;
    let mut unnamed = false;
    for e in esk {
        if let Esk::PublicKeyEncryptedSessionKey(p) = e {
            if is_anonymous(p) {
                unnamed = true;
                recipients.push(upper_hex(&[0u8; 8]));
                continue;
            }
            named |=
                p.match_identity(&key.primary_key) || key.secret_subkeys.iter().any(|sk| p.match_identity(&sk.key));
            if let Ok(id) = p.id() {
                recipients.push(upper_hex(id.as_ref()));
            } else if let Ok(Some(fp)) = p.fingerprint() {
                recipients.push(upper_hex(fp.as_bytes()));
            }
        }
    }
    if !named && !unnamed {
        return Err(OpenError::NotForThisKey { recipients });
    }
    let password: Password = opts.passphrase.as_deref().map(String::as_str).unwrap_or_default().into();
    // Unlock the matching key first, so a wrong passphrase is a key problem, not "tampered".
    let unlock = |r: pgp::errors::Result<pgp::errors::Result<()>>| match r {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) | Err(e) => Err(OpenError::SecretKey { reason: short_reason(&e.to_string()) }),
    };
    // Keys matched by name only when there is such a match (an unnamed packet matches every key,
    // the primary key too, which may be a stub without secret material).
    for e in esk {
        if let Esk::PublicKeyEncryptedSessionKey(p) = e {
            if named && is_anonymous(p) {
                continue;
            }
            if p.match_identity(&key.primary_key) {
                unlock(key.primary_key.unlock(&password, |_, _| Ok(())))?;
            }
            for sk in key.secret_subkeys.iter().filter(|sk| p.match_identity(&sk.key)) {
                unlock(sk.key.unlock(&password, |_, _| Ok(())))?;
            }
        }
    }
    // A brainpool key: the session key is computed in `brainpool` (rpgp 0.21 cannot).
    let decrypted = match super::brainpool::session_key_for(esk, key, &password) {
        Some(session) => {
            let session = session.map_err(|e| classify(&e.to_string()))?;
            msg.decrypt_with_session_key(session)
        }
        None => msg.decrypt(&password, key),
    }
    .map_err(|e| {
        // Only unnamed packets, and none of them opened with this key: it is someone else's.
        if !named && matches!(e, pgp::errors::Error::MissingKey) {
            OpenError::NotForThisKey { recipients: recipients.clone() }
        } else {
            classify(&e.to_string())
        }
    })?;
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
    let mut opened = parse_payload(&plaintext, recipient, found.form, opts)?;
    opened.appeal = appeal_tracking(&opened.report, found.received, opts);
    Ok(opened)
}

/// The coordinator's facts for a CNA appeal; `None` for any other channel.
fn appeal_tracking(
    report: &serde_json::Value,
    received: Option<CalendarDate>,
    opts: &OpenOptions<'_>,
) -> Option<AppealTracking> {
    if report.get("channel").and_then(|c| c.as_str()) != Some("cna_appeal") {
        return None;
    }
    let appeal = report.get("appeal");
    let field = |name: &str| appeal.and_then(|a| a.get(name)).and_then(|v| v.as_str()).map(str::to_owned);
    let (day, received_from) = match received {
        Some(d) => (d, "mail-date"),
        None => (opts.today.unwrap_or_else(date::today), "today"),
    };
    let profile = opts.profile;
    let working_days = profile.appeal_ack_working_days.unwrap_or(3);
    let due = date::add_working_days(day, working_days, &profile.holiday_dates());
    Some(AppealTracking {
        cna: field("cna"),
        grounds: field("grounds"),
        cve_id: field("cve_id"),
        request_reference: field("request_reference"),
        first_contact_on: field("first_contact_on"),
        received: date::format(day),
        received_from,
        working_days,
        acknowledgement_due: date::format(due),
        coordinator: profile.appeal_email.clone().unwrap_or_else(|| profile.psirt_email.clone()),
    })
}

/// Decides between "altered" and "wrong passphrase / unusable key" for an rpgp error text.
/// True for a key packet that names no key: the wildcard key ID (v3) or no fingerprint (v6).
fn is_anonymous(p: &pgp::packet::PublicKeyEncryptedSessionKey) -> bool {
    match p.id() {
        Ok(id) => id.is_wildcard(),
        Err(_) => matches!(p.fingerprint(), Ok(None)),
    }
}

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

// `opts` serves validation, which the seal wasm module (no `core`) leaves to JavaScript.
#[cfg_attr(not(feature = "core"), allow(unused_variables))]
/// Takes the decrypted entity apart. Ours is `multipart/mixed` with a text part, `report.json`
/// and attachments; anything else that decrypted (a `gpg --encrypt`ed text file, a mail client's
/// encrypted mail) is returned unstructured: its text parts as `text`, the rest as attachments.
fn parse_payload(plaintext: &[u8], recipient: String, form: Form, opts: &OpenOptions<'_>) -> Result<Opened, OpenError> {
    let bad = |reason: &str| OpenError::Payload { reason: reason.to_owned() };
    if !inbox::looks_like_headers(plaintext) {
        // Not MIME at all: text when it is UTF-8, else one attachment.
        return Ok(match std::str::from_utf8(plaintext) {
            Ok(t) => unstructured(String::new(), t.replace("\r\n", "\n"), Vec::new(), recipient, form),
            Err(_) => {
                let data = plaintext.to_vec();
                let part = OpenedAttachment {
                    name: "message.bin".into(),
                    media_type: "application/octet-stream".into(),
                    data,
                };
                unstructured(String::new(), String::new(), vec![part], recipient, form)
            }
        });
    }
    let top = mime::parse_entity(plaintext).map_err(|r| bad(&r))?;
    let subject = top.header("subject").map(mime::decode_words).unwrap_or_default();
    let report_id = top
        .header(&mime::REPORT_ID_HEADER.to_ascii_lowercase())
        .map(|v| v.trim().chars().filter(|c| c.is_ascii_hexdigit() || *c == '-').take(36).collect::<String>());
    let ours = top.media_type() == "multipart/mixed";
    let mut leaves = Vec::new();
    flatten(top, 0, &mut leaves).map_err(|r| bad(&r))?;
    let mut text: Option<String> = None;
    let mut report_json = None;
    let mut attachments = Vec::new();
    for part in leaves {
        let media = part.media_type();
        let mut data = part.decoded().map_err(|r| bad(&r))?;
        match part.filename() {
            None if media == "text/plain" && (text.is_none() || !ours) => {
                let t = String::from_utf8_lossy(&data).replace("\r\n", "\n");
                match text.as_mut() {
                    Some(all) => {
                        all.push('\n');
                        all.push_str(&t);
                    }
                    None => text = Some(t),
                }
                zeroize::Zeroize::zeroize(&mut data);
            }
            Some(name) if ours && name == "report.json" && media == "application/json" && report_json.is_none() => {
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
    let Some(report_json) = report_json else {
        return Ok(unstructured(subject, text.unwrap_or_default(), attachments, recipient, form));
    };
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
        structured: true,
        form,
        report_id,
        appeal: None,
    })
}

/// The leaf parts of an entity, multiparts walked (at most 4 levels; `MAX_PARTS` per level).
fn flatten<'a>(part: mime::Part<'a>, depth: usize, out: &mut Vec<mime::Part<'a>>) -> Result<(), String> {
    if !part.media_type().starts_with("multipart/") {
        out.push(part);
        return Ok(());
    }
    if depth >= 4 {
        return Err("MIME parts nested more than 4 levels deep".into());
    }
    let boundary = part.param("content-type", "boundary").ok_or("no MIME boundary")?;
    for child in mime::split_multipart(part.body, &boundary)? {
        flatten(child, depth + 1, out)?;
        if out.len() > mime::MAX_PARTS {
            return Err(format!("more than {} MIME parts", mime::MAX_PARTS));
        }
    }
    Ok(())
}

/// A message that decrypted but is not ours: shown, never validated, flagged.
fn unstructured(
    subject: String,
    text: String,
    attachments: Vec<OpenedAttachment>,
    recipient: String,
    form: Form,
) -> Opened {
    Opened {
        report: serde_json::Value::Null,
        report_json: String::new(),
        #[cfg(feature = "core")]
        diagnostics: unstructured_diagnostics(),
        subject,
        text,
        attachments,
        recipient,
        structured: false,
        form,
        appeal: None,
        report_id: None,
    }
}

/// The diagnostics of a message that decrypted but is not ours: one flag, `open-unstructured`
/// (English: `OpenOptions` carries no language, and the flag is for tools, beside `structured`).
/// The seal wasm module, which has no validator, sends these to JavaScript as they are.
pub fn unstructured_diagnostics() -> Diagnostics {
    Diagnostics::build(vec![Diagnostic::new("", Code::OpenUnstructured)], Vec::new(), Scores::default(), Lang::En)
}
