//! Fuzz target bodies (`make fuzz`, fuzz/fuzz_targets/*) and their regression runner
//! (tests/fuzz_regressions.rs). Not API: hidden from the docs, absent from the wasm build.
//!
//! Each body takes arbitrary bytes and must return without panicking; it also asserts what must
//! hold for every input (offsets inside the text, a refusal code from the documented set).

use crate::i18n::Code;
use crate::profile::Profile;
use crate::seal::{self, OpenError, OpenOptions};
use crate::{scan, validate};

const DEMO_SEC: &str = include_str!("../keys/demo-psirt.sec.asc");
const DEMO_PUB: &str = include_str!("../keys/demo-psirt.pub.asc");

fn options() -> validate::Options<'static> {
    validate::Options { profile: Profile::demo(), today: crate::date::parse("2026-11-22") }
}

/// Report parsing and validation: any text gets diagnostics whose paths are JSON Pointers.
pub fn report_json(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let d = validate::validate_str(&text, &options());
    assert_eq!(d.valid, d.errors.is_empty());
    for e in d.errors.iter().chain(&d.warnings) {
        assert!(e.path.is_empty() || e.path.starts_with('/'), "{}", e.path);
    }
}

/// Scanning and redaction: findings index the text in UTF-16 units; redaction keeps the shape.
pub fn scan_redact(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let units = text.encode_utf16().count();
    let opts = scan::ScanOptions::default();
    for f in scan::scan_text(&text, &opts) {
        assert!(f.start <= f.end && f.end <= units, "{}..{} of {units}", f.start, f.end);
    }
    let report = serde_json::json!({ "title": "fuzz", "description": text.as_ref() });
    let findings = scan::scan_report(&report, &opts);
    let redacted = scan::redact(&report, &findings);
    assert!(redacted["description"].is_string());
}

/// Key loading: any bytes are judged or refused with a key code; with the key's own fingerprint
/// as the pin, the whole policy runs (not only the pin check).
pub fn key_load(data: &[u8]) {
    use pgp::composed::{Deserializable, SignedPublicKey};
    use pgp::types::KeyDetails;
    let demo_pin = Profile::demo().pin();
    let check = |pin: &str| {
        if let Err(e) = seal::key::load_recipient_at(data, pin, "fuzz", Some(1_790_000_000)) {
            assert!(e.code().as_str().starts_with("key-"), "{:?}", e.code());
        }
    };
    check(&demo_pin);
    if data.len() <= seal::key::MAX_KEY_BYTES {
        if let Ok((k, _)) = SignedPublicKey::from_reader_single(data) {
            check(&seal::key::upper_hex(k.primary_key.fingerprint().as_bytes()));
        }
    }
}

/// `open` on arbitrary bytes (as .asc, .eml or binary): refused with an `open-…` code.
pub fn open_message(data: &[u8]) {
    let opts = OpenOptions { profile: Profile::demo(), today: None, passphrase: None };
    if let Err(e) = seal::open(data, DEMO_SEC.as_bytes(), &opts) {
        assert!(e.code().as_str().starts_with("open-"), "{:?}", e.code());
    }
}

/// The MIME side of `open`: `data` is the decrypted plaintext (encrypted here to the demo key, so
/// every input reaches the payload parser). Opens, or is refused as not a report payload.
pub fn open_payload(data: &[u8]) {
    use pgp::composed::{Deserializable, MessageBuilder, SignedPublicKey};
    use pgp::crypto::sym::SymmetricKeyAlgorithm;
    use rand::SeedableRng;
    let Ok((cert, _)) = SignedPublicKey::from_string(DEMO_PUB) else { return };
    let Some(sub) = cert.public_subkeys.first() else { return };
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let mut builder = MessageBuilder::from_bytes("", data.to_vec()).seipd_v1(&mut rng, SymmetricKeyAlgorithm::AES256);
    if builder.encrypt_to_key(&mut rng, &sub.key).is_err() {
        return;
    }
    let Ok(message) = builder.to_vec(&mut rng) else { return };
    let opts = OpenOptions { profile: Profile::demo(), today: None, passphrase: None };
    match seal::open(&message, DEMO_SEC.as_bytes(), &opts) {
        Ok(_) => {}
        Err(e @ (OpenError::Payload { .. } | OpenError::TooLarge { .. })) => {
            assert!(matches!(e.code(), Code::OpenPayloadInvalid | Code::OpenTooLarge));
        }
        Err(e) => unreachable_code(&e),
    }
}

/// A refusal other than "not a payload" for a message we encrypted ourselves is a bug.
fn unreachable_code(e: &OpenError) {
    assert!(matches!(e, OpenError::Payload { .. }), "unexpected refusal {e:?}");
}

/// Runs the body named `target` on `data` (tests/fuzz_regressions.rs).
pub fn run(target: &str, data: &[u8]) -> bool {
    match target {
        "report_json" => report_json(data),
        "scan_redact" => scan_redact(data),
        "key_load" => key_load(data),
        "open_message" => open_message(data),
        "open_payload" => open_payload(data),
        _ => return false,
    }
    true
}
