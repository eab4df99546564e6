//! Judging a recipient key: parse it, hold it to the pinned fingerprint, check that it is valid
//! now, and pick the key that encrypts.
//!
//! The pin is the trust anchor: a key is refused when its primary fingerprint differs from the
//! pin, whatever its user ids claim. Then the certificate must be valid at the reference time
//! (the real clock, or one injected by tests): at least one self-signature that verifies, not
//! revoked, not expired, an algorithm still acceptable. Among the subkeys valid at that time whose
//! binding signature allows encryption, the newest is chosen; a primary key that may itself
//! encrypt is used when no subkey may. Each refusal has its own code ([`KeyError`]).
//!
//! - `parse`: the key bytes to a certificate (armor taken off, CRC24 checked);
//! - `policy`: the rules a certificate is judged by (revocation, expiry, algorithms, which key
//!   encrypts), and why they are written here rather than taken from `rpgpie`.

mod parse;
mod policy;

use crate::i18n::{Code, Params};
use parse::parse_public;
use pgp::composed::SignedPublicKey;
use pgp::types::{KeyDetails, Timestamp};
use policy::judge;
use serde::Serialize;

/// Why a recipient key was refused. The CLI exits with status 3 for every variant.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// Not an OpenPGP public key (truncated, corrupted, wrong armor checksum, not a key at all).
    Unreadable { reason: String },
    /// A secret key where the PSIRT's public key is expected.
    SecretGiven,
    /// A well-formed key, but not the pinned one.
    FingerprintMismatch { psirt: String, pinned: String, found: String },
    /// No key of the certificate may encrypt (e.g. a sign-only key).
    NoEncryptionKey,
    /// Keys that may encrypt exist, but every one is expired or revoked at the reference time.
    EncryptionSubkeyExpired,
    /// The pin itself is not a fingerprint.
    PinInvalid,
    /// The certificate is revoked.
    Revoked,
    /// The certificate (its primary key) expired on `on` (ISO 8601).
    Expired { on: String },
    /// No self-signature binding the primary key to a user id (or a direct-key signature) verifies.
    BadSelfSignature,
    /// The key was created after the reference time (wrong clock, or a forged date).
    NotYetValid { created: String },
    /// The primary key's algorithm or size is no longer acceptable (e.g. RSA below 2048 bits).
    WeakAlgorithm { algorithm: String },
    /// An algorithm or curve the OpenPGP library cannot verify or encrypt with (e.g. brainpool
    /// curves in rpgp 0.21): the key may be fine, this tool cannot use it.
    UnsupportedAlgorithm { algorithm: String },
    /// Too large to be a sensible certificate: `what` exceeded `limit`.
    TooLarge { what: &'static str, limit: usize },
    /// A brainpoolP512r1 key: no maintained crate provides that curve's arithmetic.
    Brainpool512,
}

