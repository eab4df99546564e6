//! Brainpool keys: what `gpg --quick-gen-key … brainpoolP256r1` / `brainpoolP384r1`
//! make (ECDSA primary, ECDH subkey) is accepted, sealed to and opened; brainpoolP512r1 is
//! refused with its own code. GnuPG and rnp decrypting what is sealed: tests/js/interop/brainpool.test.mjs.

use psirt_report::seal::{load_recipient_at, open, seal_full, OpenOptions, SealOptions};
use psirt_report::{date, Code, Lang, Profile};
use rand::SeedableRng;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("tests/keys/{name}")).unwrap()
}

fn fingerprint(armored: &str) -> String {
    use pgp::composed::{Deserializable, SignedPublicKey};
    use pgp::types::KeyDetails;
    let (k, _) = SignedPublicKey::from_string(armored).unwrap();
    k.primary_key.fingerprint().as_bytes().iter().map(|b| format!("{b:02X}")).collect()
}

#[test]
fn brainpool_p256_and_p384_seal_and_open_round_trip() {
    let report = std::fs::read_to_string("examples/valid-vulnerability.json").unwrap();
    for bits in [256, 384] {
        let public = fixture(&format!("brainpool-p{bits}.pub.asc"));
        let secret = fixture(&format!("brainpool-p{bits}.sec.asc"));
        let pin = fingerprint(&public);
        let info = load_recipient_at(public.as_bytes(), &pin, "PSIRT", None).unwrap();
        assert_eq!(info.info.algorithm, format!("brainpoolP{bits}r1"), "{bits}");
        let opts = SealOptions {
            profile: Profile::demo(),
            pin: Some(pin.clone()),
            today: date::parse("2026-11-27"),
            now: None,
        };
        for seed in 0..8 {
            let rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let sealed = seal_full(&report, public.as_bytes(), &[], &opts, rng).unwrap();
            let oopts = OpenOptions { profile: Profile::demo(), today: date::parse("2026-11-27"), passphrase: None };
            let opened = open(sealed.armored.as_bytes(), secret.as_bytes(), &oopts).unwrap();
            assert_eq!(opened.report["title"], "Stored XSS in the device management console");
            assert_eq!(opened.recipient, pin);
        }
    }
}

#[test]
fn brainpool_p512_is_refused_with_its_own_code() {
    let public = fixture("brainpool-p512.pub.asc");
    let e = load_recipient_at(public.as_bytes(), &fingerprint(&public), "PSIRT", None).unwrap_err();
    assert_eq!(e.code(), Code::KeyBrainpool512Unsupported);
    assert!(e.message(Lang::Fr).contains("brainpoolP512r1"));
}

#[test]
fn a_forged_brainpool_self_signature_is_not_accepted() {
    // Flip a bit inside the last signature's MPI (the subkey binding): its ECDSA check must fail,
    // so the key has no usable encryption subkey left.
    use base64::Engine;
    let public = fixture("brainpool-p256.pub.asc");
    let body: String = public
        .lines()
        .skip_while(|l| !l.is_empty())
        .skip(1)
        .take_while(|l| !l.starts_with('=') && !l.starts_with("-----"))
        .collect();
    let mut bin = base64::engine::general_purpose::STANDARD.decode(body).unwrap();
    let at = bin.len() - 10;
    bin[at] ^= 0x01;
    let e = load_recipient_at(&bin, &fingerprint(&public), "PSIRT", None).unwrap_err();
    assert!(matches!(e.code(), Code::KeyNoEncryptionKey | Code::KeyEncryptionSubkeyExpired), "{e:?}");
}
