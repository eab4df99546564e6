//! The key policy: when a certificate that matched the pin may be encrypted to, and which of its
//! keys encrypts. Each refusal has its own [`KeyError`].
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
//!    P-256/P-384 keys are used through `brainpool`, brainpoolP512r1 is refused with
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

use super::{iso8601, upper_hex, KeyError, Recipient, RecipientInfo};
use pgp::composed::SignedPublicKey;
use pgp::packet::{Signature, SignatureType};
use pgp::types::{KeyDetails, KeyVersion, PublicParams, Timestamp};

/// Judges a certificate whose primary fingerprint matched the pin, at `reference`: see the module
/// doc for the rules, in their order.
pub(super) fn judge(cert: SignedPublicKey, fingerprint: String, reference: Timestamp) -> Result<Recipient, KeyError> {
    // Before the signatures: with a primary key rpgp cannot use, none of them can verify, and
    // "bad self-signature" would be the wrong reason.
    if crate::seal::brainpool::is_p512(cert.primary_key.public_params()) {
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
            p512 |= crate::seal::brainpool::is_p512(sk.key.public_params());
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
    let signer = crate::seal::brainpool::Key(&primary_key);
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
    if crate::seal::brainpool::supported(pp) {
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
