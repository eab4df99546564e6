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
//! ## Why hand-written, and not `rpgpie` (judged first)
//! `rpgp` does no expiry, revocation or key-flag policy, and its `verify_bindings()` fails on a
//! key carrying third-party certifications. `rpgpie` 0.12.1 (on the same `pgp` 0.21) provides
//! exactly that policy (`Checked`: self-signatures that verify, hard/soft revocations, primary
//! user id, v6 direct-key signatures, an algorithm policy) and was tried first: natively it passed
//! every fixture of `tests/key_policy.rs`. But it does not build for `wasm32-unknown-unknown`, the
//! widget's target: with `pgp`'s `wasm` feature, `Timestamp` converts to `web_time::SystemTime`,
//! and rpgpie calls `std::time::SystemTime::from(Timestamp)` (checked.rs, model/*), E0277. Its
//! `valid_encryption_capable_component_keys` also reads the real clock (no injected time), and it
//! says only valid/invalid, not why. So the policy is written here, small and in rpgpie's spirit:
//! 1. drop every signature that does not verify against the primary key (third-party
//!    certifications, damaged or forged self-signatures) or uses MD5;
//! 2. a verified key revocation: `key-revoked`. A *hard* revocation (key compromised, or no
//!    reason given) counts whatever its date, since a compromised key was unsafe before it was
//!    revoked; a *soft* one (superseded, retired) counts from its date. A revocation issued by a
//!    designated revoker named in a verified self-signature is unverifiable here (we do not have
//!    the revoker's key) and counts too: refusing is the safe side;
//! 3. the active self-signature (newest binding of the primary user id, or a newer direct-key
//!    signature; v6: direct-key only); none: `key-bad-self-signature`;
//! 4. its key expiration passed: `key-expired`; RSA/DSA < 2048 bits: `key-weak-algorithm`; a
//!    curve or algorithm rpgp cannot use (ElGamal): `key-algorithm-unsupported`; brainpool
//!    P-256/P-384 keys are used through `brainpool` (issue 15), brainpoolP512r1 is refused with
//!    `key-brainpool512-unsupported`;
//! 5. subkeys: newest verified binding made before now and not itself expired (its signature
//!    expiration time), not revoked (hard revocations whatever their date), not expired, key flags
//!    allow encryption; the newest such subkey wins, else the primary if its flags allow it;
//!    subkeys that could encrypt but none valid: `key-encryption-subkey-expired`; none at all:
//!    `key-no-encryption-key`.
//!
//! Back-signatures are not required: they matter for signing subkeys, and only encryption subkeys
//! are used here. SHA-1 self-signatures are accepted only when made before 2023-02-01 (old PSIRT
//! keys carry them; Sequoia's standard policy uses the same cut-off): a SHA-1 signature made
//! later could be a collision forgery. User ids are listed (`userIds`) only when bound by a
//! self-signature valid now and not revoked, so a user id anyone can append to the pinned key
//! ("PSIRT <…>", unsigned or badly signed) is never shown.

use crate::i18n::{Code, Params};
use pgp::composed::{Deserializable, SignedPublicKey};
use pgp::packet::{Signature, SignatureType};
use pgp::types::{KeyDetails, KeyVersion, PublicParams, Timestamp};
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

/// Issue 16 item 5: the reporter's own public key (`reporter.pgp_key`), judged by the same policy
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

/// Parses one public certificate. Armor checksums are checked: RFC 9580 (§6.1) lets decoders
/// ignore a CRC24 mismatch, but for the one key everything is encrypted to, a damaged copy is
/// better refused (`key-unreadable`) than trusted to the pin alone (the shared contract's choice).
///
/// The armor is taken off here (`dearmor`) and rpgp only ever parses binary packets from a byte
/// slice: each reader type rpgp's parser is called with (`from_armor_single` over a slice, the
/// armor it finds itself in `from_reader_single`, the binary slice) compiles the whole packet
/// parser once more into the seal module every reporter's page loads (three copies, measured in
/// bench/weight-levers.md).
fn parse_public(key: &[u8]) -> Result<SignedPublicKey, KeyError> {
    let unreadable = |reason: String| {
        if looks_like_secret_key(key) {
            KeyError::SecretGiven
        } else {
            KeyError::Unreadable { reason }
        }
    };
    let binary = match dearmor(key) {
        Some(Ok(binary)) => std::borrow::Cow::Owned(binary),
        Some(Err(reason)) => return Err(unreadable(reason)),
        None => std::borrow::Cow::Borrowed(key),
    };
    SignedPublicKey::from_bytes(&binary[..]).map_err(|e| unreadable(short_reason(&e.to_string())))
}