impl KeyError {
    pub fn code(&self) -> Code {
        match self {
            KeyError::Unreadable { .. } => Code::KeyUnreadable,
            KeyError::SecretGiven => Code::KeySecretGiven,
            KeyError::FingerprintMismatch { .. } => Code::KeyFingerprintMismatch,
            KeyError::NoEncryptionKey => Code::KeyNoEncryptionKey,
            KeyError::EncryptionSubkeyExpired => Code::KeyEncryptionSubkeyExpired,
            KeyError::PinInvalid => Code::KeyPinInvalid,
            KeyError::Revoked => Code::KeyRevoked,
            KeyError::Expired { .. } => Code::KeyExpired,
            KeyError::BadSelfSignature => Code::KeyBadSelfSignature,
            KeyError::NotYetValid { .. } => Code::KeyNotYetValid,
            KeyError::WeakAlgorithm { .. } => Code::KeyWeakAlgorithm,
            KeyError::UnsupportedAlgorithm { .. } => Code::KeyAlgorithmUnsupported,
            KeyError::TooLarge { .. } => Code::KeyTooLarge,
            KeyError::Brainpool512 => Code::KeyBrainpool512Unsupported,
        }
    }
    pub fn params(&self) -> Params {
        let mut p = Params::new();
        match self {
            KeyError::Unreadable { reason } => {
                p.insert("reason", reason.clone());
            }
            KeyError::FingerprintMismatch { psirt, pinned, found } => {
                p.insert("psirt", psirt.clone());
                p.insert("pinned", group_hex(pinned));
                p.insert("found", group_hex(found));
            }
            KeyError::Expired { on } => {
                p.insert("on", on.clone());
            }
            KeyError::NotYetValid { created } => {
                p.insert("created", created.clone());
            }
            KeyError::WeakAlgorithm { algorithm } | KeyError::UnsupportedAlgorithm { algorithm } => {
                p.insert("algorithm", algorithm.clone());
            }
            KeyError::TooLarge { what, limit } => {
                p.insert("what", (*what).to_owned());
                p.insert("limit", limit.to_string());
            }
            _ => {}
        }
        p
    }
}

impl KeyError {
    /// The error in words, in `lang` (what exceeded a limit is named in that language too).
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        let mut p = self.params();
        if let KeyError::TooLarge { what, .. } = self {
            p.insert("what", crate::i18n::label(what, lang).to_owned());
        }
        self.code().render(lang, &p)
    }
}

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::i18n::Lang::En))
    }
}

impl std::error::Error for KeyError {}

/// A key that passed the pin and the validity checks, with what a UI shows about it.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub(crate) cert: SignedPublicKey,
    /// Index into `cert.public_subkeys` of the chosen encryption subkey; `None` = the primary key.
    pub(crate) encryption_subkey: Option<usize>,
    /// The AEAD mode a v6 recipient prefers (OCB unless it lists GCM first and not OCB).
    pub(crate) prefers_gcm: bool,
    pub info: RecipientInfo,
}

/// What the UI shows about a recipient. JSON (camelCase): `{fingerprint, encryptionKey, userIds,
/// algorithm, version, created, expires, encryptionKeyExpires}`; times are ISO 8601 UTC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecipientInfo {
    /// Primary key fingerprint, upper-case hex without spaces (40 digits v4, 64 digits v6).
    pub fingerprint: String,
    /// Fingerprint of the key the message is encrypted to (a subkey, or the primary key).
    pub encryption_key: String,
    pub user_ids: Vec<String>,
    /// Algorithm of the encryption key, for people: "RSA 4096", "Curve25519", "NIST P-384", "X25519"…
    pub algorithm: String,
    /// OpenPGP key version: 4 or 6.
    pub version: u8,
    /// Creation time of the primary key.
    pub created: String,
    /// When the certificate expires, if it does.
    pub expires: Option<String>,
    /// When the encryption key expires, if it does.
    pub encryption_key_expires: Option<String>,
}

/// Normalises a fingerprint written with spaces, colons or a `0x` prefix to upper-case hex.
pub fn normalize_fingerprint(s: &str) -> Result<String, KeyError> {
    let s = s.trim();
    let s = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")).unwrap_or(s);
    let hex: String = s.chars().filter(|c| !c.is_whitespace() && *c != ':').collect();
    if (hex.len() == 40 || hex.len() == 64) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(hex.to_ascii_uppercase())
    } else {
        Err(KeyError::PinInvalid)
    }
}

