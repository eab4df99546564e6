//! RSA on the platform's big integers (`seal::platform_rsa`, what the JavaScript core does with
//! JavaScript's BigInt): with an exponentiation handed in, loading an RSA key checks its
//! self-signatures through it and sealing encrypts the session key through it, and GnuPG (an
//! independent implementation, with the RSA key it made) decrypts the result to the canonical
//! report. A wrong exponentiation makes every self-signature fail: the key is refused, never
//! accepted unchecked.

use psirt_report::seal::platform_rsa::{self, ModPow};
use psirt_report::seal::{load_recipient, seal, SealOptions};
use psirt_report::{report, Profile};
use std::cell::Cell;
use std::io::Write;
use std::process::{Command, Stdio};

thread_local! {
    static CALLS: Cell<usize> = const { Cell::new(0) };
}

/// The exponentiation, by the `rsa` crate's big integers (not the code under test), counted.
fn counted(base: &[u8], e: &[u8], n: &[u8]) -> Option<Vec<u8>> {
    use rsa::BigUint;
    CALLS.with(|c| c.set(c.get() + 1));
    let r = BigUint::from_bytes_be(base).modpow(&BigUint::from_bytes_be(e), &BigUint::from_bytes_be(n));
    Some(r.to_bytes_be())
}

/// A platform that answers wrongly (one more than the right answer).
fn off_by_one(base: &[u8], e: &[u8], n: &[u8]) -> Option<Vec<u8>> {
    use rsa::BigUint;
    let n = BigUint::from_bytes_be(n);
    let r = BigUint::from_bytes_be(base).modpow(&BigUint::from_bytes_be(e), &n);
    Some(((r + 1u32) % n).to_bytes_be())
}

struct Gpg(tempfile::TempDir);

impl Gpg {
    fn run(&self, args: &[&str], input: Option<&[u8]>) -> Vec<u8> {
        let mut child = Command::new("gpg")
            .arg("--homedir")
            .arg(self.0.path())
            .args(["--batch", "--yes", "--pinentry-mode", "loopback", "--passphrase", ""])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("gpg runs");
        child.stdin.take().unwrap().write_all(input.unwrap_or_default()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "gpg {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    }

    /// An RSA-3072 key made by GnuPG (primary for certification, subkey for encryption): its
    /// armored public key and fingerprint.
    fn rsa_key(&self) -> (String, String) {
        let uid = "Platform RSA test <rsa@psirt-test.example>";
        self.run(&["--quick-gen-key", uid, "rsa3072", "cert,sign", "never"], None);
        let listing = String::from_utf8(self.run(&["--with-colons", "--list-keys", uid], None)).unwrap();
        let fpr = listing.lines().find(|l| l.starts_with("fpr:")).unwrap().split(':').nth(9).unwrap().to_owned();
        self.run(&["--quick-add-key", &fpr, "rsa3072", "encr", "never"], None);
        let public = String::from_utf8(self.run(&["--armor", "--export", &fpr], None)).unwrap();
        (public, fpr)
    }
}

fn gpg() -> Option<Gpg> {
    if Command::new("gpg").arg("--version").output().is_err() {
        assert!(
            std::env::var("PSIRT_REQUIRE_ALL").as_deref() != Ok("1"),
            "PSIRT_REQUIRE_ALL=1 and gpg is not installed"
        );
        eprintln!("SKIPPED: gpg not installed (make test installs it)");
        return None;
    }
    Some(Gpg(tempfile::tempdir().unwrap()))
}

#[test]
fn sealing_through_the_platform_exponentiation_opens_with_gnupg() {
    let Some(g) = gpg() else { return };
    let (public, fpr) = g.rsa_key();
    let text = std::fs::read_to_string("examples/valid-vulnerability.json").unwrap();
    let opts = SealOptions { profile: Profile::demo(), pin: Some(fpr), today: None, now: None };

    let previous = platform_rsa::set_modpow(Some(counted as ModPow));
    let sealed = seal(&text, public.as_bytes(), &opts).expect("sealed");
    platform_rsa::set_modpow(previous);
    // Two self-signatures (the user id's, the subkey's binding) and the session key.
    assert_eq!(CALLS.with(Cell::get), 3, "every RSA operation went through the platform");

    let plain = String::from_utf8(g.run(&["--decrypt"], Some(sealed.armored.as_bytes()))).unwrap();
    let start = plain.find("filename=\"report.json\"").expect("a report.json part");
    let body = &plain[start + plain[start..].find("\r\n\r\n").unwrap() + 4..];
    let b64: String = body[..body.find("\r\n--").unwrap()].split_whitespace().collect();
    use base64::Engine;
    let json = base64::engine::general_purpose::STANDARD.decode(b64).unwrap();
    assert_eq!(String::from_utf8(json).unwrap(), report::canonical_json(&report::parse(&text).unwrap()));
}

#[test]
fn a_wrong_platform_exponentiation_refuses_the_key() {
    let Some(g) = gpg() else { return };
    let (public, fpr) = g.rsa_key();
    // The same key loads with a correct exponentiation…
    platform_rsa::set_modpow(Some(counted as ModPow));
    load_recipient(public.as_bytes(), &fpr, "PSIRT").expect("loads with the right arithmetic");
    // …and not with a wrong one: no self-signature verifies, so no user id and no subkey binding.
    platform_rsa::set_modpow(Some(off_by_one as ModPow));
    let refused = load_recipient(public.as_bytes(), &fpr, "PSIRT");
    platform_rsa::set_modpow(None);
    assert!(refused.is_err(), "a key whose signatures did not verify was accepted");
}
