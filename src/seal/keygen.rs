//! A key for the reporter, made in the browser when they have none, so that the
//! PSIRT can answer encrypted and the reporter keeps a copy of the report only they can read.
//!
//! A v4 Curve25519 key, what GnuPG 2.2 (still the most common tool) imports and uses: an
//! Ed25519 primary key (EdDSALegacy; certify, sign) and a Curve25519 ECDH encryption subkey.
//! Both secret keys are protected with the reporter's passphrase by rpgp's default for v4 keys:
//! S2K usage 254 (CFB with a SHA-1 check), AES-256, **iterated and salted S2K over SHA-256**,
//! coded count 224 (16 MiB hashed), 8-byte random salt. Argon2 (RFC 9580 §3.7.1.4) is what rpgp
//! uses for v6 keys, but GnuPG 2.2 cannot read Argon2-protected keys: a reporter would then have
//! a key their own tools refuse.
//!
//! The secret key is returned armored for the reporter to download; it is never stored, sent or
//! kept by this crate (the buffers holding the passphrase are wiped on drop).

use super::key::upper_hex;
use crate::i18n::{Code, Params};
use pgp::composed::{
    ArmorOptions, EncryptionCaps, KeyType, SecretKeyParamsBuilder, SignedPublicKey, SubkeyParamsBuilder,
};
use pgp::crypto::ecc_curve::ECCCurve;
use pgp::types::KeyDetails;
use serde::Serialize;

/// Shortest passphrase accepted: the key file is meant to be stored where others may copy it.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

/// A freshly made key. JSON (camelCase): `{secretKey, publicKey, fingerprint, userId}`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GeneratedKey {
    /// The armored secret key (passphrase-protected), for the reporter to download. Protected,
    /// it is safe to hold in memory; it is still wiped on drop.
    #[serde(serialize_with = "as_str")]
    pub secret_key: zeroize::Zeroizing<String>,
    /// The armored public key: what goes into `reporter.pgp_key`.
    pub public_key: String,
    /// Primary key fingerprint, upper-case hex.
    pub fingerprint: String,
    pub user_id: String,
}

fn as_str<S: serde::Serializer>(v: &zeroize::Zeroizing<String>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v)
}

/// Why no key was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyGenError {
    /// The passphrase is shorter than [`MIN_PASSPHRASE_CHARS`].
    PassphraseTooShort,
    /// rpgp failed (never expected).
    Failed { reason: String },
}

impl KeyGenError {
    pub fn code(&self) -> Code {
        match self {
            KeyGenError::PassphraseTooShort => Code::ReporterKeyPassphraseShort,
            KeyGenError::Failed { .. } => Code::ReporterKeyGenerationFailed,
        }
    }
    pub fn params(&self) -> Params {
        let mut p = Params::new();
        match self {
            KeyGenError::PassphraseTooShort => {
                p.insert("min", MIN_PASSPHRASE_CHARS.to_string());
            }
            KeyGenError::Failed { reason } => {
                p.insert("reason", reason.clone());
            }
        }
        p
    }
}

crate::i18n::localized_error!(KeyGenError);

/// The user id: `Name <email>`, `<email>`, `Name`, or `Reporter` when both are empty. Angle
/// brackets and control characters are dropped from the name, which is cut to 100 characters.
fn user_id(name: &str, email: &str) -> String {
    let name: String = name.chars().filter(|c| !c.is_control() && *c != '<' && *c != '>').take(100).collect::<String>();
    let name = name.trim();
    let email = if super::is_plain_address(email.trim()) { email.trim() } else { "" };
    match (name.is_empty(), email.is_empty()) {
        (false, false) => format!("{name} <{email}>"),
        (true, false) => format!("<{email}>"),
        (false, true) => name.to_owned(),
        (true, true) => "Reporter".to_owned(),
    }
}

/// Makes the reporter's key (see the module documentation).
pub fn generate_reporter_key<R: rand::CryptoRng + rand::Rng>(
    name: &str,
    email: &str,
    passphrase: &str,
    mut rng: R,
) -> Result<GeneratedKey, KeyGenError> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(KeyGenError::PassphraseTooShort);
    }
    let fail = |e: &dyn std::fmt::Display| KeyGenError::Failed { reason: super::key::short_reason(&e.to_string()) };
    let uid = user_id(name, email);
    let pw = zeroize::Zeroizing::new(passphrase.to_owned());
    let subkey = SubkeyParamsBuilder::default()
        .key_type(KeyType::ECDH(ECCCurve::Curve25519Legacy))
        .can_encrypt(EncryptionCaps::All)
        .passphrase(Some(pw.to_string()))
        .build()
        .map_err(|e| fail(&e))?;
    let params = SecretKeyParamsBuilder::default()
        .key_type(KeyType::Ed25519Legacy)
        .can_certify(true)
        .can_sign(true)
        .primary_user_id(uid.clone())
        .passphrase(Some(pw.to_string()))
        .subkey(subkey)
        .build()
        .map_err(|e| fail(&e))?;
    let secret = params.generate(&mut rng).map_err(|e| fail(&e))?;
    let public: SignedPublicKey = secret.to_public_key();
    let secret_key = zeroize::Zeroizing::new(secret.to_armored_string(ArmorOptions::default()).map_err(|e| fail(&e))?);
    let public_key = public.to_armored_string(ArmorOptions::default()).map_err(|e| fail(&e))?;
    Ok(GeneratedKey {
        secret_key: zeroize::Zeroizing::new(secret_key.replace('\n', "\r\n")),
        public_key: public_key.replace('\n', "\r\n"),
        fingerprint: upper_hex(public.primary_key.fingerprint().as_bytes()),
        user_id: uid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn the_generated_key_passes_the_reporter_key_policy_and_is_protected() {
        let rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let k = generate_reporter_key("Alex", "alex@example.org", "correct horse battery", rng).unwrap();
        assert_eq!(k.user_id, "Alex <alex@example.org>");
        let r = super::super::key::load_reporter_key(k.public_key.as_bytes(), None).unwrap();
        assert_eq!(r.info.fingerprint, k.fingerprint);
        assert_eq!(r.info.algorithm, "Curve25519");
        assert!(k.secret_key.starts_with("-----BEGIN PGP PRIVATE KEY BLOCK-----"));
        // The secret key material is encrypted: the wrong passphrase cannot unlock it.
        use pgp::composed::{Deserializable, SignedSecretKey};
        let (sec, _) = SignedSecretKey::from_string(&k.secret_key).unwrap();
        let unlocks = |pw: &str| matches!(sec.primary_key.unlock(&pw.into(), |_, _| Ok(())), Ok(Ok(())));
        assert!(!unlocks("wrong passphrase"));
        assert!(unlocks("correct horse battery"));
    }

    #[test]
    fn short_passphrases_and_odd_names() {
        let rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        assert_eq!(generate_reporter_key("", "", "short", rng).err(), Some(KeyGenError::PassphraseTooShort));
        assert_eq!(user_id("  ", "not an address"), "Reporter");
        assert_eq!(user_id("Eve <evil>", ""), "Eve evil");
        assert_eq!(user_id("", "a@b.example"), "<a@b.example>");
    }
}
