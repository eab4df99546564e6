//! Brainpool P-256 and P-384 keys: the ECDH and ECDSA arithmetic rpgp 0.21 lacks (it parses
//! brainpool keys but computes nothing with them), from RustCrypto's `bp256` / `bp384`.
//!
//! [`Key`] wraps any rpgp key and is used wherever rpgp takes a key: for a brainpool key it does
//! the curve arithmetic here, for any other key it hands over to rpgp unchanged. So the packets
//! stay rpgp's own (`encrypt_to_key` builds the v3 PKESK, `verify_*` hashes the signed data):
//! - ECDH encryption (RFC 6637, RFC 9580 §5.1.5 and §11.5): an ephemeral key on the curve, the
//!   shared point's x coordinate, rpgp's KDF over the key's hash and cipher with the
//!   fingerprint-based parameter string (`build_ecdh_param`), then AES key wrap of the
//!   PKCS5-padded session key (rpgp's `aes_kw`);
//! - ECDSA verification of self-signatures and subkey bindings (the primary key of a GnuPG
//!   brainpool key is ECDSA on the same curve);
//! - ECDH decryption for `open` ([`session_key`]).
//!
//! brainpoolP512r1 is refused: no maintained crate provides its arithmetic (RustCrypto has no
//! `bp512`), see `Code::KeyBrainpool512Unsupported`.

use pgp::crypto::ecc_curve::ECCCurve;
use pgp::crypto::hash::HashAlgorithm;
use pgp::crypto::public_key::PublicKeyAlgorithm;
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use pgp::crypto::{aes_kw, ecdh};
use pgp::ser::Serialize;
use pgp::types::{
    EcdhPublicParams, EcdsaPublicParams, EncryptionKey, EskType, Fingerprint, KeyDetails, KeyId, KeyVersion, Mpi,
    PkeskBytes, PublicParams, SignatureBytes, Timestamp, VerifyingKey,
};
use zeroize::Zeroizing;

/// The brainpool curves this module computes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Curve {
    P256,
    P384,
}

impl Curve {
    fn of(c: &ECCCurve) -> Option<Curve> {
        match c {
            ECCCurve::BrainpoolP256r1 => Some(Curve::P256),
            ECCCurve::BrainpoolP384r1 => Some(Curve::P384),
            _ => None,
        }
    }
    fn ecc(self) -> ECCCurve {
        match self {
            Curve::P256 => ECCCurve::BrainpoolP256r1,
            Curve::P384 => ECCCurve::BrainpoolP384r1,
        }
    }
    /// Field size in bytes.
    fn size(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
        }
    }
}

/// The brainpool curve of an ECDH key this module can encrypt to, if it is one.
pub fn ecdh_params(pp: &PublicParams) -> Option<(Curve, &Mpi, HashAlgorithm, SymmetricKeyAlgorithm)> {
    match pp {
        PublicParams::ECDH(EcdhPublicParams::Brainpool256 { p, hash, alg_sym }) => {
            Some((Curve::P256, p, *hash, *alg_sym))
        }
        PublicParams::ECDH(EcdhPublicParams::Brainpool384 { p, hash, alg_sym }) => {
            Some((Curve::P384, p, *hash, *alg_sym))
        }
        _ => None,
    }
}

/// The curve and SEC1 point of a brainpool ECDSA key this module can verify with, if it is one.
fn ecdsa_params(pp: &PublicParams) -> Option<(Curve, &[u8])> {
    let PublicParams::ECDSA(EcdsaPublicParams::Unsupported { curve, opaque }) = pp else {
        return None;
    };
    let c = Curve::of(curve)?;
    let point_len = 1 + 2 * c.size();
    // rpgp keeps the point as it was read: the MPI with its two-byte bit count, or bare.
    let bytes: &[u8] = opaque.as_ref();
    let point = if bytes.len() == point_len + 2 { &bytes[2..] } else { bytes };
    (point.len() == point_len).then_some((c, point))
}

/// Whether this module can use a key of these parameters (brainpool P-256/P-384 ECDH or ECDSA).
pub fn supported(pp: &PublicParams) -> bool {
    ecdh_params(pp).is_some() || ecdsa_params(pp).is_some()
}

/// Whether these parameters are on brainpoolP512r1 (refused with its own code).
pub fn is_p512(pp: &PublicParams) -> bool {
    match pp {
        PublicParams::ECDH(EcdhPublicParams::Brainpool512 { .. }) => true,
        PublicParams::ECDH(EcdhPublicParams::Unsupported { curve, .. })
        | PublicParams::ECDSA(EcdsaPublicParams::Unsupported { curve, .. }) => *curve == ECCCurve::BrainpoolP512r1,
        _ => false,
    }
}

