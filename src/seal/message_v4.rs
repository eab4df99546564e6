//! The OpenPGP message for a v4 encryption key (a v3 PKESK and a SEIPD v1 packet), and the bulk
//! cipher it runs on (`BulkCipher`: the software one, or the platform's). The encrypted data
//! packet is written here rather than by rpgp's `MessageBuilder`, so that its bulk work can run
//! on the platform's AES: `node:crypto` in Node, which is an order of magnitude faster than AES compiled to WebAssembly. rpgp still builds the
//! public-key encrypted session key packet (the public-key cryptography); this module writes
//! the rest of RFC 9580's message around it:
//!
//! ```text
//! PKESK v3 (rpgp) | SEIPD v1: 0x01, AES-256-CFB( prefix(16 random + 2 repeated)
//!                                                | literal data packet ('b', no name, date 0)
//!                                                | MDC packet (0xD3 0x14, SHA-1 of all before) )
//! ```
//!
//! The plaintext's length is known before sealing (the padded MIME entity), so both packets have
//! fixed lengths (no partial-length chunks), and the armor (CRLF, 64 columns, CRC24) is streamed
//! as the ciphertext is made. `tests/js/lib/interop` checks that GnuPG, rnp, Sequoia and OpenPGP.js
//! read what this writes, with the software and with the platform cipher.

use super::armor::ArmorWriter;
use super::brainpool::Key;
use super::key::Recipient;
use super::SealError;
use pgp::crypto::public_key::PublicKeyAlgorithm;
use pgp::ser::Serialize;
use pgp::types::{
    EncryptionKey, EskType, Fingerprint, KeyDetails, KeyId, KeyVersion, Mpi, PkeskBytes, PublicParams, Timestamp,
};
use std::io::{Read, Write};

/// AES-256 in OpenPGP's CFB mode for SEIPD v1 (RFC 9580 §5.13.1: IV of zeros, no resync; the
/// random prefix does the IV's job), together with the SHA-1 of the MDC.
pub trait BulkCipher {
    /// Encrypts `buf` in place, continuing the CFB stream; when `mdc` is true, first adds the
    /// plaintext bytes to the MDC hash.
    fn process(&mut self, buf: &mut [u8], mdc: bool) -> Result<(), SealError>;
    /// The SHA-1 of every byte processed with `mdc` true.
    fn mdc(&mut self) -> Result<[u8; 20], SealError>;
    /// Called once before the first `process`, with the number of bytes that will be processed
    /// in all (the deferred cipher sizes its one buffer with it).
    fn begin(&mut self, _total: usize) -> Result<(), SealError> {
        Ok(())
    }
    /// True when the cipher keeps what it processed and encrypts it later itself (the browser's
    /// WebCrypto, which is asynchronous): the writer then writes only the clear head (the key
    /// packet and the SEIPD header), unarmored, and the caller armors the rest.
    fn deferred(&self) -> bool {
        false
    }
    /// RSAES-PKCS1-v1_5 encryption of `m` to the public key (`n`, `e`, big-endian) on the
    /// platform (Node: `crypto.publicEncrypt`), or `None` to let rpgp compute it: in wasm32 its
    /// 64-bit-limb Montgomery multiplication was 68 % of a 2 KB RSA-4096 seal in Node.
    fn rsa_encrypt(&mut self, _n: &[u8], _e: &[u8], _m: &[u8]) -> Option<Result<Vec<u8>, SealError>> {
        None
    }
}

/// The recipient's key with its RSA public-key operation done by the bulk cipher's platform when
/// it offers one; every other algorithm, and brainpool ECDH, as `brainpool::Key` does it.
struct PlatformRsa<'a, K> {
    key: Key<'a, K>,
    bulk: std::cell::RefCell<&'a mut dyn BulkCipher>,
}

impl<K: std::fmt::Debug> std::fmt::Debug for PlatformRsa<'_, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlatformRsa").field("key", &self.key).finish_non_exhaustive()
    }
}

impl<K: KeyDetails> KeyDetails for PlatformRsa<'_, K> {
    fn version(&self) -> KeyVersion {
        self.key.version()
    }
    fn legacy_key_id(&self) -> KeyId {
        self.key.legacy_key_id()
    }
    fn fingerprint(&self) -> Fingerprint {
        self.key.fingerprint()
    }
    fn algorithm(&self) -> PublicKeyAlgorithm {
        self.key.algorithm()
    }
    fn created_at(&self) -> Timestamp {
        self.key.created_at()
    }
    fn legacy_v3_expiration_days(&self) -> Option<u16> {
        self.key.legacy_v3_expiration_days()
    }
    fn public_params(&self) -> &PublicParams {
        self.key.public_params()
    }
}

