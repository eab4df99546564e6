//! Looking at a message without opening it: what an intake may know before it stores a report.
//!
//! [`inspect`] walks the OpenPGP packets of what arrived (the bare armored or binary message, or
//! a mail holding one, found by `inbox`) with rpgp's packet parser and says who it is addressed
//! to (each PKESK's key ID or fingerprint; wildcard "anonymous" recipients counted, not named),
//! whether a password could open it (an SKESK), whether anything is readable as it stands
//! (literal, compressed or signed data outside any encryption), which encrypted data packet
//! carries the content, and the sizes. Nothing is decrypted: no key is needed, so the service
//! that calls it can never read a report. What to accept is the caller's policy (the intake,
//! `pkg/intake/`); this module only refuses what is not an OpenPGP message at all.

use super::inbox::{self, Form};
use super::key::{short_reason, upper_hex};
use crate::i18n::{Code, Params};
use pgp::armor::Dearmor;
use pgp::packet::{Packet, PacketParser, PublicKeyEncryptedSessionKey};
use serde::Serialize;
use std::io::{BufReader, Read};

/// Largest input inspected (the largest sealed report, as `open` reads).
pub const MAX_INSPECT_BYTES: usize = super::open::MAX_MESSAGE_BYTES;
/// Most packets walked: a sealed report has a handful; a stream of thousands of tiny packets is
/// not a report and is refused rather than walked.
const MAX_PACKETS: usize = 64;

/// One PKESK packet: the recipient as the packet names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PkeskInfo {
    /// 3 or 6 (another number for a PKESK version rpgp does not know).
    pub version: u8,
    /// v3: the recipient's key ID, upper-case hex (16 digits); `None` for v6.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// v6: the recipient key's fingerprint, upper-case hex; `None` for v3 or a v6 wildcard.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// An anonymous recipient: v3 key ID of eight zero bytes, or v6 without a fingerprint.
    pub wildcard: bool,
    /// The public-key algorithm's number (RFC 9580 §9.1), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<u8>,
}

/// What a message is made of. JSON (camelCase): `{form, packets, recipients, wildcardRecipients,
/// skesk, literal, compressed, signed, encrypted, encryptedBytes, size, armored?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Inspection {
    /// How it arrived: `armored`, `binary`, `pgp-mime` or `inline`.
    pub form: Form,
    /// The packet kinds in order (`pkesk`, `skesk`, `seipd-v1`, `seipd-v2`, `sed`, `literal`…).
    pub packets: Vec<&'static str>,
    /// Every PKESK, in order.
    pub recipients: Vec<PkeskInfo>,
    /// How many of `recipients` are wildcards (anonymous).
    pub wildcard_recipients: usize,
    /// How many SKESK packets (a password opens the message).
    pub skesk: usize,
    /// A literal data packet outside any encryption: the content is readable as it stands.
    pub literal: bool,
    /// A compressed data packet outside any encryption (readable once inflated).
    pub compressed: bool,
    /// A signature or one-pass signature outside any encryption (names the signer's key).
    pub signed: bool,
    /// The encrypted data packet: `seipd-v1` (with MDC), `seipd-v2` (AEAD), `sed` (legacy,
    /// no integrity check), `gnupg-aead` (GnuPG's OCB packet); `None` when there is none.
    pub encrypted: Option<&'static str>,
    /// Bytes of the encrypted data packet's body (0 when none).
    pub encrypted_bytes: u64,
    /// Bytes of the OpenPGP message (binary, after removing the armor).
    pub size: u64,
    /// The armored block as found inside a mail (`pgp-mime`, `inline`), transfer encoding
    /// undone; `None` when the input was the message itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub armored: Option<String>,
}

impl Inspection {
    /// The encrypted data packet is the last packet and nothing readable comes before it.
    pub fn is_encrypted_only(&self) -> bool {
        self.encrypted.is_some() && !self.literal && !self.compressed && !self.signed
    }
}

/// Why a message could not be inspected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InspectError {
    /// Not an OpenPGP message (nor a mail holding one), malformed, or too large.
    NotOpenPgp { reason: String },
}

impl InspectError {
    pub fn code(&self) -> Code {
        match self {
            InspectError::NotOpenPgp { .. } => Code::InspectNotOpenpgp,
        }
    }
    pub fn params(&self) -> Params {
        let mut p = Params::new();
        match self {
            InspectError::NotOpenPgp { reason } => {
                p.insert("reason", reason.clone());
            }
        }
        p
    }
}

