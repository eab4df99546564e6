//! Recipient policy: each key fixture of `tests/keys/` (made by `tests/keys/generate.sh` with
//! GnuPG and OpenPGP.js) is accepted or refused with its own code, without a panic.

use pgp::composed::{Deserializable, SignedPublicKey};
use pgp::ser::Serialize;
use pgp::types::KeyDetails;
use psirt_report::seal::key::{load_recipient, load_recipient_at, parse_iso8601};
use psirt_report::{Code, Lang};

fn key(name: &str) -> String {
    std::fs::read_to_string(format!("tests/keys/{name}")).unwrap()
}

/// The primary fingerprint of a fixture, read with rpgp directly (the pin a deployer would set).
fn fingerprint(name: &str) -> String {
    let (k, _) = SignedPublicKey::from_string(&key(name)).unwrap();
    k.primary_key.fingerprint().as_bytes().iter().map(|b| format!("{b:02X}")).collect()
}

fn refusal(name: &str, pin: &str) -> Code {
    match load_recipient(key(name).as_bytes(), pin, "test") {
        Ok(r) => panic!("{name} was accepted: {:?}", r.info),
        Err(e) => {
            assert!(!e.message(Lang::En).contains('{'), "{e}");
            assert!(!e.message(Lang::Fr).contains('{'), "{}", e.message(Lang::Fr));
            e.code()
        }
    }
}

#[test]
fn a_valid_key_loads_with_what_the_ui_shows() {
    let fp = fingerprint("valid.pub.asc");
    let r = load_recipient(key("valid.pub.asc").as_bytes(), &fp, "test").unwrap();
    assert_eq!(r.info.fingerprint, fp);
    assert_ne!(r.info.encryption_key, fp, "the Curve25519 subkey, not the primary");
    assert_eq!(r.info.algorithm, "Curve25519");
    assert_eq!(r.info.version, 4);
    assert_eq!(r.info.user_ids, vec!["Test PSIRT valid <valid@psirt-test.example>".to_owned()]);
    assert_eq!(r.info.expires, None);
    assert_eq!(r.info.encryption_key_expires, None);
    let json = serde_json::to_value(&r.info).unwrap();
    for field in [
        "fingerprint",
        "encryptionKey",
        "userIds",
        "algorithm",
        "version",
        "created",
        "expires",
        "encryptionKeyExpires",
    ] {
        assert!(json.get(field).is_some(), "{field} missing in {json}");
    }
}

#[test]
fn third_party_certifications_do_not_break_loading() {
    let fp = fingerprint("third-party-certified.pub.asc");
    let (raw, _) = SignedPublicKey::from_string(&key("third-party-certified.pub.asc")).unwrap();
    assert_eq!(raw.details.users[0].signatures.len(), 2, "fixture carries a third-party certification");
    let r = load_recipient(key("third-party-certified.pub.asc").as_bytes(), &fp, "test").unwrap();
    assert_eq!(r.info.fingerprint, fp);
}

#[test]
fn a_primary_key_that_may_encrypt_is_used() {
    let fp = fingerprint("primary-encrypts.pub.asc");
    let r = load_recipient(key("primary-encrypts.pub.asc").as_bytes(), &fp, "test").unwrap();
    assert_eq!(r.info.encryption_key, fp);
    assert_eq!(r.info.algorithm, "RSA 2048");
}

#[test]
fn a_v6_key_loads() {
    let fp = fingerprint("v6.pub.asc");
    assert_eq!(fp.len(), 64);
    let r = load_recipient(key("v6.pub.asc").as_bytes(), &fp, "test").unwrap();
    assert_eq!(r.info.version, 6);
    assert_eq!(r.info.algorithm, "X25519");
}

#[test]
fn a_brainpool_p256_key_made_by_gnupg_loads() {
    // Accepted through src/seal/brainpool.rs: rpgp 0.21 alone has no brainpool arithmetic.
    let r = load_recipient(key("brainpool.pub.asc").as_bytes(), &fingerprint("brainpool.pub.asc"), "test").unwrap();
    assert_eq!(r.info.algorithm, "brainpoolP256r1");
}