/// Whether bytes that are not a public key look like a secret key: an armored private key block,
/// or a binary first packet with tag 5 (secret key, RFC 9580 §4.2). Read from the framing, not by
/// parsing the secret key: rpgp's secret-key parser would be linked into the seal module (the one
/// every reporter's page loads) only to name this error.
fn looks_like_secret_key(key: &[u8]) -> bool {
    const PRIVATE: &[u8] = b"-----BEGIN PGP PRIVATE KEY BLOCK-----";
    if key.windows(PRIVATE.len()).any(|w| w == PRIVATE) {
        return true;
    }
    let Some(&first) = key.first() else { return false };
    if first & 0x80 == 0 {
        return false;
    }
    // New format: the tag in the low six bits; old format: bits 5-2.
    let tag = if first & 0x40 != 0 { first & 0x3F } else { (first >> 2) & 0x0F };
    tag == 5
}

/// The binary packets of the first armored block in `text` (RFC 9580 §6.2), or `None` when
/// there is no armor header line (the input is then taken as binary). Text before the header
/// (a key pasted from a mail) is skipped; armor headers end at the first empty line; the CRC24
/// line, when present, must match (RFC 9580 §6.1 lets decoders ignore it; for the one key
/// everything is encrypted to, a damaged copy is refused). Hand-written: rpgp 0.21's own
/// `enable_crc24_check` rejected every valid GnuPG key here, and see `parse_public` for why
/// rpgp's dearmoring readers are not used.
fn dearmor(text: &[u8]) -> Option<Result<Vec<u8>, String>> {
    use base64::Engine;
    let text = std::str::from_utf8(text).ok()?;
    let mut lines = text.lines().map(str::trim).skip_while(|l| !l.starts_with("-----BEGIN PGP"));
    let begin = lines.next()?;
    let Some(kind) = begin.strip_prefix("-----BEGIN PGP ").and_then(|k| k.strip_suffix("-----")) else {
        return Some(Err("invalid armor header line".into()));
    };
    if kind != "PUBLIC KEY BLOCK" {
        return Some(Err(format!("unexpected block type: {kind}")));
    }
    let rest: Vec<&str> = lines.collect();
    // Armor headers (`Key: value`) up to the first empty line; without an empty line, none.
    let body_from = rest.iter().position(|l| l.is_empty()).map_or(0, |i| i + 1);
    let mut body = String::new();
    let mut crc_line = None;
    let mut ended = false;
    for line in &rest[body_from..] {
        if line.starts_with("-----END PGP") {
            ended = true;
            break;
        }
        if let Some(c) = line.strip_prefix('=') {
            crc_line = Some(c);
            continue;
        }
        if crc_line.is_some() {
            return Some(Err("armor data after the checksum line".into()));
        }
        body.push_str(line);
    }
    if !ended {
        return Some(Err("armor without an end line".into()));
    }
    let engine = base64::engine::general_purpose::STANDARD;
    let Ok(data) = engine.decode(body.as_bytes()) else {
        return Some(Err("invalid base64 in the armor".into()));
    };
    if let Some(crc_line) = crc_line {
        match engine.decode(crc_line.as_bytes()) {
            Ok(expected) if expected.len() == 3 => {
                let expected = u32::from(expected[0]) << 16 | u32::from(expected[1]) << 8 | u32::from(expected[2]);
                if crc24(&data) != expected {
                    return Some(Err("armor checksum (CRC24) mismatch".into()));
                }
            }
            _ => return Some(Err("armor checksum (CRC24) mismatch".into())),
        }
    }
    Some(Ok(data))
}

