//! The OpenPGP message itself: where report bytes are encrypted.
//!
//! A v3 PKESK for the chosen encryption key and a SEIPDv1 (AES-256, with MDC) data packet:
//! what GnuPG 2.2, rnp, Sequoia and OpenPGP.js all read. (SEIPDv2/AEAD is not readable by
//! GnuPG 2.2, still the most common tool on PSIRT desks.) The literal packet carries no file name
//! or date (rpgp writes none), so the ciphertext reveals neither.

use super::key::Recipient;
use super::SealError;
use pgp::composed::{ArmorOptions, MessageBuilder};
use pgp::crypto::sym::SymmetricKeyAlgorithm;

pub(super) fn to_armored<R: rand::CryptoRng + rand::Rng>(
    plaintext: Vec<u8>,
    recipient: &Recipient,
    mut rng: R,
) -> Result<String, SealError> {
    let fail = |e: pgp::errors::Error| SealError::Encrypt { reason: e.to_string().chars().take(160).collect() };
    let mut builder = MessageBuilder::from_bytes("", plaintext).seipd_v1(&mut rng, SymmetricKeyAlgorithm::AES256);
    match recipient.encryption_subkey {
        Some(i) => builder.encrypt_to_key(&mut rng, &recipient.cert.public_subkeys[i].key).map_err(fail)?,
        None => builder.encrypt_to_key(&mut rng, &recipient.cert.primary_key).map_err(fail)?,
    };
    builder.to_armored_string(&mut rng, ArmorOptions::default()).map_err(fail)
}