#[test]
fn each_refusal_has_its_own_code() {
    let cases = [
        ("revoked.pub.asc", Code::KeyRevoked),
        ("expired.pub.asc", Code::KeyExpired),
        ("expired-subkey.pub.asc", Code::KeyEncryptionSubkeyExpired),
        ("sign-only.pub.asc", Code::KeyNoEncryptionKey),
        ("many-uids.pub.asc", Code::KeyTooLarge),
        ("many-subkeys.pub.asc", Code::KeyTooLarge),
        ("brainpool-p512.pub.asc", Code::KeyBrainpool512Unsupported),
        ("dsa1024-elgamal.pub.asc", Code::KeyWeakAlgorithm),
    ];
    for (name, code) in cases {
        assert_eq!(refusal(name, &fingerprint(name)), code, "{name}");
    }
    let e = load_recipient(key("many-uids.pub.asc").as_bytes(), &fingerprint("many-uids.pub.asc"), "t").unwrap_err();
    assert!(e.message(Lang::Fr).ends_with("plus de 100 identités."), "{}", e.message(Lang::Fr));
    assert!(e.to_string().ends_with("more than 100 user ids."), "{e}");
    let valid = fingerprint("valid.pub.asc");
    assert_eq!(refusal("bad-self-signature.pub.asc", &valid), Code::KeyBadSelfSignature);
    assert_eq!(refusal("wrong-checksum.pub.asc", &valid), Code::KeyUnreadable);
    assert_eq!(refusal("truncated.pub.asc", &valid), Code::KeyUnreadable);
    assert_eq!(refusal("valid.sec.asc", &valid), Code::KeySecretGiven);
    assert_eq!(refusal("valid.pub.asc", "not a fingerprint"), Code::KeyPinInvalid);
    // Wrong fingerprint: refused even though it is a fine key, and before its validity is judged.
    assert_eq!(refusal("revoked.pub.asc", &valid), Code::KeyFingerprintMismatch);
    assert_eq!(refusal("valid.pub.asc", &fingerprint("revoked.pub.asc")), Code::KeyFingerprintMismatch);
}

#[test]
fn expiry_is_judged_at_the_reference_time() {
    let fp = fingerprint("expired.pub.asc");
    let k = key("expired.pub.asc");
    // 2020-01-01T12:00Z: within its single day of validity.
    let r = load_recipient_at(k.as_bytes(), &fp, "test", parse_iso8601("2020-01-01T12:00:00Z")).unwrap();
    assert_eq!(r.info.expires.as_deref(), Some("2020-01-02T00:00:00Z"));
    let e = load_recipient_at(k.as_bytes(), &fp, "test", parse_iso8601("2020-01-03T00:00:00Z")).unwrap_err();
    assert_eq!(e.code(), Code::KeyExpired);
    assert!(e.message(Lang::Fr).contains("2020-01-02T00:00:00Z"), "{}", e.message(Lang::Fr));

    let fp = fingerprint("expired-subkey.pub.asc");
    let k = key("expired-subkey.pub.asc");
    let r = load_recipient_at(k.as_bytes(), &fp, "test", parse_iso8601("2020-01-01T12:00:00Z")).unwrap();
    assert_eq!(r.info.expires, None);
    assert!(r.info.encryption_key_expires.as_deref().unwrap().starts_with("2020-01-02"));
}

#[test]
fn corrupting_any_byte_of_a_key_never_panics() {
    let fp = fingerprint("third-party-certified.pub.asc");
    let (k, _) = SignedPublicKey::from_string(&key("third-party-certified.pub.asc")).unwrap();
    let mut bytes = Vec::new();
    k.to_writer(&mut bytes).unwrap();
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x41;
        // Whatever happens, it is a value: accepted (a byte in an unhashed area) or a refusal.
        let _ = load_recipient(&b, &fp, "test");
        let _ = load_recipient(&bytes[..i], &fp, "test");
    }
}