/// CRC24 of RFC 9580 §6.1, bit by bit (a key is a few kilobytes).
fn crc24(data: &[u8]) -> u32 {
    let mut crc: u32 = 0x00B7_04CE;
    for &b in data {
        crc ^= u32::from(b) << 16;
        for _ in 0..8 {
            crc <<= 1;
            if crc & 0x0100_0000 != 0 {
                crc ^= 0x0186_4CFB;
            }
        }
    }
    crc & 0x00FF_FFFF
}

fn judge(cert: SignedPublicKey, fingerprint: String, reference: Timestamp) -> Result<Recipient, KeyError> {
    // Before the signatures: with a primary key rpgp cannot use, none of them can verify, and
    // "bad self-signature" would be the wrong reason.
    if super::brainpool::is_p512(cert.primary_key.public_params()) {
        return Err(KeyError::Brainpool512);
    }
    if !usable(cert.primary_key.public_params()) {
        return Err(KeyError::UnsupportedAlgorithm { algorithm: algorithm_name(cert.primary_key.public_params()) });
    }
    // A weak primary (DSA-1024 with its SHA-1 self-signatures) is weak whatever its signatures say.
    if !acceptable_algorithm(cert.primary_key.public_params()) {
        return Err(KeyError::WeakAlgorithm { algorithm: algorithm_name(cert.primary_key.public_params()) });
    }
    let spk = checked(cert);
    let now = reference;
    let primary_created = spk.primary_key.created_at();
    if now < primary_created {
        return Err(KeyError::NotYetValid { created: iso8601(primary_created.as_secs().into()) });
    }
    // Why the certificate is invalid, most telling reason first.
    if spk.details.revocation_signatures.iter().any(|s| revocation_counts(s, now)) {
        return Err(KeyError::Revoked);
    }
    let Some(active) = active_self_signature(&spk, now) else {
        return Err(KeyError::BadSelfSignature);
    };
    let expires = expiry(primary_created, active);
    if let Some(t) = expires {
        if t <= u64::from(now.as_secs()) {
            return Err(KeyError::Expired { on: iso8601(t) });
        }
    }

    // The newest subkey valid now (bound, not revoked, not expired, acceptable algorithm) whose
    // binding allows encryption. Remember whether any subkey ever could encrypt.
    let mut any_capable = false;
    let mut unusable: Option<String> = None;
    let mut p512 = false;
    let mut best: Option<(usize, u32, Option<u64>)> = None;
    for (i, sk) in spk.public_subkeys.iter().enumerate() {
        if !sk.key.algorithm().can_encrypt() {
            continue;
        }
        if !usable(sk.key.public_params()) {
            p512 |= super::brainpool::is_p512(sk.key.public_params());
            unusable.get_or_insert_with(|| algorithm_name(sk.key.public_params()));
            continue;
        }
        if sk.signatures.iter().any(may_encrypt) {
            any_capable = true;
        }
        let revoked =
            sk.signatures.iter().any(|s| s.typ() == Some(SignatureType::SubkeyRevocation) && revocation_counts(s, now));
        let Some(binding) = newest_binding_at(&sk.signatures, now) else { continue };
        let sk_expires = expiry(sk.key.created_at(), binding);
        let expired = sk_expires.is_some_and(|t| t <= u64::from(now.as_secs()));
        if revoked || expired || !may_encrypt(binding) || !acceptable_algorithm(sk.key.public_params()) {
            continue;
        }
        let created = sk.key.created_at().as_secs();
        if created <= now.as_secs() && best.is_none_or(|(_, t, _)| created >= t) {
            best = Some((i, created, sk_expires));
        }
    }
    let primary_may_encrypt = spk.primary_key.algorithm().can_encrypt() && may_encrypt(active);
    let (encryption_subkey, encryption_key_expires) = match best {
        Some((i, _, exp)) => (Some(i), exp),
        None if primary_may_encrypt => (None, expires),
        None if any_capable => return Err(KeyError::EncryptionSubkeyExpired),
        None if p512 => return Err(KeyError::Brainpool512),
        None if unusable.is_some() => {
            return Err(KeyError::UnsupportedAlgorithm { algorithm: unusable.unwrap_or_default() })
        }
        None => return Err(KeyError::NoEncryptionKey),
    };
    let prefers_gcm = {
        let prefs = active.preferred_aead_algs();
        let gcm = prefs.iter().position(|(_, a)| *a == pgp::crypto::aead::AeadAlgorithm::Gcm);
        let ocb = prefs.iter().position(|(_, a)| *a == pgp::crypto::aead::AeadAlgorithm::Ocb);
        matches!((gcm, ocb), (Some(_), None))
    };
    let (encryption_key, algorithm) = match encryption_subkey {
        Some(i) => {
            let k = &spk.public_subkeys[i].key;
            (upper_hex(k.fingerprint().as_bytes()), algorithm_name(k.public_params()))
        }
        None => (fingerprint.clone(), algorithm_name(spk.primary_key.public_params())),
    };
    let user_ids = valid_user_ids(&spk, now);
    let version = match spk.primary_key.version() {
        KeyVersion::V6 => 6,
        KeyVersion::V4 => 4,
        _ => 0,
    };
    let info = RecipientInfo {
        fingerprint,
        encryption_key,
        user_ids,
        algorithm,
        version,
        created: iso8601(primary_created.as_secs().into()),
        expires: expires.map(iso8601),
        encryption_key_expires: encryption_key_expires.map(iso8601),
    };
    Ok(Recipient { cert: spk, encryption_subkey, prefers_gcm, info })
}