macro_rules! curve_ops {
    ($m:ident, $k:ident, $c:ty, $n:expr) => {
        mod $m {
            use $k::elliptic_curve::sec1::Sec1Point;
            use $k::elliptic_curve::{PublicKey, SecretKey};
            use zeroize::Zeroizing;

            /// x coordinate of `secret` × `point` (SEC1 bytes).
            pub(super) fn shared_x(secret: &[u8], point: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
                let public = PublicKey::<$c>::from_sec1_bytes(point).ok()?;
                let secret = SecretKey::<$c>::from_slice(&super::left_pad(secret, $n)?).ok()?;
                let shared = (public.to_projective() * *secret.to_nonzero_scalar()).to_affine();
                let shared = PublicKey::<$c>::from_affine(shared).ok()?;
                let encoded = Sec1Point::<$c>::from(&shared);
                Some(Zeroizing::new(encoded.x()?.to_vec()))
            }

            /// The uncompressed SEC1 public point of `secret`, or `None` if it is not a scalar.
            pub(super) fn public_point(secret: &[u8]) -> Option<Vec<u8>> {
                let secret = SecretKey::<$c>::from_slice(secret).ok()?;
                Some(Sec1Point::<$c>::from(&secret.public_key()).as_bytes().to_vec())
            }

            /// ECDSA over the prehashed `digest` (truncated to the field as ECDSA does).
            pub(super) fn verify(point: &[u8], digest: &[u8], r: &[u8], s: &[u8]) -> bool {
                let Ok(public) = PublicKey::<$c>::from_sec1_bytes(point) else { return false };
                let (Some(r), Some(s)) = (super::left_pad(r, $n), super::left_pad(s, $n)) else { return false };
                let Ok(sig) = ecdsa::Signature::<$c>::from_slice(&[r.as_slice(), s.as_slice()].concat()) else {
                    return false;
                };
                ecdsa::hazmat::verify_prehashed::<$c>(&public.to_projective(), digest, &sig).is_ok()
            }
        }
    };
}

curve_ops!(p256, bp256, bp256::BrainpoolP256r1, 32);
curve_ops!(p384, bp384, bp384::BrainpoolP384r1, 48);

/// `bytes` (an MPI's value, leading zeros dropped) as exactly `n` bytes.
fn left_pad(bytes: &[u8], n: usize) -> Option<Zeroizing<Vec<u8>>> {
    let bytes = &bytes[bytes.iter().take_while(|&&b| b == 0).count().min(bytes.len())..];
    if bytes.len() > n {
        return None;
    }
    let mut out = Zeroizing::new(vec![0u8; n]);
    out[n - bytes.len()..].copy_from_slice(bytes);
    Some(out)
}

fn shared_x(c: Curve, secret: &[u8], point: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    match c {
        Curve::P256 => p256::shared_x(secret, point),
        Curve::P384 => p384::shared_x(secret, point),
    }
}

fn public_point(c: Curve, secret: &[u8]) -> Option<Vec<u8>> {
    match c {
        Curve::P256 => p256::public_point(secret),
        Curve::P384 => p384::public_point(secret),
    }
}

fn err(msg: &str) -> pgp::errors::Error {
    pgp::errors::Error::Message { message: msg.to_owned(), backtrace: None }
}

/// RFC 9580 §11.5: MD5, SHA-1 and RIPEMD-160 are not allowed in the ECDH KDF.
fn kdf_hash_ok(hash: HashAlgorithm) -> bool {
    !matches!(hash, HashAlgorithm::Md5 | HashAlgorithm::Sha1 | HashAlgorithm::Ripemd160)
}