#[test]
fn the_newest_valid_encryption_subkey_is_chosen() {
    let name = "three-subkeys.pub.asc";
    let (raw, _) = SignedPublicKey::from_string(&key(name)).unwrap();
    let year = |y: i32| {
        raw.public_subkeys
            .iter()
            .find(|s| {
                let t = time::OffsetDateTime::from_unix_timestamp(i64::from(s.key.created_at().as_secs())).unwrap();
                t.year() == y
            })
            .map(|s| s.key.fingerprint().as_bytes().iter().map(|b| format!("{b:02X}")).collect::<String>())
            .unwrap()
    };
    let fp = fingerprint(name);
    // Now: the 2022 subkey has expired, so the 2021 one (newer than 2020's) is used.
    let r = load_recipient(key(name).as_bytes(), &fp, "test").unwrap();
    assert_eq!(r.info.encryption_key, year(2021));
    assert_eq!(r.info.encryption_key_expires, None);
    // On 2022-01-01 at noon the 2022 subkey was valid and the newest.
    let r = load_recipient_at(key(name).as_bytes(), &fp, "test", parse_iso8601("2022-01-01T12:00:00Z")).unwrap();
    assert_eq!(r.info.encryption_key, year(2022));
    assert!(r.info.encryption_key_expires.is_some());
    // In mid-2020, only the first existed.
    let r = load_recipient_at(key(name).as_bytes(), &fp, "test", parse_iso8601("2020-06-01T00:00:00Z")).unwrap();
    assert_eq!(r.info.encryption_key, year(2020));
}

// --- the five key-policy defects a security review found ---------------------------------------

fn at(name: &str, when: &str) -> Result<psirt_report::seal::key::Recipient, Code> {
    let fp = fingerprint(name);
    load_recipient_at(key(name).as_bytes(), &fp, "test", parse_iso8601(when)).map_err(|e| e.code())
}

/// A key-compromise revocation made in 2024 refuses the key even when judged at 2022: the key
/// was unsafe before it was revoked. A "superseded" revocation counts only from its date.
#[test]
fn policy_hard_revocation_counts_whatever_its_date() {
    assert_eq!(at("hard-revoked-later.pub.asc", "2022-01-01T00:00:00Z").unwrap_err(), Code::KeyRevoked);
    assert!(at("soft-revoked-later.pub.asc", "2022-01-01T00:00:00Z").is_ok());
    assert_eq!(at("soft-revoked-later.pub.asc", "2025-01-01T00:00:00Z").unwrap_err(), Code::KeyRevoked);
}

/// A revocation issued by the revoker a self-signature designates refuses the key.
#[test]
fn policy_designated_revoker_revocation_counts() {
    assert_eq!(at("designated-revoked.pub.asc", "2022-01-01T00:00:00Z").unwrap_err(), Code::KeyRevoked);
    // Without that revocation packet (stripped), the same key is fine: the refusal is the revocation's.
    let (mut k, _) = SignedPublicKey::from_string(&key("designated-revoked.pub.asc")).unwrap();
    assert_eq!(k.details.revocation_signatures.len(), 1);
    k.details.revocation_signatures.clear();
    let bytes = k.to_bytes().unwrap();
    let fp = fingerprint("designated-revoked.pub.asc");
    assert!(load_recipient_at(&bytes, &fp, "test", parse_iso8601("2022-01-01T00:00:00Z")).is_ok());
}