impl<K: Serialize> Serialize for PlatformRsa<'_, K> {
    fn to_writer<W: std::io::Write>(&self, w: &mut W) -> pgp::errors::Result<()> {
        self.key.to_writer(w)
    }
    fn write_len(&self) -> usize {
        self.key.write_len()
    }
}

impl<K: EncryptionKey + KeyDetails> EncryptionKey for PlatformRsa<'_, K> {
    fn encrypt<R: rand::CryptoRng + rand::Rng>(
        &self,
        mut rng: R,
        plain: &[u8],
        typ: EskType,
    ) -> pgp::errors::Result<PkeskBytes> {
        if let PublicParams::RSA(p) = self.key.public_params() {
            use rsa::traits::PublicKeyParts;
            let (n, e) = (p.key.n().to_bytes_be(), p.key.e().to_bytes_be());
            if let Some(result) = self.bulk.borrow_mut().rsa_encrypt(&n, &e, plain) {
                let c = result.map_err(|e| pgp::errors::Error::Message { message: e.to_string(), backtrace: None })?;
                return Ok(PkeskBytes::Rsa { mpi: Mpi::from_slice(&c) });
            }
            // Else the platform's big integers where it has faster ones (the JavaScript core).
            if let Some(f) = super::platform_rsa::modpow() {
                let c = super::platform_rsa::encrypt_pkcs1v15(f, &mut rng, &n, &e, plain)
                    .map_err(|m| pgp::errors::Error::Message { message: m.to_owned(), backtrace: None })?;
                return Ok(PkeskBytes::Rsa { mpi: Mpi::from_slice(&c) });
            }
        }
        self.key.encrypt(rng, plain, typ)
    }
}

/// The Rust implementation (RustCrypto `aes` + `cfb-mode` + `sha1`, already in the tree through
/// rpgp): what the browser uses (WebCrypto is asynchronous and `seal()` is not), and the
/// fallback everywhere.
pub struct SoftCipher {
    enc: cfb_mode::BufEncryptor<aes::Aes256>,
    sha: sha1::Sha1,
}

impl SoftCipher {
    pub fn new(session_key: &[u8; 32]) -> Self {
        use cfb_mode::cipher::KeyIvInit;
        SoftCipher {
            enc: cfb_mode::BufEncryptor::new(session_key.into(), &[0u8; 16].into()),
            sha: sha1::Sha1::default(),
        }
    }
}

impl BulkCipher for SoftCipher {
    fn process(&mut self, buf: &mut [u8], mdc: bool) -> Result<(), SealError> {
        if mdc {
            sha1::Digest::update(&mut self.sha, &*buf);
        }
        self.enc.encrypt(buf);
        Ok(())
    }
    fn mdc(&mut self) -> Result<[u8; 20], SealError> {
        Ok(sha1::Digest::finalize_reset(&mut self.sha).into())
    }
}

/// Makes the bulk cipher for a session key (the software one, or the platform's).
pub type CipherFactory<'a> = &'a dyn Fn(&[u8; 32]) -> Result<Box<dyn BulkCipher>, SealError>;

/// The software cipher, as a factory.
pub fn soft_cipher(key: &[u8; 32]) -> Result<Box<dyn BulkCipher>, SealError> {
    Ok(Box::new(SoftCipher::new(key)))
}

/// Plaintext read and encrypted this many bytes at a time.
const CHUNK: usize = 64 * 1024;

