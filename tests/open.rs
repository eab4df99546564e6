//! `open`, the PSIRT's side: seal -> open returns the report, the subject, the text and every
//! attachment byte for byte (binary, all 256 byte values, ~10 MB); a message for another key, a
//! tampered message, a wrong passphrase and garbage are refused with their own codes.

use psirt_report::seal::{open, seal_full, Attachment, OpenError, OpenOptions, SealOptions};
use psirt_report::{date, Code, Profile};
use rand::SeedableRng;
use std::path::Path;

const DEMO_PUB: &str = include_str!("../keys/demo-psirt.pub.asc");
const DEMO_SEC: &str = include_str!("../keys/demo-psirt.sec.asc");

fn example(name: &str) -> String {
    std::fs::read_to_string(Path::new("examples").join(name)).unwrap()
}

fn key(name: &str) -> String {
    std::fs::read_to_string(format!("tests/keys/{name}")).unwrap()
}

fn demo() -> SealOptions<'static> {
    SealOptions { profile: Profile::demo(), pin: None, today: date::parse("2026-11-22"), now: None }
}

fn open_demo() -> OpenOptions<'static> {
    OpenOptions { profile: Profile::demo(), today: date::parse("2026-11-22"), passphrase: None }
}

fn rng(seed: u64) -> rand_chacha::ChaCha8Rng {
    rand_chacha::ChaCha8Rng::seed_from_u64(seed)
}

#[test]
fn round_trip_is_byte_for_byte_with_binary_attachments() {
    let text = example("valid-vulnerability.json");
    let all_bytes: Vec<u8> = (0..=255u8).collect();
    let empty: Vec<u8> = Vec::new();
    // ~10 MB of pseudo-random bytes (incompressible, every value).
    let mut big = vec![0u8; 10 * 1000 * 1000 + 7];
    rand::RngCore::fill_bytes(&mut rng(9), &mut big);
    let attachments = [
        Attachment { name: "all-bytes.bin", media_type: None, data: &all_bytes },
        Attachment { name: "capture d'écran.png", media_type: Some("image/png"), data: &all_bytes[..100] },
        Attachment { name: "empty.txt", media_type: Some("text/plain"), data: &empty },
        Attachment { name: "trace.pcap", media_type: Some("application/vnd.tcpdump.pcap"), data: &big },
    ];
    let sealed = seal_full(&text, DEMO_PUB.as_bytes(), &attachments, &demo(), rng(1)).unwrap();
    for input in [sealed.armored.clone(), sealed.eml()] {
        let opened = open(input.as_bytes(), DEMO_SEC.as_bytes(), &open_demo()).unwrap();
        let report: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(opened.report, report);
        assert_eq!(opened.report_json, psirt_report::report::canonical_json(&report));
        assert!(opened.diagnostics.valid);
        assert_eq!(opened.subject, report["title"].as_str().unwrap());
        assert!(opened.text.contains(report["title"].as_str().unwrap()));
        assert!(opened.text.contains("trace.pcap"));
        assert_eq!(opened.recipient, Profile::demo().pin());
        assert_eq!(opened.attachments.len(), attachments.len());
        for (got, sent) in opened.attachments.iter().zip(&attachments) {
            assert_eq!(got.name, sent.name);
            assert_eq!(got.media_type, sent.media_type.unwrap_or("application/octet-stream"));
            assert!(got.data == sent.data, "{}: bytes differ", sent.name);
        }
    }
}

#[test]
fn attachments_inside_the_report_come_out_as_parts_too() {
    use base64::Engine;
    let mut v: serde_json::Value = serde_json::from_str(&example("valid-vulnerability.json")).unwrap();
    let bytes: Vec<u8> = (0..=255u8).rev().collect();
    v["attachments"] = serde_json::json!([{
        "name": "poc.bin", "media_type": "application/octet-stream",
        "content_base64": base64::engine::general_purpose::STANDARD.encode(&bytes)
    }]);
    let text = serde_json::to_string(&v).unwrap();
    let sealed = seal_full(&text, DEMO_PUB.as_bytes(), &[], &demo(), rng(2)).unwrap();
    let opened = open(sealed.armored.as_bytes(), DEMO_SEC.as_bytes(), &open_demo()).unwrap();
    assert_eq!(opened.attachments.len(), 1);
    assert_eq!(opened.attachments[0].name, "poc.bin");
    assert_eq!(opened.attachments[0].data, bytes);
}

