//! The OpenPGP message for a v6 encryption key: the MIME plaintext, streamed from a `Read` into
//! armored output. Which message a key gets:
//!
//! - v4 encryption key (written by `message_v4.rs`): a v3 PKESK and a SEIPDv1 (AES-256, with
//!   MDC) data packet: what GnuPG 2.2, rnp, Sequoia and OpenPGP.js all read. (SEIPDv2 is not readable by GnuPG 2.2, still the most
//!   common tool on PSIRT desks, so it is not used for v4 keys even when they announce it.)
//! - v6 encryption key: RFC 9580 requires a v6 PKESK, which only goes with SEIPDv2: AES-256 with
//!   OCB (the mandatory AEAD mode), or GCM when the key lists GCM and not OCB. Checked: OpenPGP.js
//!   6 decrypts it; GnuPG 2.2, and Debian's rnp 0.16 and sqop, cannot read v6 keys at all.
//!
//! No compression (a compression oracle would leak what the padding hides). The literal packet
//! carries no file name or date. The armor uses CRLF line ends, so the very same text is the
//! `.asc` file and the body of the `.eml` part (one copy in memory, not two).

use super::armor::ArmorWriter;
use super::brainpool::Key;
use super::key::Recipient;
use super::message_v4::{hide_recipient, Naming};
use super::SealError;
use pgp::crypto::aead::{AeadAlgorithm, ChunkSize};
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use pgp::types::{KeyDetails, KeyVersion};
use std::io::{Read, Write};

/// Whether the recipient's encryption key is a v6 key (then the message is SEIPD v2).
pub(super) fn is_v6(recipient: &Recipient) -> bool {
    let cert = &recipient.cert;
    match recipient.encryption_subkey {
        Some(i) => cert.public_subkeys[i].key.version() == KeyVersion::V6,
        None => cert.primary_key.version() == KeyVersion::V6,
    }
}

/// Streams exactly `len` bytes of `plaintext` through SEIPD v2 encryption to the v6 `recipients`
/// (one PKESK v6 each: the PSIRT, then the reporter's own key when there is one) into `out` as
/// CRLF armor without a CRC24 line (RFC 9580 §6.2; v4 keys: `message_v4.rs`). The AEAD mode is the
/// PSIRT's preference. A `Naming::Anonymous` recipient's PKESK carries no key version and
/// fingerprint (RFC 9580 §5.1.1, "anonymous recipient"), as rpgp's `encrypt_to_key_anonymous`
/// writes it.
///
/// The packets are put together here from rpgp's parts (`from_session_key_v6`,
/// `encrypt_seipdv2_stream`, RFC 9580's chunked AEAD) rather than by its `MessageBuilder`: the
/// builder also links its compression (zlib-rs: sealing never compresses), signing and
/// partial-length writers, ~115 KB of code in the seal module every reporter's page loads
/// (bench/weight-levers.md), for a message whose length is known before it is written.
pub(super) fn encrypt_armored_v6<P: Read, W: Write, R: rand::CryptoRng + rand::Rng>(
    plaintext: P,
    len: u64,
    recipients: &[(&Recipient, Naming)],
    mut rng: R,
    out: W,
) -> Result<(), SealError> {
    use pgp::packet::{PacketTrait, PublicKeyEncryptedSessionKey, SymEncryptedProtectedData};
    let fail = |e: pgp::errors::Error| SealError::Encrypt { reason: super::key::short_reason(&e.to_string()) };
    let io_fail = |e: std::io::Error| SealError::Encrypt { reason: super::key::short_reason(&e.to_string()) };
    let too_large = || SealError::Encrypt { reason: "message too large for one packet".into() };
    let Some(first) = recipients.first() else {
        return Err(SealError::Encrypt { reason: "no recipient".into() });
    };
    let sym = SymmetricKeyAlgorithm::AES256;
    let aead = if first.0.prefers_gcm { AeadAlgorithm::Gcm } else { AeadAlgorithm::Ocb };
    let chunk = ChunkSize::default();

    let mut session_key = zeroize::Zeroizing::new([0u8; 32]);
    rng.fill_bytes(&mut session_key[..]);
    let raw = pgp::composed::RawSessionKey::from(session_key.to_vec());
    let mut head = Vec::new();
    for &(recipient, naming) in recipients {
        let cert = &recipient.cert;
        let mut pkesk = match recipient.encryption_subkey {
            Some(i) => {
                PublicKeyEncryptedSessionKey::from_session_key_v6(&mut rng, &raw, &Key(&cert.public_subkeys[i].key))
            }
            None => PublicKeyEncryptedSessionKey::from_session_key_v6(&mut rng, &raw, &Key(&cert.primary_key)),
        }
        .map_err(fail)?;
        if naming == Naming::Anonymous {
            hide_recipient(&mut pkesk);
        }
        pkesk.to_writer_with_header(&mut head).map_err(fail)?;
    }
    drop(raw);

    // Literal data packet ('b', no name, date 0), then SEIPD v2: version, cipher, AEAD mode,
    // chunk size, salt (32), then each chunk with its tag and the final tag (RFC 9580 §5.13.2).
    let literal_body = u32::try_from(6 + len).map_err(|_| too_large())?;
    let literal_len = 1 + 5 + 6 + len;
    let tag = 16;
    let chunks = literal_len.div_ceil(u64::from(chunk.as_byte_size()));
    let seipd_body = 4 + 32 + literal_len + (chunks + 1) * tag;
    let seipd_body = u32::try_from(seipd_body).map_err(|_| too_large())?;
    let mut salt = [0u8; 32];
    rng.fill_bytes(&mut salt);
    head.extend_from_slice(&[0xC0 | 18, 0xFF]);
    head.extend_from_slice(&seipd_body.to_be_bytes());
    head.extend_from_slice(&[2, u8::from(sym), u8::from(aead), u8::from(chunk)]);
    head.extend_from_slice(&salt);
    let mut armor = ArmorWriter::new(out, false).map_err(io_fail)?;
    armor.write_all(&head).map_err(io_fail)?;

    let mut literal_head = Vec::with_capacity(12);
    literal_head.extend_from_slice(&[0xC0 | 11, 0xFF]);
    literal_head.extend_from_slice(&literal_body.to_be_bytes());
    literal_head.extend_from_slice(&[b'b', 0, 0, 0, 0, 0]);
    let mut source = std::io::Read::chain(&literal_head[..], plaintext);
    let mut enc = SymEncryptedProtectedData::encrypt_seipdv2_stream(
        sym,
        aead,
        chunk,
        &session_key[..],
        salt,
        (&mut source).take(literal_len),
    )
    .map_err(fail)?;
    let mut buf = zeroize::Zeroizing::new(vec![0u8; 64 * 1024]);
    let mut written = 0u64;
    loop {
        let n = enc.read(&mut buf).map_err(io_fail)?;
        if n == 0 {
            break;
        }
        armor.write_all(&buf[..n]).map_err(io_fail)?;
        written += n as u64;
    }
    drop(enc);
    // Exactly the announced length: neither shorter (the packet length would lie) nor longer.
    if written != u64::from(seipd_body) - 36 || source.read(&mut buf[..1]).map_err(io_fail)? != 0 {
        return Err(SealError::Encrypt { reason: "the message is not as long as announced".into() });
    }
    armor.finish().map_err(io_fail)
}
