//! A way back to the reporter. When `reporter.pgp_key` is an armored public key,
//! the report is encrypted to the PSIRT *and* to it (one session key, one PKESK each): both secret
//! keys decrypt, with rpgp and with GnuPG; a bad reporter key is refused with its own
//! `reporter-key-*` code, never dropped; a bare fingerprint is carried but encrypts nothing. The
//! receipt's report id is inside the ciphertext, and its SHA-256 is that of the armored text.
//! The reporter's key packet names nobody (the wildcard / anonymous recipient): neither the
//! reporter's key ID nor any of their fingerprints appears in the message; the PSIRT's is named.

use pgp::composed::{Deserializable, Esk, Message, SignedPublicKey, SignedSecretKey};
use pgp::packet::PublicKeyEncryptedSessionKey;
use pgp::types::{KeyDetails, KeyId, KeyVersion};
use psirt_report::seal::{open, seal, OpenOptions, SealError, SealOptions};
use psirt_report::{date, Code, Profile};
use std::path::Path;
use std::process::Command;

const DEMO_PUB: &str = include_str!("../keys/demo-psirt.pub.asc");
const DEMO_SEC: &str = include_str!("../keys/demo-psirt.sec.asc");
const REPORTER_PUB: &str = include_str!("keys/valid.pub.asc");
const REPORTER_SEC: &str = include_str!("keys/valid.sec.asc");

fn demo() -> SealOptions<'static> {
    SealOptions { profile: Profile::demo(), pin: None, today: date::parse("2026-11-22"), now: None }
}