#[test]
fn a_french_title_travels_as_the_protected_subject() {
    let text = example("valid-data-leak.json");
    let sealed = seal_full(&text, DEMO_PUB.as_bytes(), &[], &demo(), rng(3)).unwrap();
    let opened = open(sealed.eml().as_bytes(), DEMO_SEC.as_bytes(), &open_demo()).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(opened.subject, v["title"].as_str().unwrap());
    assert!(opened.text.contains("Titre") || opened.text.contains("Rapport"), "{}", opened.text);
}

#[test]
fn a_message_for_another_key_is_refused() {
    let text = example("valid-vulnerability.json");
    let sealed = seal_full(&text, DEMO_PUB.as_bytes(), &[], &demo(), rng(4)).unwrap();
    let e = open(sealed.armored.as_bytes(), key("valid.sec.asc").as_bytes(), &open_demo()).unwrap_err();
    assert_eq!(e.code(), Code::OpenNotForThisKey);
    assert!(matches!(e, OpenError::NotForThisKey { ref recipients } if recipients.len() == 1));
}

/// The binary message inside an armored one (body lines only, checksum dropped).
fn dearmor(armored: &str) -> Vec<u8> {
    use base64::Engine;
    let body: String = armored
        .lines()
        .skip_while(|l| !l.is_empty())
        .skip(1)
        .take_while(|l| !l.starts_with('=') && !l.starts_with("-----"))
        .collect();
    base64::engine::general_purpose::STANDARD.decode(body).unwrap()
}

#[test]
fn tampering_is_its_own_code_and_returns_nothing() {
    let text = example("valid-vulnerability.json");
    let sealed = seal_full(&text, DEMO_PUB.as_bytes(), &[], &demo(), rng(5)).unwrap();
    // Flip one byte of the encrypted data (past the PKESK).
    let mut bin = dearmor(&sealed.armored);
    for at in [bin.len() / 2, bin.len() - 5, bin.len() - 30] {
        let mut b = bin.clone();
        b[at] ^= 0x01;
        let e = open(&b, DEMO_SEC.as_bytes(), &open_demo()).unwrap_err();
        assert_eq!(e.code(), Code::OpenTampered, "flip at {at} of {}", b.len());
    }
    // The intact binary message opens.
    bin.truncate(bin.len());
    assert!(open(&bin, DEMO_SEC.as_bytes(), &open_demo()).is_ok());
}

#[test]
fn keys_and_inputs_that_cannot_open() {
    let text = example("valid-vulnerability.json");
    let sealed = seal_full(&text, DEMO_PUB.as_bytes(), &[], &demo(), rng(6)).unwrap();
    let armored = sealed.armored.as_bytes();
    assert_eq!(open(armored, DEMO_PUB.as_bytes(), &open_demo()).unwrap_err().code(), Code::OpenSecretKeyUnreadable);
    assert_eq!(open(armored, b"garbage", &open_demo()).unwrap_err().code(), Code::OpenSecretKeyUnreadable);
    assert_eq!(open(b"hello", DEMO_SEC.as_bytes(), &open_demo()).unwrap_err().code(), Code::OpenUnreadable);
    let half = &sealed.armored[..sealed.armored.len() / 2];
    assert!(open(half.as_bytes(), DEMO_SEC.as_bytes(), &open_demo()).is_err());
    // A passphrase-protected key: right passphrase opens, a wrong one is a key problem.
    let fp = {
        use pgp::composed::{Deserializable, SignedPublicKey};
        use pgp::types::KeyDetails;
        let (k, _) = SignedPublicKey::from_string(&key("passphrase.pub.asc")).unwrap();
        k.primary_key.fingerprint().as_bytes().iter().map(|b| format!("{b:02X}")).collect::<String>()
    };
    let opts = SealOptions { pin: Some(fp), ..demo() };
    let sealed = seal_full(&text, key("passphrase.pub.asc").as_bytes(), &[], &opts, rng(7)).unwrap();
    let with = |p: &str| OpenOptions { passphrase: Some(p.to_owned().into()), ..open_demo() };
    let sec = key("passphrase.sec.asc");
    assert!(open(sealed.armored.as_bytes(), sec.as_bytes(), &with("correct horse")).is_ok());
    let e = open(sealed.armored.as_bytes(), sec.as_bytes(), &with("wrong")).unwrap_err();
    assert_eq!(e.code(), Code::OpenSecretKeyUnreadable, "{e:?}");
}