crate::i18n::localized_error!(InspectError);

fn not_openpgp(reason: impl Into<String>) -> InspectError {
    InspectError::NotOpenPgp { reason: reason.into() }
}

/// Counts the bytes read through it (the binary message's size behind the armor).
struct Counting<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// Inspects `message` (one mail, the armored or the binary message) without decrypting it.
pub fn inspect(message: &[u8]) -> Result<Inspection, InspectError> {
    if message.len() > MAX_INSPECT_BYTES {
        return Err(not_openpgp(format!("larger than {MAX_INSPECT_BYTES} bytes")));
    }
    let found = inbox::find(message).map_err(not_openpgp)?;
    let armored = match found.form {
        Form::PgpMime | Form::Inline => Some(
            std::str::from_utf8(&found.data).map_err(|_| not_openpgp("the armored block is not ASCII"))?.to_owned(),
        ),
        Form::Armored | Form::Binary => None,
    };
    let mut packets = Vec::new();
    let mut recipients = Vec::new();
    let (mut skesk, mut literal, mut compressed, mut signed) = (0, false, false, false);
    let mut encrypted = None;
    let mut encrypted_bytes = 0u64;
    let size = {
        let source: Box<dyn Read + '_> = match found.form {
            Form::Binary => Box::new(&found.data[..]),
            _ => Box::new(Dearmor::new(BufReader::new(&found.data[..]))),
        };
        let mut counting = Counting { inner: source, count: 0 };
        let mut parser = PacketParser::new(BufReader::new(&mut counting));
        for next in parser.by_ref() {
            let packet = next.map_err(|e| not_openpgp(short_reason(&e.to_string())))?;
            if packets.len() == MAX_PACKETS {
                return Err(not_openpgp(format!("more than {MAX_PACKETS} packets")));
            }
            if encrypted.is_some() {
                // RFC 9580 §10.3: an encrypted message ends with its encrypted data packet.
                return Err(not_openpgp("a packet follows the encrypted data"));
            }
            let kind = match packet {
                Packet::PublicKeyEncryptedSessionKey(p) => {
                    recipients.push(pkesk_info(&p));
                    "pkesk"
                }
                Packet::SymKeyEncryptedSessionKey(_) => {
                    skesk += 1;
                    "skesk"
                }
                Packet::SymEncryptedProtectedData(p) => {
                    encrypted_bytes = p.data().len() as u64;
                    let kind = if p.version() == 2 { "seipd-v2" } else { "seipd-v1" };
                    encrypted = Some(kind);
                    kind
                }
                Packet::SymEncryptedData(p) => {
                    encrypted_bytes = p.data().len() as u64;
                    encrypted = Some("sed");
                    "sed"
                }
                Packet::GnupgAeadData(_) => {
                    encrypted = Some("gnupg-aead");
                    "gnupg-aead"
                }
                Packet::LiteralData(_) => {
                    literal = true;
                    "literal"
                }
                Packet::CompressedData(_) => {
                    compressed = true;
                    "compressed"
                }
                Packet::Signature(_) | Packet::OnePassSignature(_) => {
                    signed = true;
                    "signature"
                }
                Packet::Marker(_) | Packet::Padding(_) => "marker",
                Packet::PublicKey(_)
                | Packet::PublicSubkey(_)
                | Packet::SecretKey(_)
                | Packet::SecretSubkey(_)
                | Packet::UserId(_)
                | Packet::UserAttribute(_)
                | Packet::Trust(_) => return Err(not_openpgp("a key, not a message")),
                Packet::ModDetectionCode(_) => return Err(not_openpgp("a stray MDC packet")),
            };
            packets.push(kind);
        }
        drop(parser);
        // Whatever the parser left unread (an armor checksum error surfaces here too).
        std::io::copy(&mut counting, &mut std::io::sink()).map_err(|e| not_openpgp(short_reason(&e.to_string())))?;
        counting.count
    };
    if packets.is_empty() {
        return Err(not_openpgp("no OpenPGP packet"));
    }
    let wildcard_recipients = recipients.iter().filter(|r| r.wildcard).count();
    Ok(Inspection {
        form: found.form,
        packets,
        recipients,
        wildcard_recipients,
        skesk,
        literal,
        compressed,
        signed,
        encrypted,
        encrypted_bytes,
        size,
        armored,
    })
}