/// The certificate with only the self-signatures that verify: third-party certifications and
/// damaged or forged signatures are dropped, not fatal. MD5 signatures are dropped too.
fn checked(cert: SignedPublicKey) -> SignedPublicKey {
    use pgp::types::SignedUser;
    use pgp::types::Tag;
    let SignedPublicKey { primary_key, mut details, mut public_subkeys } = cert;
    // rpgp's own verification, plus brainpool ECDSA (which rpgp 0.21 cannot compute).
    let signer = super::brainpool::Key(&primary_key);
    let ok_hash = |s: &Signature| match s.hash_alg() {
        Some(pgp::crypto::hash::HashAlgorithm::Md5) | None => false,
        Some(pgp::crypto::hash::HashAlgorithm::Sha1) => {
            s.created().is_some_and(|c| u64::from(c.as_secs()) < SHA1_CUTOFF)
        }
        Some(_) => true,
    };
    details.direct_signatures.retain(|s| ok_hash(s) && s.verify_key(&signer).is_ok());
    details.users = details
        .users
        .into_iter()
        .map(|u| {
            let SignedUser { id, signatures } = u;
            let signatures = signatures
                .into_iter()
                .filter(|s| ok_hash(s) && s.verify_certification(&signer, Tag::UserId, &id).is_ok())
                .collect();
            SignedUser { id, signatures }
        })
        .collect();
    // Revocations by a designated revoker cannot be verified without the revoker's key: one whose
    // issuer is a revoker named by a verified self-signature is kept (and refuses the key).
    let revokers: Vec<Vec<u8>> = details
        .direct_signatures
        .iter()
        .chain(details.users.iter().flat_map(|u| u.signatures.iter()))
        .filter_map(|s| s.revocation_key().map(|rk| rk.fingerprint.to_vec()))
        .collect();
    let by_revoker = |s: &Signature| {
        let fps = s.issuer_fingerprint();
        let ids = s.issuer_key_id();
        revokers.iter().any(|r| {
            fps.iter().any(|f| f.as_bytes() == r.as_slice())
                || ids.iter().any(|id| r.len() >= 8 && id.as_ref() == &r[r.len() - 8..])
        })
    };
    details.revocation_signatures.retain(|s| {
        s.typ() == Some(SignatureType::KeyRevocation)
            && ((ok_hash(s) && s.verify_key(&signer).is_ok()) || by_revoker(s))
    });
    // User attributes (photos) are never used to choose a key: drop them rather than verify them.
    details.user_attributes.clear();
    for sk in &mut public_subkeys {
        let key = sk.key.clone();
        sk.signatures.retain(|s| ok_hash(s) && s.verify_subkey_binding(&signer, &key).is_ok());
    }
    SignedPublicKey::new(primary_key, details, public_subkeys)
}