#[test]
fn v6_recipients_get_seipd_v2_and_open() {
    use pgp::composed::{Deserializable, SignedPublicKey};
    use pgp::types::KeyDetails;
    let (k, _) = SignedPublicKey::from_string(&key("v6.pub.asc")).unwrap();
    let fp: String = k.primary_key.fingerprint().as_bytes().iter().map(|b| format!("{b:02X}")).collect();
    let opts = SealOptions { pin: Some(fp.clone()), ..demo() };
    let text = example("valid-vulnerability.json");
    let sealed = seal_full(&text, key("v6.pub.asc").as_bytes(), &[], &opts, rng(8)).unwrap();
    assert!(!sealed.armored.contains("\r\n="), "no CRC24 line for a v6 message");
    let opened = open(sealed.armored.as_bytes(), key("v6.sec.asc").as_bytes(), &open_demo()).unwrap();
    assert_eq!(opened.recipient, fp);
    assert!(opened.diagnostics.valid);
}

#[test]
fn bad_attachments_are_refused_before_anything_is_encrypted() {
    let text = example("valid-vulnerability.json");
    for (name, media) in [("../etc/passwd", None), ("", None), ("a\nb", None), ("ok.bin", Some("not a type"))] {
        let a = [Attachment { name, media_type: media, data: b"x" }];
        let e = seal_full(&text, DEMO_PUB.as_bytes(), &a, &demo(), rng(9)).unwrap_err();
        assert_eq!(e.code(), Code::AttachmentRefused, "{name:?}");
    }
}

#[test]
fn a_profile_can_lower_the_attachment_limits_but_not_raise_them() {
    use psirt_report::profile::AttachmentLimits;
    let text = example("valid-vulnerability.json");
    let mut strict = Profile::demo().clone();
    strict.attachments = Some(AttachmentLimits { max_files: Some(1), max_total_bytes: Some(10) });
    let opts = SealOptions { profile: &strict, ..demo() };
    let one = [Attachment { name: "a.bin", media_type: None, data: b"0123456789" }];
    assert!(seal_full(&text, DEMO_PUB.as_bytes(), &one, &opts, rng(11)).is_ok());
    let two = [one[0], Attachment { name: "b.bin", media_type: None, data: b"x" }];
    let e = seal_full(&text, DEMO_PUB.as_bytes(), &two, &opts, rng(12)).unwrap_err();
    assert_eq!(e.code(), Code::AttachmentRefused);
    let big = [Attachment { name: "a.bin", media_type: None, data: b"0123456789A" }];
    assert_eq!(
        seal_full(&text, DEMO_PUB.as_bytes(), &big, &opts, rng(13)).unwrap_err().code(),
        Code::AttachmentRefused
    );
    strict.attachments = Some(AttachmentLimits { max_files: Some(500), max_total_bytes: Some(u64::MAX) });
    assert_eq!(
        strict.attachment_limits(),
        (psirt_report::seal::MAX_ATTACHMENTS, psirt_report::seal::MAX_ATTACHMENT_BYTES)
    );
}

#[test]
fn an_appeal_is_addressed_to_the_cna_coordinator() {
    let appeal = seal_full(&example("valid-cna-appeal.json"), DEMO_PUB.as_bytes(), &[], &demo(), rng(14)).unwrap();
    let coordinator = Profile::demo().appeal_email.clone().unwrap();
    assert_eq!(appeal.envelope.to, coordinator);
    assert!(appeal.eml().starts_with(&format!("To: {coordinator}\r\n")), "{}", &appeal.eml()[..80]);
    let vuln = seal_full(&example("valid-vulnerability.json"), DEMO_PUB.as_bytes(), &[], &demo(), rng(15)).unwrap();
    assert_eq!(vuln.envelope.to, Profile::demo().psirt_email);
}

#[test]
fn damaged_messages_never_panic_and_never_open() {
    let text = example("valid-cna-appeal.json");
    let sealed = seal_full(&text, DEMO_PUB.as_bytes(), &[], &demo(), rng(10)).unwrap();
    let bin = dearmor(&sealed.armored);
    let step = (bin.len() / 200).max(1);
    for at in (0..bin.len()).step_by(step) {
        let mut b = bin.clone();
        b[at] ^= 0x80;
        // A flip in the PKESK or the data: some refusal, never a panic and never content.
        assert!(open(&b, DEMO_SEC.as_bytes(), &open_demo()).is_err(), "flip at {at} opened");
        assert!(open(&bin[..at], DEMO_SEC.as_bytes(), &open_demo()).is_err(), "truncated at {at} opened");
    }
}