/// Encrypts exactly `len` bytes of `plaintext` to the v4 `recipients` (one AES-256 session key,
/// one PKESK per recipient, in the order given: the PSIRT first, then the reporter's own key when
/// there is one) and writes the armored message to `out`. Each recipient's PKESK names its key
/// (its key ID) or nobody (the wildcard key ID, `Naming::Anonymous`): see `Naming`.
pub(super) fn encrypt_armored_v4<P: Read, W: Write, R: rand::CryptoRng + rand::Rng>(
    mut plaintext: P,
    len: u64,
    recipients: &[(&Recipient, Naming)],
    cipher: CipherFactory<'_>,
    mut rng: R,
    out: W,
) -> Result<(), SealError> {
    use pgp::crypto::sym::SymmetricKeyAlgorithm;
    use pgp::packet::{PacketTrait, PublicKeyEncryptedSessionKey};
    let fail = |e: pgp::errors::Error| SealError::Encrypt { reason: super::key::short_reason(&e.to_string()) };
    let too_large = || SealError::Encrypt { reason: "message too large for one packet".into() };
    if recipients.is_empty() {
        return Err(SealError::Encrypt { reason: "no recipient".into() });
    }

    let mut session_key = zeroize::Zeroizing::new([0u8; 32]);
    rng.fill_bytes(&mut session_key[..]);
    let raw = pgp::composed::RawSessionKey::from(session_key.to_vec());
    let mut bulk = cipher(&session_key)?;
    // `brainpool::Key`: rpgp's own encryption, plus brainpool ECDH; RSA on the
    // platform when the bulk cipher offers it (`PlatformRsa`), for each recipient.
    let mut head = Vec::new();
    for &(recipient, naming) in recipients {
        let cert = &recipient.cert;
        let mut pkesk = {
            let alg = SymmetricKeyAlgorithm::AES256;
            let bulk = std::cell::RefCell::new(&mut *bulk);
            match recipient.encryption_subkey {
                Some(i) => {
                    let key = PlatformRsa { key: Key(&cert.public_subkeys[i].key), bulk };
                    PublicKeyEncryptedSessionKey::from_session_key_v3(&mut rng, &raw, alg, &key)
                }
                None => {
                    let key = PlatformRsa { key: Key(&cert.primary_key), bulk };
                    PublicKeyEncryptedSessionKey::from_session_key_v3(&mut rng, &raw, alg, &key)
                }
            }
        }
        .map_err(fail)?;
        if naming == Naming::Anonymous {
            hide_recipient(&mut pkesk);
        }
        pkesk.to_writer_with_header(&mut head).map_err(fail)?;
    }
    drop(raw);

    let mut sink =
        if bulk.deferred() { Sink::Clear(out) } else { Sink::Armor(ArmorWriter::new(out, true).map_err(io_fail)?) };

    // Literal data packet: format, name length, date (4), then the data.
    let literal_body = 6 + len;
    let literal_len = 1 + 5 + literal_body;
    // SEIPD v1 body: version, then prefix (18), the literal packet, the MDC packet (22).
    let seipd_body = 1 + 18 + literal_len + 22;
    let seipd_body = u32::try_from(seipd_body).map_err(|_| too_large())?;
    let literal_body = u32::try_from(literal_body).map_err(|_| too_large())?;
    // Everything after the version byte goes through the cipher.
    bulk.begin(seipd_body as usize - 1)?;
    head.extend_from_slice(&[0xC0 | 18, 0xFF]);
    head.extend_from_slice(&seipd_body.to_be_bytes());
    head.push(1);
    sink.clear(&head).map_err(io_fail)?;

    let mut prefix = [0u8; 18];
    rng.fill_bytes(&mut prefix[..16]);
    prefix[16] = prefix[14];
    prefix[17] = prefix[15];
    let mut inner = Vec::with_capacity(CHUNK + 64);
    inner.extend_from_slice(&prefix);
    inner.extend_from_slice(&[0xC0 | 11, 0xFF]);
    inner.extend_from_slice(&literal_body.to_be_bytes());
    inner.extend_from_slice(&[b'b', 0, 0, 0, 0, 0]);
    bulk.process(&mut inner, true)?;
    sink.encrypted(&inner).map_err(io_fail)?;

    let mut buf = zeroize::Zeroizing::new(vec![0u8; CHUNK]);
    let mut left = len;
    while left > 0 {
        let want = usize::try_from(left.min(CHUNK as u64)).unwrap_or(CHUNK);
        plaintext.read_exact(&mut buf[..want]).map_err(io_fail)?;
        bulk.process(&mut buf[..want], true)?;
        sink.encrypted(&buf[..want]).map_err(io_fail)?;
        left -= want as u64;
    }
    // Nothing may follow the announced length.
    if plaintext.read(&mut buf[..1]).map_err(io_fail)? != 0 {
        return Err(SealError::Encrypt { reason: "the message is longer than announced".into() });
    }
    let mut mdc_head = [0xD3, 0x14];
    bulk.process(&mut mdc_head, true)?;
    let mut digest = bulk.mdc()?;
    bulk.process(&mut digest, false)?;
    sink.encrypted(&mdc_head).map_err(io_fail)?;
    sink.encrypted(&digest).map_err(io_fail)?;
    sink.finish().map_err(io_fail)
}

/// How a PKESK names the key it is encrypted to, in the clear, for anyone who sees the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Naming {
    /// The key's ID (v3 PKESK) or fingerprint (v6): the PSIRT's, so that GnuPG, an intake or an
    /// analyst's keyring finds the key without trying each one.
    Named,
    /// The wildcard (RFC 9580 §5.1: a v3 key ID of eight zero bytes; a v6 PKESK without key
    /// version and fingerprint): the reporter's own key. Its ID would let anyone who sees the
    /// message (the host page, mail relays, the intake) look the reporter up on a key server,
    /// even for an anonymous report, and link every report sealed to the same key. Decrypting
    /// tools then try their secret keys on it (GnuPG by itself; see docs/anonymous-recipient.md).
    Anonymous,
}