/// SHA-1 signatures made at or after this time (2023-02-01T00:00:00Z) are dropped.
const SHA1_CUTOFF: u64 = 1_675_209_600;

/// Whether a (verified) revocation counts at `now`: a hard one (key compromised, no reason, or
/// an unknown reason) whatever its date; a soft one (superseded, retired, user id no longer
/// valid) once made.
fn revocation_counts(s: &Signature, now: Timestamp) -> bool {
    use pgp::packet::RevocationCode;
    match s.revocation_reason_code() {
        Some(RevocationCode::KeySuperseded | RevocationCode::KeyRetired | RevocationCode::CertUserIdInvalid) => {
            made_by(s, now)
        }
        _ => true,
    }
}

/// Whether a verified signature was made at or before `now` (and had not expired by then).
fn made_by(s: &Signature, now: Timestamp) -> bool {
    let Some(created) = s.created() else { return false };
    if created > now {
        return false;
    }
    match s.signature_expiration_time().filter(|d| d.as_secs() != 0) {
        Some(d) => u64::from(created.as_secs()) + u64::from(d.as_secs()) > u64::from(now.as_secs()),
        None => true,
    }
}

/// The self-signature that carries the certificate's metadata now (key flags, expiry,
/// preferences): the newest valid binding of the primary user id (or, failing a flagged one, of
/// any user id not revoked), or the newest direct-key signature if newer (v6: direct-key only).
fn active_self_signature(spk: &SignedPublicKey, now: Timestamp) -> Option<&Signature> {
    let direct = newest_made_by(spk.details.direct_signatures.iter(), now);
    if spk.primary_key.version() == KeyVersion::V6 {
        return direct;
    }
    let cert_types = [
        SignatureType::CertGeneric,
        SignatureType::CertPersona,
        SignatureType::CertCasual,
        SignatureType::CertPositive,
    ];
    let mut bindings: Vec<&Signature> = Vec::new();
    for u in &spk.details.users {
        let revoked = u.signatures.iter().any(|s| s.typ() == Some(SignatureType::CertRevocation) && made_by(s, now));
        if revoked {
            continue;
        }
        if let Some(b) =
            newest_made_by(u.signatures.iter().filter(|s| s.typ().is_some_and(|t| cert_types.contains(&t))), now)
        {
            bindings.push(b);
        }
    }
    let uid = bindings
        .iter()
        .copied()
        .filter(|s| s.is_primary())
        .max_by_key(|s| s.created())
        .or_else(|| bindings.iter().copied().max_by_key(|s| s.created()));
    match (uid, direct) {
        (Some(a), Some(b)) => Some(if b.created() > a.created() { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// User ids bound by a verified self-signature valid at `now` and not revoked (v6 keys too: a
/// user id on a v6 key still needs its own binding to be shown).
fn valid_user_ids(spk: &SignedPublicKey, now: Timestamp) -> Vec<String> {
    let cert_types = [
        SignatureType::CertGeneric,
        SignatureType::CertPersona,
        SignatureType::CertCasual,
        SignatureType::CertPositive,
    ];
    spk.details
        .users
        .iter()
        .filter(|u| {
            let revoked =
                u.signatures.iter().any(|s| s.typ() == Some(SignatureType::CertRevocation) && made_by(s, now));
            let bound =
                newest_made_by(u.signatures.iter().filter(|s| s.typ().is_some_and(|t| cert_types.contains(&t))), now)
                    .is_some();
            bound && !revoked
        })
        .map(|u| String::from_utf8_lossy(u.id.id()).into_owned())
        .collect()
}

/// The newest of `sigs` made by `now`.
fn newest_made_by<'a>(sigs: impl Iterator<Item = &'a Signature>, now: Timestamp) -> Option<&'a Signature> {
    let mut best: Option<&Signature> = None;
    for s in sigs {
        if made_by(s, now) && best.is_none_or(|b| s.created() > b.created()) {
            best = Some(s);
        }
    }
    best
}

/// Whether rpgp can verify with / encrypt to a key of these parameters: rpgp 0.21 parses
/// brainpool ECDH keys but cannot encrypt to them, and parses brainpool ECDSA as opaque; for
/// brainpool P-256/P-384, `brainpool` does the arithmetic.
fn usable(pp: &PublicParams) -> bool {
    use pgp::types::{EcdhPublicParams, EcdsaPublicParams, EddsaLegacyPublicParams};
    if super::brainpool::supported(pp) {
        return true;
    }
    match pp {
        PublicParams::ECDSA(p) => !matches!(p, EcdsaPublicParams::Unsupported { .. }),
        PublicParams::ECDH(p) => matches!(
            p,
            EcdhPublicParams::Curve25519Legacy { .. }
                | EcdhPublicParams::P256 { .. }
                | EcdhPublicParams::P384 { .. }
                | EcdhPublicParams::P521 { .. }
        ),
        PublicParams::EdDSALegacy(p) => !matches!(p, EddsaLegacyPublicParams::Unsupported { .. }),
        // rpgp 0.21 cannot encrypt to ElGamal ("unimplemented").
        PublicParams::Elgamal(_) | PublicParams::Unknown { .. } => false,
        _ => true,
    }
}

/// Public-key algorithms and sizes still acceptable: RSA and DSA of at least 2048 bits (1024-bit
/// keys have been within reach of well-funded attackers for years); every curve rpgp can use.
fn acceptable_algorithm(pp: &PublicParams) -> bool {
    use rsa::traits::PublicKeyParts;
    match pp {
        PublicParams::RSA(p) => p.key.n().bits() >= 2048,
        PublicParams::DSA(p) => p.key.components().p().bits() >= 2048,
        _ => true,
    }
}

/// Whether a (verified) self-signature's key flags allow encryption.
fn may_encrypt(sig: &Signature) -> bool {
    let f = sig.key_flags();
    f.encrypt_comms() || f.encrypt_storage()
}

/// Expiry (seconds since 1970) that `sig` sets for a key created at `created`, if any.
fn expiry(created: Timestamp, sig: &Signature) -> Option<u64> {
    sig.key_expiration_time()
        .filter(|d| d.as_secs() != 0)
        .map(|d| u64::from(created.as_secs()) + u64::from(d.as_secs()))
}

/// The newest subkey binding signature made at or before `reference` and not expired by then
/// (all are verified here). An expired newest binding is not replaced by an older one: a newer
/// binding supersedes the older ones.
fn newest_binding_at(sigs: &[Signature], reference: Timestamp) -> Option<&Signature> {
    sigs.iter()
        .filter(|s| s.typ() == Some(SignatureType::SubkeyBinding))
        .filter(|s| s.created().is_some_and(|c| c <= reference))
        .max_by_key(|s| s.created().map(Timestamp::as_secs))
        .filter(|s| made_by(s, reference))
}

/// A public key algorithm as people name it: "RSA 4096", "Curve25519", "NIST P-384", "X25519"…
pub(crate) fn algorithm_name(pp: &PublicParams) -> String {
    use pgp::crypto::ecc_curve::ECCCurve;
    use rsa::traits::PublicKeyParts;
    let curve = |c: ECCCurve| match c {
        ECCCurve::Curve25519Legacy => "Curve25519".to_owned(),
        ECCCurve::Ed25519Legacy => "Ed25519".to_owned(),
        c => c.name().to_owned(),
    };
    match pp {
        PublicParams::RSA(p) => format!("RSA {}", p.key.n().bits()),
        PublicParams::DSA(_) => "DSA".to_owned(),
        PublicParams::ECDSA(p) => curve(p.curve()),
        PublicParams::ECDH(p) => curve(p.curve()),
        PublicParams::Elgamal(_) => "ElGamal".to_owned(),
        PublicParams::EdDSALegacy(_) => "Ed25519".to_owned(),
        PublicParams::Ed25519(_) => "Ed25519".to_owned(),
        PublicParams::X25519(_) => "X25519".to_owned(),
        PublicParams::X448(_) => "X448".to_owned(),
        PublicParams::Ed448(_) => "Ed448".to_owned(),
        _ => "unknown".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

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
        // Issue 12, item 10: a multi-byte character at byte 10 used to panic in `split_at`.
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