#[test]
fn the_text_part_is_exactly_what_render_text_shows_before_sealing() {
    use base64::Engine;
    use psirt_report::seal::text::sealed_text;
    let data: Vec<u8> = (0..=255u8).collect();
    let passed = [
        Attachment { name: "poc.bin", media_type: None, data: &data },
        Attachment { name: "capture d'écran.png", media_type: Some("image/png"), data: &data[..7] },
    ];
    let sizes: Vec<(String, u64)> = passed.iter().map(|a| (a.name.to_owned(), a.data.len() as u64)).collect();
    let mut reports: Vec<serde_json::Value> =
        ["valid-vulnerability.json", "valid-data-leak.json", "valid-cna-appeal.json"]
            .iter()
            .map(|name| serde_json::from_str(&example(name)).unwrap())
            .collect();
    let mut v = reports[0].clone();
    v["language"] = "fr".into();
    v["commitments"]["policy_version"] = Profile::demo().policy_version().into();
    v["attachments"] = serde_json::json!([{
        "name": "inside.txt", "media_type": "text/plain",
        "content_base64": base64::engine::general_purpose::STANDARD.encode(&data[..10])
    }]);
    reports.push(v);
    for (i, report) in reports.iter().enumerate() {
        let text = serde_json::to_string(report).unwrap();
        for attachments in [&passed[..0], &passed[..]] {
            let sealed = seal_full(&text, DEMO_PUB.as_bytes(), attachments, &demo(), rng(20 + i as u64)).unwrap();
            let opened = open(sealed.armored.as_bytes(), DEMO_SEC.as_bytes(), &open_demo()).unwrap();
            assert_eq!(opened.text, sealed_text(report, &sizes[..attachments.len()]), "report {i}");
        }
    }
    let shown = sealed_text(&reports[3], &sizes);
    assert!(shown.contains("Version de la politique : sha256:"), "{shown}");
    assert!(shown.contains("  - inside.txt (10 octets)\n  - poc.bin (256 octets)\n"), "{shown}");
}

/// A compressed packet is inflated only up to `MAX_PLAINTEXT_BYTES`. The bomb
/// is ~170 KB on the wire and inflates to one byte more than the limit; before the cap, `open`
/// read all of it into memory (and a larger bomb exhausted it).
#[test]
fn compressed_bomb_is_refused_at_the_plaintext_limit() {
    use pgp::composed::{Deserializable, MessageBuilder, SignedPublicKey};
    use pgp::crypto::sym::SymmetricKeyAlgorithm;
    use pgp::types::CompressionAlgorithm;
    use psirt_report::seal::MAX_PLAINTEXT_BYTES;
    use std::io::Read;
    let (cert, _) = SignedPublicKey::from_string(DEMO_PUB).unwrap();
    let zeros = std::io::repeat(0).take(MAX_PLAINTEXT_BYTES as u64 + 1);
    let mut builder = MessageBuilder::from_reader("", zeros);
    builder.compression(CompressionAlgorithm::ZLIB);
    let mut b = builder.seipd_v1(rng(11), SymmetricKeyAlgorithm::AES256);
    b.encrypt_to_key(rng(12), &cert.public_subkeys[0].key).unwrap();
    let bomb = b.to_vec(rng(13)).unwrap();
    assert!(bomb.len() < 1024 * 1024, "the bomb is small: {} bytes", bomb.len());
    let started = std::time::Instant::now();
    let e = open(&bomb, DEMO_SEC.as_bytes(), &open_demo()).unwrap_err();
    assert_eq!(e.code(), Code::OpenTooLarge, "{e:?}");
    // A bound against a hang or a full inflation, not a speed target (BENCHMARKS.md has those):
    // a debug build on a loaded 2-core machine took 26 s here.
    assert!(started.elapsed() < std::time::Duration::from_secs(120), "{:?}", started.elapsed());
}

/// The options' `Debug` never prints the passphrase.
#[test]
fn open_options_debug_hides_the_passphrase() {
    let opts = OpenOptions { passphrase: Some("correct horse".to_owned().into()), ..open_demo() };
    let shown = format!("{opts:?}");
    assert!(!shown.contains("correct horse"), "{shown}");
    assert!(shown.contains("redacted"), "{shown}");
}