/// The vulnerability example with `reporter.pgp_key` set to `key`.
fn report_with_key(key: &str) -> String {
    let text = std::fs::read_to_string(Path::new("examples").join("valid-vulnerability.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["reporter"]["pgp_key"] = key.into();
    v.to_string()
}

fn rpgp_decrypt(armored: &str, secret: &str) -> Vec<u8> {
    let (key, _) = SignedSecretKey::from_string(secret).unwrap();
    let (msg, _) = Message::from_string(armored).unwrap();
    let mut msg = msg.decrypt(&"".into(), &key).unwrap();
    msg.as_data_vec().unwrap()
}

fn fingerprint_of(armored_key: &str) -> String {
    psirt_report::seal::key::load_reporter_key(armored_key.as_bytes(), None).unwrap().info.fingerprint
}

#[test]
fn both_the_psirt_and_the_reporter_decrypt_one_message() {
    let sealed = seal(&report_with_key(REPORTER_PUB), DEMO_PUB.as_bytes(), &demo()).unwrap();
    let psirt = rpgp_decrypt(&sealed.armored, DEMO_SEC);
    let reporter = rpgp_decrypt(&sealed.armored, REPORTER_SEC);
    assert_eq!(psirt, reporter);
    assert!(psirt.starts_with(b"Content-Type: multipart/mixed"));
    // One session key, two PKESKs: the PSIRT's first.
    let (msg, _) = Message::from_string(&sealed.armored).unwrap();
    let Message::Encrypted { esk, .. } = msg else { panic!("not an encrypted message") };
    assert_eq!(esk.len(), 2);
    // The sealed result lists both keys, with their roles.
    let json = serde_json::to_value(&sealed).unwrap();
    let recipients = json["recipients"].as_array().unwrap();
    assert_eq!(recipients.len(), 2);
    assert_eq!(recipients[0]["role"], "psirt");
    assert_eq!(recipients[0]["fingerprint"], Profile::demo().pin());
    assert_eq!(recipients[1]["role"], "reporter");
    assert_eq!(recipients[1]["fingerprint"], fingerprint_of(REPORTER_PUB).as_str());
    // Without a reporter key: one PKESK, one recipient listed.
    let plain = std::fs::read_to_string("examples/valid-vulnerability.json").unwrap();
    let only = seal(&plain, DEMO_PUB.as_bytes(), &demo()).unwrap();
    let (msg, _) = Message::from_string(&only.armored).unwrap();
    let Message::Encrypted { esk, .. } = msg else { panic!("not an encrypted message") };
    assert_eq!(esk.len(), 1);
    assert_eq!(serde_json::to_value(&only).unwrap()["recipients"].as_array().unwrap().len(), 1);
}

#[test]
fn the_receipt_matches_the_armored_text_and_the_id_inside() {
    let sealed = seal(&report_with_key(REPORTER_PUB), DEMO_PUB.as_bytes(), &demo()).unwrap();
    let receipt = sealed.receipt();
    let digest = <sha2::Sha256 as sha2::Digest>::digest(sealed.armored.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(receipt.sha256, hex);
    assert_eq!(receipt.psirt_fingerprint, Profile::demo().pin());
    assert!(receipt.sealed_at.ends_with('Z'), "{}", receipt.sealed_at);
    let id = &receipt.report_id;
    assert_eq!(id.len(), 36);
    assert_eq!(id.as_bytes()[14], b'4', "a v4 UUID: {id}");
    // Inside the ciphertext, and read back by the PSIRT's open().
    let plain = rpgp_decrypt(&sealed.armored, REPORTER_SEC);
    let text = String::from_utf8_lossy(&plain);
    assert!(text.contains(&format!("X-Psirt-Report-Id: {id}\r\n")));
    assert!(!sealed.armored.contains(id.as_str()) && !sealed.eml().contains(id.as_str()));
    let opts = OpenOptions { profile: Profile::demo(), passphrase: None, today: date::parse("2026-11-22") };
    let opened = open(sealed.armored.as_bytes(), DEMO_SEC.as_bytes(), &opts).unwrap();
    assert_eq!(opened.report_id.as_deref(), Some(id.as_str()));
    // The reporter's secret key opens it too (open() takes any secret key).
    let mine = open(sealed.armored.as_bytes(), REPORTER_SEC.as_bytes(), &opts).unwrap();
    assert_eq!(mine.report_id.as_deref(), Some(id.as_str()));
    // Two seals: two ids.
    let again = seal(&report_with_key(REPORTER_PUB), DEMO_PUB.as_bytes(), &demo()).unwrap();
    assert_ne!(again.receipt().report_id, *id);
}

#[test]
fn a_bad_reporter_key_is_refused_with_its_code_never_dropped() {
    let key = |name: &str| std::fs::read_to_string(Path::new("tests/keys").join(name)).unwrap();
    let cases = [
        (key("revoked.pub.asc"), Code::ReporterKeyRevoked),
        (key("expired.pub.asc"), Code::ReporterKeyExpired),
        (key("sign-only.pub.asc"), Code::ReporterKeyNoEncryptionKey),
        (key("bad-self-signature.pub.asc"), Code::ReporterKeyInvalid),
        (key("truncated.pub.asc"), Code::ReporterKeyUnreadable),
        (key("wrong-checksum.pub.asc"), Code::ReporterKeyUnreadable),
        (key("dsa1024-elgamal.pub.asc"), Code::ReporterKeyAlgorithm),
        (REPORTER_SEC.to_owned(), Code::ReporterKeySecretGiven),
        ("my key is on the keyserver".to_owned(), Code::ReporterKeyUnreadable),
        // A v6 key cannot share a SEIPD v1 message with the PSIRT's v4 key.
        (key("v6.pub.asc"), Code::ReporterKeyVersionMismatch),
    ];
    for (k, code) in cases {
        let err = seal(&report_with_key(&k), DEMO_PUB.as_bytes(), &demo()).unwrap_err();
        assert!(matches!(err, SealError::ReporterKey(_)), "{code}: {err:?}");
        assert_eq!(err.code(), code, "{err}");
        let msg = err.message(psirt_report::Lang::Fr);
        assert!(!msg.contains('{'), "unfilled placeholder: {msg}");
    }
    // A bad PSIRT key is still the PSIRT's error, checked first.
    let err = seal(&report_with_key(REPORTER_PUB), REPORTER_PUB.as_bytes(), &demo()).unwrap_err();
    assert_eq!(err.code(), Code::KeyFingerprintMismatch);
}

#[test]
fn a_bare_fingerprint_is_carried_but_encrypts_nothing() {
    let fpr = fingerprint_of(REPORTER_PUB);
    let spaced: String =
        fpr.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join(" ");
    for f in [fpr.clone(), spaced] {
        let sealed = seal(&report_with_key(&f), DEMO_PUB.as_bytes(), &demo()).unwrap();
        assert!(sealed.envelope.reporter.is_none());
        let plain = rpgp_decrypt(&sealed.armored, DEMO_SEC);
        assert!(!plain.is_empty());
        let (key, _) = SignedSecretKey::from_string(REPORTER_SEC).unwrap();
        let (msg, _) = Message::from_string(&sealed.armored).unwrap();
        assert!(msg.decrypt(&"".into(), &key).is_err(), "the fingerprint's owner must not decrypt");
    }
}

#[test]
fn v6_psirt_and_v6_reporter_share_a_seipd_v2_message() {
    let v6_pub = std::fs::read_to_string("tests/keys/v6.pub.asc").unwrap();
    let v6_sec = std::fs::read_to_string("tests/keys/v6.sec.asc").unwrap();
    let pin = fingerprint_of(&v6_pub);
    let opts = SealOptions { pin: Some(pin), ..demo() };
    let sealed = seal(&report_with_key(&v6_pub), v6_pub.as_bytes(), &opts).unwrap();
    let (msg, _) = Message::from_string(&sealed.armored).unwrap();
    let Message::Encrypted { esk, .. } = msg else { panic!("not an encrypted message") };
    assert_eq!(esk.len(), 2);
    assert!(!rpgp_decrypt(&sealed.armored, &v6_sec).is_empty());
    // A v4 reporter key with a v6 PSIRT: refused the other way round.
    let err = seal(&report_with_key(REPORTER_PUB), v6_pub.as_bytes(), &opts).unwrap_err();
    assert_eq!(err.code(), Code::ReporterKeyVersionMismatch);
    assert_eq!(err.params().get("psirt").map(String::as_str), Some("6"));
}

/// GnuPG decrypts the two-recipient message with EACH secret key, each in its own home.
#[test]
fn gnupg_decrypts_the_copy_with_each_secret_key() {
    if Command::new("gpg").arg("--version").output().is_err() {
        assert!(
            std::env::var("PSIRT_REQUIRE_ALL").as_deref() != Ok("1"),
            "PSIRT_REQUIRE_ALL=1 and gpg is not installed"
        );
        eprintln!("SKIPPED: gpg not installed (make test installs it)");
        return;
    }
    let sealed = seal(&report_with_key(REPORTER_PUB), DEMO_PUB.as_bytes(), &demo()).unwrap();
    let mut plains = Vec::new();
    for secret in [DEMO_SEC, REPORTER_SEC] {
        let home = tempfile::tempdir().unwrap();
        let gpg = |args: &[&str], input: &str| {
            use std::io::Write;
            let mut child = Command::new("gpg")
                .arg("--homedir")
                .arg(home.path())
                .args(["--batch", "--quiet", "--no-tty", "--pinentry-mode", "loopback", "--passphrase", ""])
                .args(args)
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "gpg {args:?}: {}", String::from_utf8_lossy(&out.stderr));
            out.stdout
        };
        gpg(&["--import"], secret);
        plains.push(gpg(&["--decrypt"], &sealed.armored));
    }
    assert_eq!(plains[0], plains[1]);
    assert!(plains[0].starts_with(b"Content-Type: multipart/mixed"));
}

/// Every fingerprint and key ID of every key (primary and subkeys) of an armored public key.
fn names_of(armored_key: &str) -> Vec<(String, Vec<u8>)> {
    let (key, _) = SignedPublicKey::from_string(armored_key).unwrap();
    let mut out = Vec::new();
    let hex = |b: &[u8]| b.iter().map(|b| format!("{b:02X}")).collect::<String>();
    let mut add = |fp: pgp::types::Fingerprint, id: KeyId| {
        out.push((format!("fingerprint {}", hex(fp.as_bytes())), fp.as_bytes().to_vec()));
        out.push((format!("key ID {}", hex(id.as_ref())), id.as_ref().to_vec()));
    };
    add(key.primary_key.fingerprint(), key.primary_key.legacy_key_id());
    for sk in &key.public_subkeys {
        add(sk.key.fingerprint(), sk.key.legacy_key_id());
    }
    out
}

/// The binary message under the armor.
fn dearmored(armored: &str) -> Vec<u8> {
    use base64::Engine;
    let body: String = armored
        .lines()
        .skip_while(|l| !l.starts_with("-----BEGIN PGP MESSAGE-----"))
        .skip(1)
        .skip_while(|l| !l.trim().is_empty())
        .skip(1)
        .take_while(|l| !l.starts_with('=') && !l.starts_with("-----END"))
        .map(str::trim)
        .collect();
    base64::engine::general_purpose::STANDARD.decode(body).unwrap()
}

/// Where any key of `armored_key` is named in the message: as bytes in its packets, or as hex in
/// the armored text (upper or lower case). Empty when nowhere.
fn named_in(armored: &str, armored_key: &str) -> Vec<String> {
    let bytes = dearmored(armored);
    let text: String = armored.split_whitespace().collect::<String>().to_uppercase();
    let mut found = Vec::new();
    for (what, needle) in names_of(armored_key) {
        if bytes.windows(needle.len()).any(|w| w == needle) {
            found.push(format!("{what} in the packets"));
        }
        let hex: String = needle.iter().map(|b| format!("{b:02X}")).collect();
        if text.contains(&hex) {
            found.push(format!("{what} in the armor"));
        }
    }
    found
}

fn pkesks(armored: &str) -> Vec<PublicKeyEncryptedSessionKey> {
    let (msg, _) = Message::from_string(armored).unwrap();
    let Message::Encrypted { esk, .. } = msg else { panic!("not an encrypted message") };
    esk.into_iter()
        .map(|e| match e {
            Esk::PublicKeyEncryptedSessionKey(p) => p,
            other => panic!("unexpected {other:?}"),
        })
        .collect()
}

#[test]
fn the_reporters_key_is_named_nowhere_in_a_v4_message() {
    let sealed = seal(&report_with_key(REPORTER_PUB), DEMO_PUB.as_bytes(), &demo()).unwrap();
    assert_eq!(named_in(&sealed.armored, REPORTER_PUB), Vec::<String>::new());
    assert_eq!(named_in(&sealed.eml(), REPORTER_PUB), Vec::<String>::new());
    let p = pkesks(&sealed.armored);
    assert_eq!(p.len(), 2);
    // The PSIRT's packet names the PSIRT's encryption subkey (the intake and GnuPG find it) ...
    let (psirt, _) = SignedPublicKey::from_string(DEMO_PUB).unwrap();
    let psirt_sub = psirt.public_subkeys[0].key.legacy_key_id();
    assert!(matches!(&p[0], PublicKeyEncryptedSessionKey::V3 { id, .. } if *id == psirt_sub), "{:?}", p[0]);
    // ... the reporter's names nobody: the wildcard key ID, eight zero bytes (RFC 9580 §5.1.1).
    assert!(matches!(&p[1], PublicKeyEncryptedSessionKey::V3 { id, .. } if *id == KeyId::WILDCARD), "{:?}", p[1]);
    // Both still decrypt: rpgp tries a wildcard packet with the key it is given; open() too.
    assert_eq!(rpgp_decrypt(&sealed.armored, DEMO_SEC), rpgp_decrypt(&sealed.armored, REPORTER_SEC));
    let opts = OpenOptions { profile: Profile::demo(), passphrase: None, today: date::parse("2026-11-22") };
    let id = sealed.receipt().report_id;
    assert_eq!(open(sealed.armored.as_bytes(), DEMO_SEC.as_bytes(), &opts).unwrap().report_id, Some(id.clone()));
    assert_eq!(open(sealed.armored.as_bytes(), REPORTER_SEC.as_bytes(), &opts).unwrap().report_id, Some(id));
    // A third key is told the message is not for it (not "tampered"): the named packet is the
    // PSIRT's, and the unnamed one does not open with it.
    let other = std::fs::read_to_string("tests/keys/passphrase.sec.asc").unwrap();
    let opts_pw = OpenOptions { passphrase: Some("correct horse".to_owned().into()), ..opts };
    let err = open(sealed.armored.as_bytes(), other.as_bytes(), &opts_pw).unwrap_err();
    assert_eq!(err.code(), Code::OpenNotForThisKey, "{err:?}");
    // The reporter's fingerprint is still listed locally (the reporter's own machine), with its role.
    let json = serde_json::to_value(&sealed).unwrap();
    assert_eq!(json["recipients"][1]["fingerprint"], fingerprint_of(REPORTER_PUB).as_str());
}

/// A v6 reporter key next to a v6 PSIRT key: made here (rpgp), so that the two keys differ.
fn v6_reporter_key() -> (String, String) {
    use pgp::composed::{EncryptionCaps, KeyType, SecretKeyParamsBuilder, SubkeyParamsBuilder};
    use rand_chacha::rand_core::SeedableRng;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(6);
    let subkey = SubkeyParamsBuilder::default()
        .version(KeyVersion::V6)
        .key_type(KeyType::X25519)
        .can_encrypt(EncryptionCaps::All)
        .build()
        .unwrap();
    let params = SecretKeyParamsBuilder::default()
        .version(KeyVersion::V6)
        .key_type(KeyType::Ed25519)
        .can_certify(true)
        .can_sign(true)
        .primary_user_id("Reporter v6 <v6-reporter@researcher.example>".into())
        .subkey(subkey)
        .build()
        .unwrap();
    let secret = params.generate(&mut rng).unwrap();
    let public = secret.to_public_key();
    let opts = pgp::composed::ArmorOptions::default();
    (public.to_armored_string(opts.clone()).unwrap(), secret.to_armored_string(opts).unwrap())
}

#[test]
fn the_reporters_key_is_named_nowhere_in_a_v6_message() {
    let psirt_pub = std::fs::read_to_string("tests/keys/v6.pub.asc").unwrap();
    let psirt_sec = std::fs::read_to_string("tests/keys/v6.sec.asc").unwrap();
    let (reporter_pub, reporter_sec) = v6_reporter_key();
    let opts = SealOptions { pin: Some(fingerprint_of(&psirt_pub)), ..demo() };
    let sealed = seal(&report_with_key(&reporter_pub), psirt_pub.as_bytes(), &opts).unwrap();
    assert_eq!(named_in(&sealed.armored, &reporter_pub), Vec::<String>::new());
    let p = pkesks(&sealed.armored);
    assert_eq!(p.len(), 2);
    let (psirt, _) = SignedPublicKey::from_string(&psirt_pub).unwrap();
    let psirt_sub = psirt.public_subkeys[0].key.fingerprint();
    assert!(
        matches!(&p[0], PublicKeyEncryptedSessionKey::V6 { fingerprint: Some(f), .. } if *f == psirt_sub),
        "{:?}",
        p[0]
    );
    // The anonymous recipient of a v6 PKESK: no key version, no fingerprint (length octet 0).
    assert!(matches!(&p[1], PublicKeyEncryptedSessionKey::V6 { fingerprint: None, .. }), "{:?}", p[1]);
    assert_eq!(rpgp_decrypt(&sealed.armored, &psirt_sec), rpgp_decrypt(&sealed.armored, &reporter_sec));
}

/// A v6 PSIRT key whose preferences list GCM and not OCB gets a SEIPD v2 packet in GCM, with one
/// fixed length (the seal module writes it around rpgp's chunked AEAD stream, not through its
/// message builder), and rpgp opens it.
#[test]
fn a_v6_key_that_prefers_gcm_gets_a_fixed_length_gcm_packet() {
    use pgp::composed::{EncryptionCaps, KeyType, SecretKeyParamsBuilder, SubkeyParamsBuilder};
    use pgp::crypto::aead::AeadAlgorithm;
    use pgp::crypto::sym::SymmetricKeyAlgorithm;
    use pgp::packet::{Packet, PacketParser, PacketTrait};
    use rand_chacha::rand_core::SeedableRng;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
    let subkey = SubkeyParamsBuilder::default()
        .version(KeyVersion::V6)
        .key_type(KeyType::X25519)
        .can_encrypt(EncryptionCaps::All)
        .build()
        .unwrap();
    let params = SecretKeyParamsBuilder::default()
        .version(KeyVersion::V6)
        .key_type(KeyType::Ed25519)
        .can_certify(true)
        .can_sign(true)
        .primary_user_id("PSIRT GCM <gcm@psirt-test.example>".into())
        .preferred_aead_algorithms(vec![(SymmetricKeyAlgorithm::AES256, AeadAlgorithm::Gcm)].into())
        .subkey(subkey)
        .build()
        .unwrap();
    let secret = params.generate(&mut rng).unwrap();
    let opts = pgp::composed::ArmorOptions::default();
    let psirt_pub = secret.to_public_key().to_armored_string(opts.clone()).unwrap();
    let psirt_sec = secret.to_armored_string(opts).unwrap();
    let seal_opts = SealOptions { pin: Some(fingerprint_of(&psirt_pub)), ..demo() };
    let sealed = seal(&report_with_key(&psirt_pub), psirt_pub.as_bytes(), &seal_opts).unwrap();
    assert!(!sealed.armored.contains("\r\n="), "no CRC24 line for a v6 message");
    let seipd: Vec<_> = PacketParser::new(&dearmored(&sealed.armored)[..])
        .filter_map(|p| match p.unwrap() {
            Packet::SymEncryptedProtectedData(d) => Some(d),
            _ => None,
        })
        .collect();
    assert_eq!(seipd.len(), 1);
    assert!(
        matches!(seipd[0].config(), pgp::packet::SymEncryptedProtectedDataConfig::V2 { aead: AeadAlgorithm::Gcm, .. }),
        "{:?}",
        seipd[0].config()
    );
    assert!(seipd[0].packet_header().packet_length().maybe_len().is_some(), "one fixed length");
    assert!(!rpgp_decrypt(&sealed.armored, &psirt_sec).is_empty());
}