/// ECDH-encrypts `plain` (the session key prepared by rpgp: algorithm, key, checksum) to the
/// brainpool key `p` of fingerprint `fingerprint`.
fn encrypt<R: rand::CryptoRng + rand::Rng>(
    mut rng: R,
    c: Curve,
    p: &Mpi,
    hash: HashAlgorithm,
    alg_sym: SymmetricKeyAlgorithm,
    fingerprint: &[u8],
    plain: &[u8],
) -> pgp::errors::Result<PkeskBytes> {
    if !kdf_hash_ok(hash) {
        return Err(err("the key asks for a hash not allowed in the ECDH KDF"));
    }
    // RFC 9580 §5.1.5: at most 239 bytes fit the one-byte length once padded and wrapped.
    if plain.len() > 239 {
        return Err(err("session key too long for ECDH"));
    }
    // An ephemeral scalar: random bytes, retried in the (negligible) case they are not in [1, n).
    let (secret, ephemeral) = loop {
        let mut bytes = Zeroizing::new(vec![0u8; c.size()]);
        rng.fill_bytes(&mut bytes);
        if let Some(point) = public_point(c, &bytes) {
            break (bytes, point);
        }
    };
    let shared = shared_x(c, &secret, p.as_ref()).ok_or_else(|| err("the key's ECDH point is not on its curve"))?;
    let param = ecdh::build_ecdh_param(&c.ecc().oid(), alg_sym, hash, fingerprint);
    let z = Zeroizing::new(ecdh::kdf(hash, &shared, alg_sym.key_size(), &param)?);
    // PKCS5 padding to a multiple of 8 (1 to 8 bytes), as rpgp and GnuPG write it.
    let pad = 8 - plain.len() % 8;
    let mut padded = Zeroizing::new(plain.to_vec());
    padded.resize(plain.len() + pad, u8::try_from(pad).unwrap_or(8));
    let wrapped = aes_kw::wrap(&z, &padded)?;
    Ok(PkeskBytes::Ecdh { public_point: Mpi::from_slice(&ephemeral), encrypted_session_key: wrapped.into() })
}

/// The session key of a PKESK to a brainpool ECDH key: `secret` the key's secret scalar (the
/// MPI value), `pp` its public parameters, `fingerprint` its fingerprint. Returns the decrypted
/// session-key block (algorithm, key, checksum for v3), or `None` if it does not unwrap.
pub fn session_key(
    secret: &[u8],
    pp: &PublicParams,
    fingerprint: &[u8],
    pkesk: &PkeskBytes,
) -> Option<Zeroizing<Vec<u8>>> {
    let (c, _, hash, alg_sym) = ecdh_params(pp)?;
    let PkeskBytes::Ecdh { public_point, encrypted_session_key } = pkesk else { return None };
    if !kdf_hash_ok(hash) {
        return None;
    }
    let shared = shared_x(c, secret, public_point.as_ref())?;
    let len = encrypted_session_key.len();
    ecdh::derive_session_key(&shared, encrypted_session_key, len, c.ecc(), hash, alg_sym, fingerprint).ok()
}

/// Any rpgp key, with brainpool arithmetic added (see the module doc).
#[derive(Debug)]
pub struct Key<'a, K>(pub &'a K);

impl<K: KeyDetails> KeyDetails for Key<'_, K> {
    fn version(&self) -> KeyVersion {
        self.0.version()
    }
    fn legacy_key_id(&self) -> KeyId {
        self.0.legacy_key_id()
    }
    fn fingerprint(&self) -> Fingerprint {
        self.0.fingerprint()
    }
    fn algorithm(&self) -> PublicKeyAlgorithm {
        self.0.algorithm()
    }
    fn created_at(&self) -> Timestamp {
        self.0.created_at()
    }
    fn legacy_v3_expiration_days(&self) -> Option<u16> {
        self.0.legacy_v3_expiration_days()
    }
    fn public_params(&self) -> &PublicParams {
        self.0.public_params()
    }
}

impl<K: Serialize> Serialize for Key<'_, K> {
    fn to_writer<W: std::io::Write>(&self, w: &mut W) -> pgp::errors::Result<()> {
        self.0.to_writer(w)
    }
    fn write_len(&self) -> usize {
        self.0.write_len()
    }
}

impl<K: EncryptionKey> EncryptionKey for Key<'_, K> {
    fn encrypt<R: rand::CryptoRng + rand::Rng>(
        &self,
        rng: R,
        plain: &[u8],
        typ: EskType,
    ) -> pgp::errors::Result<PkeskBytes> {
        match ecdh_params(self.0.public_params()) {
            Some((c, p, hash, alg_sym)) => {
                if !matches!(typ, EskType::V3_4) {
                    return Err(err("brainpool ECDH is only used with v4 keys (v3 PKESK)"));
                }
                encrypt(rng, c, p, hash, alg_sym, self.0.fingerprint().as_bytes(), plain)
            }
            None => self.0.encrypt(rng, plain, typ),
        }
    }
}

