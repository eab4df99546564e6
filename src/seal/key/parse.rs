//! Reading the key bytes: the armor taken off by hand (CRC24 checked), rpgp's parser given one
//! binary slice, and a secret key recognised by its framing to name the error.

use super::{short_reason, KeyError};
use pgp::composed::{Deserializable, SignedPublicKey};

/// Parses one public certificate. Armor checksums are checked: RFC 9580 (§6.1) lets decoders
/// ignore a CRC24 mismatch, but for the one key everything is encrypted to, a damaged copy is
/// better refused (`key-unreadable`) than trusted to the pin alone (the shared contract's choice).
///
/// The armor is taken off here (`dearmor`) and rpgp only ever parses binary packets from a byte
/// slice: each reader type rpgp's parser is called with (`from_armor_single` over a slice, the
/// armor it finds itself in `from_reader_single`, the binary slice) compiles the whole packet
/// parser once more into the seal module every reporter's page loads (three copies, measured in
/// bench/weight-levers.md).
pub(super) fn parse_public(key: &[u8]) -> Result<SignedPublicKey, KeyError> {
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
pub(super) fn looks_like_secret_key(key: &[u8]) -> bool {
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
pub(super) fn dearmor(text: &[u8]) -> Option<Result<Vec<u8>, String>> {
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