fn pkesk_info(p: &PublicKeyEncryptedSessionKey) -> PkeskInfo {
    let algorithm = p.algorithm().ok().map(u8::from);
    match p {
        PublicKeyEncryptedSessionKey::V3 { id, .. } => PkeskInfo {
            version: 3,
            key_id: Some(upper_hex(id.as_ref())),
            fingerprint: None,
            wildcard: id.is_wildcard(),
            algorithm,
        },
        PublicKeyEncryptedSessionKey::V6 { fingerprint, .. } => PkeskInfo {
            version: 6,
            key_id: None,
            fingerprint: fingerprint.as_ref().map(|f| upper_hex(f.as_bytes())),
            wildcard: fingerprint.is_none(),
            algorithm,
        },
        PublicKeyEncryptedSessionKey::Other { version, .. } => {
            PkeskInfo { version: *version, key_id: None, fingerprint: None, wildcard: false, algorithm }
        }
    }
}

/// The RFC 3156 `.eml` around an armored message that arrived alone (the intake's): the same
/// outer envelope `seal` writes (neutral subject, no From:, `Message-ID`), so what the intake
/// stores reads like what the CLI writes. `message_id` and `boundary` are the caller's (random).
pub fn pgp_mime(armored: &str, to: &str, subject: &str, now: u64, message_id: &str, boundary: &str) -> String {
    let head = super::mime::eml_head(to, subject, now, message_id, boundary);
    let body = armored.trim_end_matches(['\r', '\n']).replace("\r\n", "\n").replace('\n', "\r\n");
    format!("{head}{body}\r\n\r\n--{boundary}--\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;
    use crate::seal::{seal, SealOptions};

    const REPORT: &str = include_str!("../../examples/valid-vulnerability.json");
    const DEMO_PUB: &str = include_str!("../../keys/demo-psirt.pub.asc");

    fn sealed() -> crate::seal::Sealed {
        let profile = Profile::demo();
        seal(REPORT, DEMO_PUB.as_bytes(), &SealOptions::new(profile)).expect("seal")
    }

    #[test]
    fn a_sealed_report_names_the_psirt_subkey_and_nothing_is_readable() {
        let s = sealed();
        let got = inspect(s.armored.as_bytes()).unwrap();
        assert_eq!(got.form, Form::Armored);
        assert_eq!(got.packets, vec!["pkesk", "seipd-v1"]);
        assert_eq!(got.recipients.len(), 1);
        let fp = &s.recipient().encryption_key;
        assert_eq!(
            got.recipients[0].key_id.as_deref(),
            Some(&fp[fp.len() - 16..]),
            "the v4 key ID ends the fingerprint"
        );
        assert!(!got.recipients[0].wildcard);
        assert_eq!(got.wildcard_recipients, 0);
        assert_eq!(got.skesk, 0);
        assert!(got.is_encrypted_only());
        assert!(got.encrypted_bytes > 0 && got.size > got.encrypted_bytes);
        assert!(got.armored.is_none());
    }

    #[test]
    fn the_eml_yields_the_same_packets_and_its_armored_block() {
        let s = sealed();
        let eml = s.eml();
        let got = inspect(eml.as_bytes()).unwrap();
        assert_eq!(got.form, Form::PgpMime);
        assert_eq!(got.packets, vec!["pkesk", "seipd-v1"]);
        let block = got.armored.as_deref().unwrap();
        assert_eq!(block.replace("\r\n", "\n").trim_end(), s.armored.replace("\r\n", "\n").trim_end());
    }

    #[test]
    fn the_binary_message_is_read_too() {
        let s = sealed();
        let mut bin = Vec::new();
        Dearmor::new(BufReader::new(s.armored.as_bytes())).read_to_end(&mut bin).unwrap();
        let got = inspect(&bin).unwrap();
        assert_eq!(got.form, Form::Binary);
        assert_eq!(got.size, bin.len() as u64);
        assert_eq!(got.packets, vec!["pkesk", "seipd-v1"]);
    }

    #[test]
    fn not_openpgp_is_refused_with_its_code() {
        for bad in [
            &b""[..],
            b"hello world",
            b"-----BEGIN PGP MESSAGE-----\n\nnot base64 !!!\n-----END PGP MESSAGE-----\n",
            b"\xff\xff\xff\xff",
            DEMO_PUB.as_bytes(),
        ] {
            let e = inspect(bad).unwrap_err();
            assert_eq!(e.code(), Code::InspectNotOpenpgp, "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn a_damaged_ciphertext_is_refused_not_half_read() {
        let s = sealed();
        let lines: Vec<&str> = s.armored.lines().collect();
        // Drop a line from the middle of the base64: the packet lengths no longer add up.
        let cut: Vec<&str> = lines.iter().enumerate().filter(|(i, _)| *i != lines.len() / 2).map(|(_, l)| *l).collect();
        assert!(inspect(cut.join("\n").as_bytes()).is_err());
    }

    /// A literal data packet alone (what `gpg --store` writes), armored: new-format tag 11.
    fn literal_message() -> String {
        let body = b"b\x00\x00\x00\x00\x00hello plaintext";
        let mut bin = vec![0xC0 | 11, body.len() as u8];
        bin.extend_from_slice(body);
        armor(&bin)
    }

    fn armor(bin: &[u8]) -> String {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::STANDARD.encode(bin);
        format!("-----BEGIN PGP MESSAGE-----\n\n{b64}\n-----END PGP MESSAGE-----\n")
    }

    #[test]
    fn plaintext_is_seen_as_literal() {
        let got = inspect(literal_message().as_bytes()).unwrap();
        assert_eq!(got.packets, vec!["literal"]);
        assert!(got.literal);
        assert!(got.encrypted.is_none());
        assert!(!got.is_encrypted_only());
    }

    #[test]
    fn a_password_message_shows_its_skesk_and_a_wildcard_is_counted() {
        // Take the sealed message apart: replace its PKESK by a v4 SKESK (AES-256, iterated+salted
        // S2K, no encrypted session key), then by a v3 PKESK with the wildcard key ID.
        let s = sealed();
        let mut bin = Vec::new();
        Dearmor::new(BufReader::new(s.armored.as_bytes())).read_to_end(&mut bin).unwrap();
        let mut parser = PacketParser::new(BufReader::new(&bin[..]));
        let first = parser.next().unwrap().unwrap();
        let Packet::PublicKeyEncryptedSessionKey(pkesk) = first else { panic!("pkesk first") };
        let mut rest = Vec::new();
        parser.into_inner().read_to_end(&mut rest).unwrap();

        let skesk_body = [4u8, 9, 3, 8, 1, 2, 3, 4, 5, 6, 7, 8, 0x60];
        let mut with_skesk = vec![0xC0 | 3, skesk_body.len() as u8];
        with_skesk.extend_from_slice(&skesk_body);
        with_skesk.extend_from_slice(&rest);
        let got = inspect(armor(&with_skesk).as_bytes()).unwrap();
        assert_eq!(got.packets, vec!["skesk", "seipd-v1"]);
        assert_eq!(got.skesk, 1);
        assert!(got.recipients.is_empty());

        // The same PKESK with its key ID zeroed: an anonymous recipient.
        let mut pk = Vec::new();
        pgp::ser::Serialize::to_writer(&pkesk, &mut pk).unwrap();
        pk[1..9].fill(0); // body: version (1 byte) then the 8-byte key ID
        let len = pk.len();
        let mut anon = vec![0xC0 | 1];
        if len < 192 {
            anon.push(len as u8);
        } else {
            anon.extend_from_slice(&[(((len - 192) >> 8) + 192) as u8, ((len - 192) & 0xff) as u8]);
        }
        anon.extend_from_slice(&pk);
        let mut two = bin[..bin.len() - rest.len()].to_vec();
        two.extend_from_slice(&anon);
        two.extend_from_slice(&rest);
        let got = inspect(armor(&two).as_bytes()).unwrap();
        assert_eq!(got.packets, vec!["pkesk", "pkesk", "seipd-v1"]);
        assert_eq!(got.wildcard_recipients, 1);
        assert!(got.recipients[1].wildcard);
        assert_eq!(got.recipients[1].key_id.as_deref(), Some("0000000000000000"));
    }

    #[test]
    fn pgp_mime_wraps_the_armored_message_as_seal_does() {
        let s = sealed();
        let eml = pgp_mime(&s.armored, "psirt@psirt-demo.example", "Encrypted report", 0, "abc", "=_outer_x");
        assert!(eml.contains("Message-ID: <abc@psirt-report.invalid>\r\n"));
        assert!(eml.ends_with("\r\n--=_outer_x--\r\n"));
        let got = inspect(eml.as_bytes()).unwrap();
        assert_eq!(got.form, Form::PgpMime);
        assert_eq!(got.packets, vec!["pkesk", "seipd-v1"]);
    }
}
