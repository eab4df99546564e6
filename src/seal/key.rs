//! Judging a recipient key: parse it, hold it to the pinned fingerprint, pick the key that encrypts.
//!
//! The pin is the trust anchor: a key is refused when its primary fingerprint differs from the
//! pin, whatever its user ids claim. Among the keys that may encrypt (key flags of a binding
//! signature that verifies, and an algorithm that can encrypt), the newest subkey is chosen; a
//! primary key that may itself encrypt is used when no subkey may.
//! Expiry and revocation are judged by the full recipient loader (issue #4, `loadRecipient`).

use crate::i18n::{Code, Params};
use pgp::composed::{Deserializable, SignedPublicKey, SignedSecretKey};
use pgp::types::KeyDetails;
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
    /// No key of the certificate may encrypt.
    NoEncryptionKey,
    /// The pin itself is not a fingerprint.
    PinInvalid,
}

impl KeyError {
    pub fn code(&self) -> Code {
        match self {
            KeyError::Unreadable { .. } => Code::KeyUnreadable,
            KeyError::SecretGiven => Code::KeySecretGiven,
            KeyError::FingerprintMismatch { .. } => Code::KeyFingerprintMismatch,
            KeyError::NoEncryptionKey => Code::KeyNoEncryptionKey,
            KeyError::PinInvalid => Code::KeyPinInvalid,
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
            _ => {}
        }
        p
    }
}

crate::i18n::localized_error!(KeyError);

/// A key that passed the pin, with what a UI shows about it.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub(crate) cert: SignedPublicKey,
    /// Index into `cert.public_subkeys` of the chosen encryption subkey; `None` = the primary key.
    pub(crate) encryption_subkey: Option<usize>,
    pub info: RecipientInfo,
}

/// What the UI shows about a recipient (JSON: `{fingerprint, encryption_key, user_ids, algorithm, created}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecipientInfo {
    /// Primary key fingerprint, upper-case hex without spaces.
    pub fingerprint: String,
    /// Fingerprint of the key the message is encrypted to (a subkey, or the primary key).
    pub encryption_key: String,
    pub user_ids: Vec<String>,
    /// Algorithm of the encryption key, as rpgp names it.
    pub algorithm: String,
    /// Creation time of the primary key, seconds since 1970.
    pub created: u64,
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

fn upper_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Largest key text accepted; real certificates with many certifications stay far below.
const MAX_KEY_BYTES: usize = 1024 * 1024;

/// Parses `key` (armored or binary), checks it against `pin` and picks its encryption key.
/// `psirt` names the PSIRT in the mismatch message.
pub fn load_recipient(key: &[u8], pin: &str, psirt: &str) -> Result<Recipient, KeyError> {
    let pinned = normalize_fingerprint(pin)?;
    if key.len() > MAX_KEY_BYTES {
        return Err(KeyError::Unreadable { reason: format!("larger than {MAX_KEY_BYTES} bytes") });
    }
    let cert = match SignedPublicKey::from_reader_single(key) {
        Ok((cert, _)) => cert,
        Err(e) => {
            if SignedSecretKey::from_reader_single(key).is_ok() {
                return Err(KeyError::SecretGiven);
            }
            let reason: String = e.to_string().chars().take(160).collect();
            return Err(KeyError::Unreadable { reason });
        }
    };
    let found = upper_hex(cert.primary_key.fingerprint().as_bytes());
    if found != pinned {
        return Err(KeyError::FingerprintMismatch { psirt: psirt.to_owned(), pinned, found });
    }

    // Newest subkey whose (verified) binding signature allows encryption.
    let mut best: Option<(usize, u32)> = None;
    for (i, sk) in cert.public_subkeys.iter().enumerate() {
        let may_encrypt = sk.key.algorithm().can_encrypt()
            && sk.signatures.iter().any(|sig| {
                let flags = sig.key_flags();
                (flags.encrypt_comms() || flags.encrypt_storage())
                    && sig.verify_subkey_binding(&cert.primary_key, &sk.key).is_ok()
            });
        let created = sk.key.created_at().as_secs();
        if may_encrypt && best.is_none_or(|(_, t)| created >= t) {
            best = Some((i, created));
        }
    }
    let encryption_subkey = match best {
        Some((i, _)) => Some(i),
        None => {
            let primary_may_encrypt = cert.primary_key.algorithm().can_encrypt()
                && cert.details.users.iter().any(|u| {
                    u.signatures.iter().any(|s| s.key_flags().encrypt_comms() || s.key_flags().encrypt_storage())
                });
            if !primary_may_encrypt {
                return Err(KeyError::NoEncryptionKey);
            }
            None
        }
    };
    let (encryption_key, algorithm) = match encryption_subkey {
        Some(i) => {
            let k = &cert.public_subkeys[i].key;
            (upper_hex(k.fingerprint().as_bytes()), format!("{:?}", k.algorithm()))
        }
        None => (found.clone(), format!("{:?}", cert.primary_key.algorithm())),
    };
    let user_ids = cert.details.users.iter().map(|u| String::from_utf8_lossy(u.id.id()).into_owned()).collect();
    let info = RecipientInfo {
        fingerprint: found,
        encryption_key,
        user_ids,
        algorithm,
        created: u64::from(cert.primary_key.created_at().as_secs()),
    };
    Ok(Recipient { cert, encryption_subkey, info })
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
    }

    #[test]
    fn corrupted_armor_is_unreadable_not_a_panic() {
        // Flip base64 characters in the primary key packet: parsing or the pin must refuse it.
        // (Corrupted signatures are caught by self-signature checks, issue #4.)
        let mut lines: Vec<String> = DEMO_PUB.lines().map(str::to_owned).collect();
        let body = lines.iter().position(|l| l.is_empty()).unwrap() + 1;
        let i = body; // the primary key packet
        let flipped: String = lines[i].chars().map(|c| if c == 'A' { 'B' } else { c }).collect();
        lines[i] = flipped;
        let text = lines.join("\n");
        let r = load_recipient(text.as_bytes(), &demo_pin(), "demo");
        assert!(r.is_err());
    }
}