/// Groups hex by four for people to read: `FC3C 4520 …`.
fn group_hex(hex: &str) -> String {
    let mut out = String::with_capacity(hex.len() * 5 / 4);
    for (i, c) in hex.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

pub(crate) fn upper_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

// Dates live in `date.rs`; re-exported here, where the key policy's callers found them.
pub use crate::date::{iso8601, parse_iso8601};

/// Largest key text accepted; real certificates with many certifications stay far below.
pub const MAX_KEY_BYTES: usize = 1024 * 1024;
/// Most user ids (and, separately, subkeys) accepted: more is abuse, not a PSIRT key.
pub const MAX_COMPONENTS: usize = 100;
/// Most signature packets accepted in total: each one may cost a public-key verification.
pub const MAX_SIGNATURES: usize = 2000;

/// Parses `key` (armored or binary), checks it against `pin` and picks its encryption key,
/// judging validity on the real clock. `psirt` names the PSIRT in the mismatch message.
pub fn load_recipient(key: &[u8], pin: &str, psirt: &str) -> Result<Recipient, KeyError> {
    load_recipient_at(key, pin, psirt, None)
}

/// [`load_recipient`] at a chosen time (seconds since 1970; `None` = now). Tests use it to judge
/// expiry without waiting.
pub fn load_recipient_at(key: &[u8], pin: &str, psirt: &str, now: Option<u64>) -> Result<Recipient, KeyError> {
    let pinned = normalize_fingerprint(pin)?;
    let cert = parse_bounded(key)?;
    let found = upper_hex(cert.primary_key.fingerprint().as_bytes());
    if found != pinned {
        return Err(KeyError::FingerprintMismatch { psirt: psirt.to_owned(), pinned, found });
    }
    judge(cert, found, reference_time(now))
}

/// The reporter's own public key (`reporter.pgp_key`), judged by the same policy
/// as the PSIRT's (parsed within the same limits, valid now, not expired or revoked, an
/// encryption key, an algorithm still acceptable) but not pinned: nothing to pin it to, and the
/// reporter is the one who chose it. A copy of the report is encrypted to it.
pub fn load_reporter_key(key: &[u8], now: Option<u64>) -> Result<Recipient, KeyError> {
    let cert = parse_bounded(key)?;
    let found = upper_hex(cert.primary_key.fingerprint().as_bytes());
    judge(cert, found, reference_time(now))
}

fn reference_time(now: Option<u64>) -> Timestamp {
    match now {
        Some(s) => Timestamp::from_secs(u32::try_from(s).unwrap_or(u32::MAX)),
        None => Timestamp::now(),
    }
}

/// Parses a certificate within the size and component limits.
fn parse_bounded(key: &[u8]) -> Result<SignedPublicKey, KeyError> {
    if key.len() > MAX_KEY_BYTES {
        return Err(KeyError::TooLarge { what: "bytes", limit: MAX_KEY_BYTES });
    }
    let cert = parse_public(key)?;
    if cert.details.users.len() > MAX_COMPONENTS {
        return Err(KeyError::TooLarge { what: "user ids", limit: MAX_COMPONENTS });
    }
    if cert.public_subkeys.len() > MAX_COMPONENTS {
        return Err(KeyError::TooLarge { what: "subkeys", limit: MAX_COMPONENTS });
    }
    let signatures = cert.details.direct_signatures.len()
        + cert.details.revocation_signatures.len()
        + cert.details.users.iter().map(|u| u.signatures.len()).sum::<usize>()
        + cert.details.user_attributes.iter().map(|u| u.signatures.len()).sum::<usize>()
        + cert.public_subkeys.iter().map(|k| k.signatures.len()).sum::<usize>();
    if signatures > MAX_SIGNATURES {
        return Err(KeyError::TooLarge { what: "signatures", limit: MAX_SIGNATURES });
    }
    Ok(cert)
}

/// The last key judged on the real clock, per thread (a wasm instance has one thread).
struct Judged {
    key: Vec<u8>,
    pin: String,
    psirt: String,
    at: u64,
    until: u64,
    recipient: Recipient,
}

thread_local! {
    static LAST_JUDGED: std::cell::RefCell<Option<Judged>> = const { std::cell::RefCell::new(None) };
}

/// [`load_recipient_at`], remembering the last judgement: sealing in bulk hands the same key for
/// every report, and judging it can cost more than encrypting (an RSA-4096 key: two signature
/// verifications, about two thirds of a seal in wasm). A judgement is reused only for the same
/// key bytes, pin and PSIRT name, less than a minute old, and before the key or its encryption
/// key expires; revocations live in the key bytes, so they cannot change under the same bytes.
/// A fixed `now` (tests) is never remembered.
pub fn load_recipient_memo(key: &[u8], pin: &str, psirt: &str, now: Option<u64>) -> Result<Recipient, KeyError> {
    if now.is_some() {
        return load_recipient_at(key, pin, psirt, now);
    }
    let t = u64::from(Timestamp::now().as_secs());
    let hit = LAST_JUDGED.with(|last| {
        last.borrow()
            .as_ref()
            .filter(|j| j.key == key && j.pin == pin && j.psirt == psirt && t >= j.at && t - j.at < 60 && t < j.until)
            .map(|j| j.recipient.clone())
    });
    if let Some(recipient) = hit {
        return Ok(recipient);
    }
    let recipient = load_recipient_at(key, pin, psirt, None)?;
    let until = [&recipient.info.expires, &recipient.info.encryption_key_expires]
        .into_iter()
        .flatten()
        .filter_map(|s| parse_iso8601(s))
        .min()
        .unwrap_or(u64::MAX);
    LAST_JUDGED.with(|last| {
        *last.borrow_mut() = Some(Judged {
            key: key.to_vec(),
            pin: pin.to_owned(),
            psirt: psirt.to_owned(),
            at: t,
            until,
            recipient: recipient.clone(),
        });
    });
    Ok(recipient)
}

/// A library error as a short reason for a message: one line, no braces (they would read as
/// unfilled placeholders), at most 120 characters.
pub(crate) fn short_reason(s: &str) -> String {
    let s = s.split(" Error(").next().unwrap_or(s);
    s.chars()
        .filter(|c| !matches!(c, '{' | '}' | '\n' | '\r'))
        .take(120)
        .collect::<String>()
        .trim_end_matches('.')
        .to_owned()
}

/// Whether `bytes` (after leading whitespace) is ASCII armor.
pub(crate) fn is_armored(bytes: &[u8]) -> bool {
    bytes.iter().position(|b| !b.is_ascii_whitespace()).is_some_and(|i| bytes[i..].starts_with(b"-----BEGIN PGP"))
}

#[cfg(test)]
mod tests {
    use super::parse::{dearmor, looks_like_secret_key};
    use super::*;
    use crate::i18n::Lang;
    use pgp::composed::Deserializable as _;

    const DEMO_PUB: &str = include_str!("../../keys/demo-psirt.pub.asc");
    const DEMO_SEC: &str = include_str!("../../keys/demo-psirt.sec.asc");
    const IMPOSTOR: &str = include_str!("../../keys/impostor.pub.asc");

    fn demo_pin() -> String {
        crate::Profile::demo().pin()
    }

    #[test]
    fn pinned_key_loads_with_its_encryption_subkey() {
        let r = load_recipient(DEMO_PUB.as_bytes(), &demo_pin(), "demo").unwrap();
        assert_eq!(r.info.fingerprint, demo_pin());
        assert_eq!(r.encryption_subkey, Some(0));
        assert_ne!(r.info.encryption_key, r.info.fingerprint);
        assert!(r.info.user_ids[0].contains("DEMO — not Thales"));
        assert_eq!(r.info.version, 4);
        assert!(r.info.created.ends_with('Z') && r.info.created.len() == 20, "{}", r.info.created);
        let json = serde_json::to_string(&r.info).unwrap();
        assert!(json.contains("\"encryptionKey\"") && json.contains("\"userIds\""), "{json}");
    }

    #[test]
    fn remembered_judgement_is_only_reused_for_the_same_key_and_pin() {
        let a = load_recipient_memo(DEMO_PUB.as_bytes(), &demo_pin(), "demo", None).unwrap();
        let b = load_recipient_memo(DEMO_PUB.as_bytes(), &demo_pin(), "demo", None).unwrap();
        assert_eq!(a.info, b.info);
        // Another key, or another pin, after a remembered judgement: judged afresh, refused.
        let e = load_recipient_memo(IMPOSTOR.as_bytes(), &demo_pin(), "demo", None).unwrap_err();
        assert_eq!(e.code(), Code::KeyFingerprintMismatch);
        let thales = crate::Profile::thales().pin();
        let e = load_recipient_memo(DEMO_PUB.as_bytes(), &thales, "demo", None).unwrap_err();
        assert_eq!(e.code(), Code::KeyFingerprintMismatch);
        // A fixed time is always judged: the demo key did not exist in 1990.
        assert!(load_recipient_memo(DEMO_PUB.as_bytes(), &demo_pin(), "demo", Some(631_152_000)).is_err());
    }

    #[test]
    fn iso_times_round_trip() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_714_564_800), "2024-05-01T12:00:00Z");
        assert_eq!(parse_iso8601("2024-05-01T12:00:00Z"), Some(1_714_564_800));
        assert_eq!(parse_iso8601("2024-05-01T12:00:00.250Z"), Some(1_714_564_800));
        assert_eq!(parse_iso8601("2024-05-01"), Some(1_714_521_600));
        assert_eq!(parse_iso8601("2024-05-01T25:00:00Z"), None);
        assert_eq!(parse_iso8601("yesterday"), None);
        // A multi-byte character at byte 10 once panicked in `split_at`.
        assert_eq!(parse_iso8601("2024-05-0é1T00:00:00Z"), None);
        assert_eq!(parse_iso8601("２０２４-05-01"), None);
    }

    #[test]
    fn pin_accepts_spaces_and_lower_case() {
        let spaced = group_hex(&demo_pin()).to_lowercase();
        assert!(load_recipient(DEMO_PUB.as_bytes(), &spaced, "demo").is_ok());
        assert_eq!(normalize_fingerprint("0xfc3c4520576ec756ae730030536949c48448ae39").unwrap().len(), 40);
        assert_eq!(normalize_fingerprint("8448AE39"), Err(KeyError::PinInvalid));
    }

    #[test]
    fn refusals_have_their_own_codes() {
        let e = load_recipient(IMPOSTOR.as_bytes(), &demo_pin(), "demo").unwrap_err();
        assert_eq!(e.code(), Code::KeyFingerprintMismatch);
        assert!(e.message(Lang::En).contains("396F A1D1"), "{e}");
        assert_eq!(load_recipient(DEMO_SEC.as_bytes(), &demo_pin(), "demo").unwrap_err(), KeyError::SecretGiven);
        // Binary too (the first packet's tag, old and new format), with junk before the armor.
        use pgp::composed::{Deserializable as _, SignedSecretKey};
        use pgp::ser::Serialize as _;
        let binary = SignedSecretKey::from_string(DEMO_SEC).unwrap().0.to_bytes().unwrap();
        assert_eq!(load_recipient(&binary, &demo_pin(), "demo").unwrap_err(), KeyError::SecretGiven);
        let mut new_format = binary.clone();
        new_format[0] = 0xC5;
        assert!(looks_like_secret_key(&new_format));
        let junk = format!("pasted:\n{DEMO_SEC}");
        assert_eq!(load_recipient(junk.as_bytes(), &demo_pin(), "demo").unwrap_err(), KeyError::SecretGiven);
        assert!(!looks_like_secret_key(DEMO_PUB.as_bytes()));
        assert!(!looks_like_secret_key(b""));
        let truncated = &DEMO_PUB[..DEMO_PUB.len() / 2];
        assert_eq!(load_recipient(truncated.as_bytes(), &demo_pin(), "demo").unwrap_err().code(), Code::KeyUnreadable);
        assert_eq!(load_recipient(b"hello", &demo_pin(), "demo").unwrap_err().code(), Code::KeyUnreadable);
        assert_eq!(load_recipient(b"", &demo_pin(), "demo").unwrap_err().code(), Code::KeyUnreadable);
        // The Thales pin refuses the demo key.
        let thales = crate::Profile::thales().pin();
        assert_eq!(
            load_recipient(DEMO_PUB.as_bytes(), &thales, "Thales PSIRT").unwrap_err().code(),
            Code::KeyFingerprintMismatch
        );
        // Before the key existed.
        assert_eq!(
            load_recipient_at(DEMO_PUB.as_bytes(), &demo_pin(), "demo", Some(1_000)).unwrap_err().code(),
            Code::KeyNotYetValid
        );
    }

    #[test]
    fn corrupted_armor_is_unreadable_not_a_panic() {
        // Flip base64 characters in the primary key packet: parsing or the pin must refuse it.
        let mut lines: Vec<String> = DEMO_PUB.lines().map(str::to_owned).collect();
        let body = lines.iter().position(|l| l.is_empty()).unwrap() + 1;
        let i = body; // the primary key packet
        let flipped: String = lines[i].chars().map(|c| if c == 'A' { 'B' } else { c }).collect();
        lines[i] = flipped;
        let text = lines.join("\n");
        let r = load_recipient(text.as_bytes(), &demo_pin(), "demo");
        assert!(r.is_err());
    }

    /// The armor taken off here gives rpgp exactly the packets its own dearmoring gave, whatever
    /// the line ends, headers, junk around the block or missing checksum; and each damage has
    /// its own answer.
    #[test]
    fn dearmor_gives_the_packets_rpgp_finds_and_refuses_damage() {
        use pgp::ser::Serialize as _;
        let binary = SignedPublicKey::from_string(DEMO_PUB).unwrap().0.to_bytes().unwrap();
        let no_crc: String = DEMO_PUB.lines().filter(|l| !l.starts_with('=')).map(|l| format!("{l}\n")).collect();
        let no_headers: String = DEMO_PUB
            .lines()
            .filter(|l| !l.starts_with("Comment:") && !l.is_empty())
            .map(|l| format!("{l}\n"))
            .collect();
        for text in [
            DEMO_PUB.to_owned(),
            DEMO_PUB.replace('\n', "\r\n"),
            format!("junk before\n\n  {DEMO_PUB}\n-- \nsignature\n"),
            no_crc,
            no_headers,
        ] {
            assert_eq!(dearmor(text.as_bytes()).unwrap().unwrap(), binary, "{text}");
            assert!(load_recipient(text.as_bytes(), &demo_pin(), "demo").is_ok(), "{text}");
        }
        assert!(dearmor(&binary).is_none(), "binary input is taken as it is");
        let wrong_crc = DEMO_PUB.replace("=0ZuC", "=0ZuD");
        assert_eq!(dearmor(wrong_crc.as_bytes()).unwrap().unwrap_err(), "armor checksum (CRC24) mismatch");
        let no_end = &DEMO_PUB[..DEMO_PUB.find("-----END").unwrap()];
        assert!(dearmor(no_end.as_bytes()).unwrap().is_err());
        let message = DEMO_PUB.replace("PUBLIC KEY BLOCK", "MESSAGE");
        assert_eq!(dearmor(message.as_bytes()).unwrap().unwrap_err(), "unexpected block type: MESSAGE");
        let err = load_recipient(message.as_bytes(), &demo_pin(), "demo").unwrap_err();
        assert_eq!(err.code(), Code::KeyUnreadable);
        assert_eq!(load_recipient(DEMO_SEC.as_bytes(), &demo_pin(), "demo").unwrap_err(), KeyError::SecretGiven);
    }
}
