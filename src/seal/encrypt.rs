//! The OpenPGP message itself: the MIME plaintext, streamed from a `Read` into armored output.
//!
//! - v4 encryption key (written by `seipd.rs`): a v3 PKESK and a SEIPDv1 (AES-256, with MDC) data packet: what GnuPG 2.2,
//!   rnp, Sequoia and OpenPGP.js all read. (SEIPDv2 is not readable by GnuPG 2.2, still the most
//!   common tool on PSIRT desks, so it is not used for v4 keys even when they announce it.)
//! - v6 encryption key: RFC 9580 requires a v6 PKESK, which only goes with SEIPDv2: AES-256 with
//!   OCB (the mandatory AEAD mode), or GCM when the key lists GCM and not OCB. Checked: OpenPGP.js
//!   6 decrypts it; GnuPG 2.2, and Debian's rnp 0.16 and sqop, cannot read v6 keys at all.
//!
//! No compression (a compression oracle would leak what the padding hides). The literal packet
//! carries no file name or date. The armor uses CRLF line ends, so the very same text is the
//! `.asc` file and the body of the `.eml` part (one copy in memory, not two).

use super::key::Recipient;
use super::seipd::Naming;
use super::SealError;
use pgp::composed::{ArmorOptions, MessageBuilder};
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

/// Streams `plaintext` through SEIPD v2 encryption to the v6 `recipients` (one PKESK v6 each:
/// the PSIRT, then the reporter's own key when there is one) into `out` as CRLF armor (v4 keys:
/// `seipd.rs`). The AEAD mode is the PSIRT's preference. A `Naming::Anonymous` recipient's PKESK
/// carries no key version and fingerprint (RFC 9580 §5.1.1, "anonymous recipient"), written by
/// rpgp's `encrypt_to_key_anonymous`.
pub(super) fn encrypt_armored_v6<P: Read, W: Write, R: rand::CryptoRng + rand::Rng>(
    plaintext: P,
    recipients: &[(&Recipient, Naming)],
    mut rng: R,
    out: W,
) -> Result<(), SealError> {
    let fail = |e: pgp::errors::Error| SealError::Encrypt { reason: super::key::short_reason(&e.to_string()) };
    let Some(first) = recipients.first() else {
        return Err(SealError::Encrypt { reason: "no recipient".into() });
    };
    let out = CrlfWriter { inner: out };
    let builder = MessageBuilder::from_reader("", plaintext);
    let aead = if first.0.prefers_gcm { AeadAlgorithm::Gcm } else { AeadAlgorithm::Ocb };
    let mut b = builder.seipd_v2(&mut rng, SymmetricKeyAlgorithm::AES256, aead, ChunkSize::default());
    for &(recipient, naming) in recipients {
        let cert = &recipient.cert;
        let anonymous = naming == Naming::Anonymous;
        match (recipient.encryption_subkey, anonymous) {
            (Some(i), false) => b.encrypt_to_key(&mut rng, &cert.public_subkeys[i].key),
            (Some(i), true) => b.encrypt_to_key_anonymous(&mut rng, &cert.public_subkeys[i].key),
            (None, false) => b.encrypt_to_key(&mut rng, &cert.primary_key),
            (None, true) => b.encrypt_to_key_anonymous(&mut rng, &cert.primary_key),
        }
        .map_err(fail)?;
    }
    // RFC 9580 §6.2: no CRC24 in armor for v6 messages.
    let opts = ArmorOptions { headers: None, include_checksum: false };
    b.to_armored_writer(&mut rng, opts, out).map_err(fail)
}

/// Exact size of the armored message for a plaintext of `len` bytes is not worth computing; this
/// is an upper bound used to reserve the output buffer once (no doubling while it grows).
pub(super) fn armored_capacity(len: u64) -> usize {
    // Packets: ~1.0002x + headers; base64 4/3; line ends 2 per 64 characters; + 4 KiB of margin.
    let binary = len + len / 1024 + 2048;
    let b64 = binary.div_ceil(3) * 4;
    usize::try_from(b64 + b64.div_ceil(64) * 2 + 4096).unwrap_or(usize::MAX)
}

/// Turns every `\n` written into `\r\n` (rpgp writes LF armor).
struct CrlfWriter<W: Write> {
    inner: W,
}

impl<W: Write> Write for CrlfWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut start = 0;
        for (i, &b) in buf.iter().enumerate() {
            if b == b'\n' {
                self.inner.write_all(&buf[start..i])?;
                self.inner.write_all(b"\r\n")?;
                start = i + 1;
            }
        }
        self.inner.write_all(&buf[start..])?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