/// A subkey binding whose own signature expiration time has passed no longer binds the subkey.
#[test]
fn policy_binding_signature_expiry_is_honoured() {
    use pgp::composed::SignedSecretKey;
    use pgp::packet::{Subpacket, SubpacketData};
    use pgp::types::{Duration, Password};
    let (sec, _) = SignedSecretKey::from_string(&key("valid.sec.asc")).unwrap();
    let (mut public, _) = SignedPublicKey::from_string(&key("valid.pub.asc")).unwrap();
    let old = public.public_subkeys[0].signatures[0].clone();
    let created = old.created().unwrap().as_secs();
    let mut config = old.config().unwrap().clone();
    config
        .hashed_subpackets
        .push(Subpacket::regular(SubpacketData::SignatureExpirationTime(Duration::from_secs(86_400))).unwrap());
    let sig = config
        .sign_subkey_binding(
            &sec.primary_key,
            sec.primary_key.public_key(),
            &Password::empty(),
            &public.public_subkeys[0].key,
        )
        .unwrap();
    public.public_subkeys[0].signatures = vec![sig];
    let bytes = public.to_bytes().unwrap();
    let fp = fingerprint("valid.pub.asc");
    let iso = |t: u64| psirt_report::seal::key::iso8601(t);
    let within = load_recipient_at(&bytes, &fp, "test", parse_iso8601(&iso(u64::from(created) + 3600))).unwrap();
    assert_ne!(within.info.encryption_key, fp);
    let after = load_recipient_at(&bytes, &fp, "test", parse_iso8601(&iso(u64::from(created) + 2 * 86_400)));
    assert_eq!(after.unwrap_err().code(), Code::KeyEncryptionSubkeyExpired);
}

/// Only user ids bound by a valid, unrevoked self-signature are listed: a revoked one and one
/// appended without a valid signature (what anyone relaying the key can do) are not.
#[test]
fn policy_only_validly_bound_user_ids_are_listed() {
    let r = at("revoked-uid.pub.asc", "2022-01-01T00:00:00Z").unwrap();
    assert_eq!(r.info.user_ids, vec!["Test PSIRT uids <uids@psirt-test.example>".to_owned()]);
    // Before its revocation (2021), the second user id was valid and is listed.
    assert_eq!(at("revoked-uid.pub.asc", "2020-06-01T00:00:00Z").unwrap().info.user_ids.len(), 2);
    // A forged user id: bad-self-signature.pub.asc is valid.pub.asc with its user id altered
    // after signing; append that user id (and its now-invalid signature) to the valid key.
    let (mut k, _) = SignedPublicKey::from_string(&key("valid.pub.asc")).unwrap();
    let (forged, _) = SignedPublicKey::from_string(&key("bad-self-signature.pub.asc")).unwrap();
    assert_eq!(k.primary_key.fingerprint(), forged.primary_key.fingerprint());
    let mut fake = forged.details.users[0].clone();
    fake.id = pgp::packet::UserId::from_str(Default::default(), "Thales PSIRT <psirt@thalesgroup.com>").unwrap();
    k.details.users.push(fake);
    k.details.users.push(forged.details.users[0].clone());
    let fp = fingerprint("valid.pub.asc");
    let r = load_recipient(&k.to_bytes().unwrap(), &fp, "test").unwrap();
    assert_eq!(r.info.user_ids, vec!["Test PSIRT valid <valid@psirt-test.example>".to_owned()]);
}

/// SHA-1 self-signatures are accepted before the 2023-02-01 cut-off, refused after it.
#[test]
fn policy_sha1_self_signatures_have_a_cut_off() {
    assert!(at("sha1-2020.pub.asc", "2022-01-01T00:00:00Z").is_ok());
    assert_eq!(at("sha1-2024.pub.asc", "2025-01-01T00:00:00Z").unwrap_err(), Code::KeyBadSelfSignature);
}

/// Hostile input: junk before an armored key used to switch the CRC24 check off
/// (the key was then parsed as "binary", where rpgp finds the armor itself and ignores the sum).
#[test]
fn junk_around_an_armored_key_keeps_the_checksum_check() {
    let fp = fingerprint("valid.pub.asc");
    let wrapped = format!("pasted from a mail:\n\n{}\n-- \nsignature\n", key("valid.pub.asc"));
    assert!(load_recipient(wrapped.as_bytes(), &fp, "test").is_ok());
    let damaged = format!("pasted from a mail:\n\n{}", key("wrong-checksum.pub.asc"));
    assert_eq!(load_recipient(damaged.as_bytes(), &fp, "test").unwrap_err().code(), Code::KeyUnreadable);
}