impl<K: VerifyingKey> VerifyingKey for Key<'_, K> {
    fn verify(&self, hash: HashAlgorithm, digest: &[u8], sig: &SignatureBytes) -> pgp::errors::Result<()> {
        // RSA on the platform's big integers where it has faster ones (the JavaScript core).
        if let (PublicParams::RSA(p), Some(f), SignatureBytes::Mpis(mpis)) =
            (self.0.public_params(), super::platform_rsa::modpow(), sig)
        {
            use rsa::traits::PublicKeyParts;
            if let [s] = mpis.as_slice() {
                let (n, e) = (p.key.n().to_bytes_be(), p.key.e().to_bytes_be());
                match super::platform_rsa::verify_pkcs1v15(f, &n, &e, hash, digest, s.as_ref()) {
                    Some(true) => return Ok(()),
                    Some(false) => return Err(err("RSA signature does not verify")),
                    None => {}
                }
            }
        }
        let Some((c, point)) = ecdsa_params(self.0.public_params()) else {
            return self.0.verify(hash, digest, sig);
        };
        // RFC 9580 §5.2.3.2: the digest must be at least as long as the curve's field.
        let SignatureBytes::Mpis(mpis) = sig else { return Err(err("not an ECDSA signature")) };
        if mpis.len() != 2 || digest.len() < c.size() {
            return Err(err("ECDSA signature: wrong shape, or a hash shorter than the curve"));
        }
        let (r, s) = (&mpis[0], &mpis[1]);
        let ok = match c {
            Curve::P256 => p256::verify(point, digest, r.as_ref(), s.as_ref()),
            Curve::P384 => p384::verify(point, digest, r.as_ref(), s.as_ref()),
        };
        if ok {
            Ok(())
        } else {
            Err(err("brainpool ECDSA signature does not verify"))
        }
    }
}

/// For `open`: the session key of the first PKESK addressed to a brainpool ECDH (sub)key of
/// `key`, unlocked with `pw`; `None` when no PKESK is for such a key (rpgp decrypts the rest).
pub fn session_key_for(
    esk: &[pgp::composed::Esk],
    key: &pgp::composed::SignedSecretKey,
    pw: &pgp::types::Password,
) -> Option<pgp::errors::Result<pgp::composed::PlainSessionKey>> {
    use pgp::composed::{Esk, PlainSessionKey};
    use pgp::types::PlainSecretParams;
    // A packet that names no key (the wildcard recipient) matches every key: its failure only
    // means it was for another key, so it is kept as the answer only when nothing else worked.
    let mut unnamed_failure = None;
    for e in esk {
        let Esk::PublicKeyEncryptedSessionKey(p) = e else { continue };
        let unnamed = p.id().map(|id| id.is_wildcard()).unwrap_or_else(|_| matches!(p.fingerprint(), Ok(None)));
        let subkeys = key.secret_subkeys.iter().map(|s| &s.key);
        for sk in subkeys.filter(|sk| ecdh_params(sk.public_params()).is_some() && p.match_identity(*sk)) {
            let Ok(values) = p.values() else { continue };
            let fingerprint = sk.fingerprint();
            let unlocked = sk.unlock(pw, |pp, plain| {
                let PlainSecretParams::ECDH(pgp::crypto::ecdh::SecretKey::Unsupported { mpi_data, .. }) = plain else {
                    return Err(err("not a brainpool ECDH secret key"));
                };
                let block = session_key(mpi_data, pp, fingerprint.as_bytes(), values)
                    .ok_or_else(|| err("the session key does not unwrap (altered message?)"))?;
                // v3 PKESK: algorithm ‖ key ‖ two-byte checksum (sum of the key bytes).
                let sym_alg = SymmetricKeyAlgorithm::from(*block.first().ok_or_else(|| err("empty session key"))?);
                let n = sym_alg.key_size();
                if n == 0 || block.len() != n + 3 {
                    return Err(err("unexpected session key length"));
                }
                let sum = block[1..=n].iter().fold(0u16, |a, &b| a.wrapping_add(u16::from(b)));
                if sum.to_be_bytes() != block[n + 1..] {
                    return Err(err("session key checksum mismatch (altered message?)"));
                }
                Ok(PlainSessionKey::V3_4 { sym_alg, key: block[1..=n].into() })
            });
            match unlocked.and_then(|r| r) {
                Err(e) if unnamed => unnamed_failure = Some(Err(e)),
                result => return Some(result),
            }
        }
    }
    unnamed_failure
}