/// Blanks the recipient of a PKESK made by rpgp. rpgp's `MessageBuilder::encrypt_to_key_anonymous`
/// does exactly this to the packets it builds, but this module builds its own packets
/// (`from_session_key_v3`) and the enum's fields are public, so the same edit is made here. The
/// key ID is not an input of the encryption (RSA encrypts the session key alone; ECDH's KDF takes
/// the recipient's fingerprint, not this field), so the packet stays valid, and its length does
/// not change (eight bytes either way; v6 lengths are recomputed by `to_writer_with_header`).
pub(super) fn hide_recipient(pkesk: &mut pgp::packet::PublicKeyEncryptedSessionKey) {
    use pgp::packet::PublicKeyEncryptedSessionKey as P;
    match pkesk {
        P::V3 { id, .. } => *id = KeyId::WILDCARD,
        P::V6 { fingerprint, .. } => *fingerprint = None,
        P::Other { .. } => {}
    }
}

/// Where the message goes: armored as it is made, or (deferred cipher) only its clear head.
enum Sink<W: Write> {
    Armor(ArmorWriter<W>),
    Clear(W),
}

impl<W: Write> Sink<W> {
    fn clear(&mut self, data: &[u8]) -> std::io::Result<()> {
        match self {
            Sink::Armor(a) => a.write_all(data),
            Sink::Clear(w) => w.write_all(data),
        }
    }
    /// Bytes the cipher processed: armored, or left with the deferred cipher.
    fn encrypted(&mut self, data: &[u8]) -> std::io::Result<()> {
        match self {
            Sink::Armor(a) => a.write_all(data),
            Sink::Clear(_) => Ok(()),
        }
    }
    fn finish(self) -> std::io::Result<()> {
        match self {
            Sink::Armor(a) => a.finish(),
            Sink::Clear(mut w) => w.flush(),
        }
    }
}

fn io_fail(e: std::io::Error) -> SealError {
    SealError::Encrypt { reason: super::key::short_reason(&e.to_string()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hide_recipient_zeroes_only_the_key_id_of_a_v3_pkesk() {
        use pgp::composed::{Deserializable, SignedPublicKey};
        use pgp::packet::{PacketTrait, PublicKeyEncryptedSessionKey};
        use rand_chacha::rand_core::SeedableRng;
        let (cert, _) = SignedPublicKey::from_string(include_str!("../../keys/demo-psirt.pub.asc")).unwrap();
        let sub = &cert.public_subkeys[0].key;
        let raw = pgp::composed::RawSessionKey::from(vec![9u8; 32]);
        let alg = pgp::crypto::sym::SymmetricKeyAlgorithm::AES256;
        let rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let named = PublicKeyEncryptedSessionKey::from_session_key_v3(rng, &raw, alg, sub).unwrap();
        let mut hidden = named.clone();
        hide_recipient(&mut hidden);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        named.to_writer_with_header(&mut a).unwrap();
        hidden.to_writer_with_header(&mut b).unwrap();
        // Header (2 bytes: new format, one-octet length), version 3, then the 8-byte key ID.
        assert_eq!(a.len(), b.len());
        assert_eq!((a[0], a[2]), (0xC1, 3));
        assert_eq!(&a[3..11], sub.legacy_key_id().as_ref());
        assert_eq!(&b[3..11], &[0u8; 8]);
        assert_eq!((&a[..3], &a[11..]), (&b[..3], &b[11..]), "nothing else changes");
    }

    #[test]
    fn soft_cipher_is_cfb_with_a_zero_iv_continued_across_calls() {
        use cfb_mode::cipher::{AsyncStreamCipher, KeyIvInit};
        let key = [7u8; 32];
        let data: Vec<u8> = (0..1000u32).map(|i| i as u8).collect();
        let mut whole = data.clone();
        cfb_mode::Encryptor::<aes::Aes256>::new(&key.into(), &[0u8; 16].into()).encrypt(&mut whole);
        let mut pieces = data.clone();
        let mut c = SoftCipher::new(&key);
        let (a, b) = pieces.split_at_mut(333);
        c.process(a, true).unwrap();
        c.process(b, false).unwrap();
        assert_eq!(pieces, whole);
        let expected: [u8; 20] =
            sha1::Digest::finalize(<sha1::Sha1 as sha1::Digest>::new_with_prefix(&data[..333])).into();
        assert_eq!(c.mdc().unwrap(), expected);
    }
}
